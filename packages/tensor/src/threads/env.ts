import type { WorkerMemory } from '../kernels/wasm/worker-memory.js';

// The environment adapter of the thread pool: how to start a worker, how many cores there are,
// and whether this thread may block. Node's built-ins are reached through
// `process.getBuiltinModule` (Node >= 20.16), never through an import, so the main entry
// bundles for browsers (esbuild --platform=browser sees no `node:` import) and loads no
// worker_threads until the first large op.

/**
 * The first message a worker gets: its slot, the pool's shared control memory and, where the
 * calling thread's wasm linear memory is shared, that memory and the worker's block of it.
 */
export interface WorkerInit {
  readonly type: 'init';
  readonly slot: number;
  readonly control: SharedArrayBuffer;
  readonly errorText: SharedArrayBuffer;
  /** Ops handed to the worker while it lingers (mailbox.ts). */
  readonly mailbox: SharedArrayBuffer;
  readonly linearMemory?: WorkerMemory;
}

/** A started worker, as the pool sees it in either environment. */
export interface WorkerHandle {
  post(message: unknown): void;
  terminate(): void;
}

/** What the pool needs from its host. */
export interface ThreadEnvironment {
  readonly name: 'node' | 'browser';
  /** Logical cores (`os.availableParallelism()`, `navigator.hardwareConcurrency`). */
  readonly cores: number;
  /** Starts a worker; `onGone` fires once when it errs or exits. */
  spawn(init: WorkerInit, onGone: (reason: string) => void): WorkerHandle;
}

interface NodeWorker {
  postMessage(message: unknown): void;
  terminate(): Promise<number>;
  unref(): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
}

interface NodeBuiltins {
  Worker: new (script: string | URL, options: Record<string, unknown>) => NodeWorker;
  availableParallelism: () => number;
}

interface BrowserWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

type BrowserWorkerConstructor = new (url: URL, options: { type: 'module' }) => BrowserWorker;

function nodeBuiltins(): NodeBuiltins | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof process?.getBuiltinModule !== 'function') return undefined;
  const threads = process.getBuiltinModule('node:worker_threads') as { Worker: NodeBuiltins['Worker'] } | undefined;
  const os = process.getBuiltinModule('node:os') as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  if (!threads || !os) return undefined;
  return { Worker: threads.Worker, availableParallelism: () => os.availableParallelism?.() ?? os.cpus().length };
}

/**
 * The worker script to run in Node. The published build ships `dist/threads-worker.js` beside
 * the chunk holding this code. Inside the repository the sources run directly (vitest, tsx):
 * there the worker is `worker.ts`, loaded through tsx's loader, which the workspace installs.
 */
function nodeWorkerScript(): { script: string | URL; evaluate: boolean } {
  // NOTE: the base is a variable so that bundlers do not take these Node-only paths for assets
  // (Vite would copy worker.ts into a browser build); the browser's worker is in browserEnvironment.
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { script: new URL('./threads-worker.js', here), evaluate: false };
  const entry = new URL('./worker.ts', here).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return { script: bootstrap, evaluate: true };
}

function nodeEnvironment(builtins: NodeBuiltins): ThreadEnvironment {
  return {
    name: 'node',
    cores: builtins.availableParallelism(),
    spawn(init, onGone) {
      const { script, evaluate } = nodeWorkerScript();
      // execArgv [] drops the parent's flags (vitest's, --inspect): a worker only runs kernels.
      const worker = new builtins.Worker(script, { eval: evaluate, execArgv: [], name: `dl-threads-${init.slot}` });
      // Workers never keep the process alive: the caller waits synchronously while they work.
      worker.unref();
      let gone = false;
      const report = (reason: string): void => {
        if (!gone) onGone(reason);
        gone = true;
      };
      worker.on('error', (error) => { report(String(error)); });
      worker.on('exit', (code) => { report(`exited with code ${code}`); });
      worker.postMessage(init);
      return { post: (message) => { worker.postMessage(message); }, terminate: () => { void worker.terminate(); } };
    },
  };
}

function browserEnvironment(Worker: BrowserWorkerConstructor, cores: number): ThreadEnvironment {
  return {
    name: 'browser',
    cores,
    spawn(init, onGone) {
      // This exact `new Worker(new URL(..., import.meta.url), { type: 'module' })` form is what
      // Vite, webpack 5 and Parcel recognize to bundle the worker script.
      const worker = new Worker(new URL('./threads-worker.js', import.meta.url), { type: 'module' });
      worker.addEventListener('error', (event) => { onGone(event.message ?? 'worker script failed to load'); });
      worker.postMessage(init);
      return { post: (message) => { worker.postMessage(message); }, terminate: () => { worker.terminate(); } };
    },
  };
}

/** True when this thread may block in `Atomics.wait` (not a browser's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The host's thread support, or the reason the pool must stay at one thread.
 * @internal
 */
export function detectEnvironment(): ThreadEnvironment | { unavailable: string } {
  if (typeof SharedArrayBuffer === 'undefined' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return { unavailable: 'SharedArrayBuffer is unavailable (a browser page must be cross-origin isolated: COOP same-origin + COEP require-corp)' };
  }
  if (!canBlock()) {
    return { unavailable: "this thread cannot block in Atomics.wait (a browser's main thread); run the model in a Web Worker to use threads" };
  }
  const builtins = nodeBuiltins();
  if (builtins) return nodeEnvironment(builtins);
  const scope = globalThis as { Worker?: BrowserWorkerConstructor; navigator?: { hardwareConcurrency?: number } };
  if (scope.Worker) return browserEnvironment(scope.Worker, scope.navigator?.hardwareConcurrency ?? 1);
  return { unavailable: 'no worker API (worker_threads or Web Workers) in this environment' };
}

/** @internal The default thread count: the host's logical cores, or 1 without thread support. */
export function defaultThreadCount(): number {
  const builtins = nodeBuiltins();
  if (builtins) return Math.max(1, builtins.availableParallelism());
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, cores ?? 1);
}
