// The entry of every pool worker (worker_threads in Node, a module Web Worker in browsers),
// built to dist/threads-worker.js. It loads the same package entry as the caller, so every
// backend the caller can select (cpu, wasm) is registered here too, then runs kernel calls
// posted by the pool on shared memory and reports through the pool's control words.
import { getBackend, kernels, setBackend } from '../kernels/registry.js';
import type { WorkerInit } from './env.js';
import { claimChunks, CONTROL, reportFailure, waitUntilOpen, WORKER_EXITED, WORKER_READY } from './control.js';
import { decodeArguments, runKernel, type KernelTask } from './tasks.js';

// Read by pool.ts: a worker never starts a pool of its own.
(globalThis as Record<symbol, unknown>)[Symbol.for('dl.threads.inWorker')] = true;

interface Port {
  onMessage(listener: (message: unknown) => void): void;
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
  on(event: 'exit', listener: (code: number) => void): void;
}

const nodeProcess = (globalThis as { process?: NodeProcess }).process;
const nodePort = (nodeProcess?.getBuiltinModule?.('node:worker_threads') as { parentPort?: { on(event: 'message', listener: (message: unknown) => void): void } } | undefined)?.parentPort;

const port: Port = nodePort
  ? { onMessage: (listener) => { nodePort.on('message', listener); } }
  : { onMessage: (listener) => { (globalThis as unknown as { addEventListener(type: 'message', l: (event: { data: unknown }) => void): void }).addEventListener('message', (event) => { listener(event.data); }); } };

let init: WorkerInit | undefined;
/** The package entry, loaded once: it registers every backend the caller can select. */
let library: Promise<object> | undefined;

function control(): Int32Array {
  if (!init) throw new Error('threads: worker used before init');
  return new Int32Array(init.control);
}

/** Marks this worker dead and wakes the caller, whatever the reason it is going away. */
function die(reason: string): void {
  if (!init) return;
  const words = control();
  // A worker that never got ready stays STARTING, so the pool can tell a script that fails to load.
  Atomics.compareExchange(words, CONTROL.state + init.slot, WORKER_READY, WORKER_EXITED);
  reportFailure(words, new Uint8Array(init.errorText), init.slot, reason);
}

nodeProcess?.on('exit', (code) => { die(`worker ${init?.slot ?? -1} exited with code ${code}`); });

async function start(message: WorkerInit): Promise<void> {
  init = message;
  const loading: Promise<object> = import('../index.js');
  library = loading;
  const ready: unknown = Reflect.get(await loading, 'ready');
  // A backend with asynchronous setup (wasm) exposes ready(); wait for it before saying ready.
  if (typeof ready === 'function') await (ready as () => Promise<unknown>)();
  Atomics.store(control(), CONTROL.state + message.slot, WORKER_READY);
  Atomics.notify(control(), CONTROL.state + message.slot);
}

async function run(task: KernelTask & { type: 'chunks' }, { errorText, slot }: WorkerInit): Promise<void> {
  const words = control();
  await library;
  if (getBackend() !== task.backend) setBackend(task.backend);
  const table = kernels();
  waitUntilOpen(words, task.generation);
  claimChunks(words, task.generation, task.chunks.length, (index) => {
    for (const call of task.chunks[index]) {
      // Test hooks (pool.test.ts): a worker that exits as a crash would, or hangs forever.
      if ((call.kernel as string) === 'exit') (globalThis as { process?: { exit(code: number): never } }).process?.exit(7);
      if ((call.kernel as string) === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      runKernel(table, call.kernel, decodeArguments(call));
    }
  }, (error) => {
    reportFailure(words, new Uint8Array(errorText), slot, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  });
}

port.onMessage((message) => {
  const typed = message as { type?: string };
  if (typed.type === 'init') void start(message as WorkerInit);
  else if (typed.type === 'chunks' && init) void run(message as KernelTask & { type: 'chunks' }, init);
});
