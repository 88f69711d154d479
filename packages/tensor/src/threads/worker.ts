// The entry of every pool worker (worker_threads in Node, a module Web Worker in browsers),
// built to dist/threads-worker.js. It loads the same package entry as the caller, so every
// backend the caller can select (cpu, wasm) is registered here too, then runs kernel calls
// posted by the pool on shared memory and reports through the pool's control words.
// NOTE: only control.js and mailbox.js (which import nothing) are imported statically: the
// wasm runtime must not evaluate before `start` has set the calling thread's memory for it to import.
import type { WorkerInit } from './env.js';
import { claimChunks, CONTROL, reportFailure, SPINS_PER_CLOCK, waitUntilOpen, WORKER_EXITED, WORKER_READY } from './control.js';
import { ASLEEP, HANDED, handOffWord, LISTENING, openMailbox, readMail, type Mailbox } from './mailbox.js';
import type * as Registry from '../kernels/registry.js';
import type * as Tasks from './tasks.js';
import type { KernelTask } from './tasks.js';

// Read by pool.ts: a worker never starts a pool of its own.
(globalThis as Record<symbol, unknown>)[Symbol.for('dl.threads.inWorker')] = true;

interface Port {
  onMessage(listener: (message: unknown) => void): void;
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
  on(event: 'exit', listener: (code: number) => void): void;
}

interface NodeWorkerThreads {
  parentPort?: { on(event: 'message', listener: (message: unknown) => void): void };
  receiveMessageOnPort?: (port: object) => { message: unknown } | undefined;
}

const nodeProcess = (globalThis as { process?: NodeProcess }).process;
const workerThreads = nodeProcess?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
const nodePort = workerThreads?.parentPort;

const port: Port = nodePort
  ? { onMessage: (listener) => { nodePort.on('message', listener); } }
  : { onMessage: (listener) => { (globalThis as unknown as { addEventListener(type: 'message', l: (event: { data: unknown }) => void): void }).addEventListener('message', (event) => { listener(event.data); }); } };

let init: WorkerInit | undefined;

/** What a worker runs chunks with, loaded once after init. */
interface Library {
  readonly registry: typeof Registry;
  readonly tasks: typeof Tasks;
}
/** The package entry and the modules `run` calls, loaded once: the entry registers every backend the caller can select. */
let library: Promise<Library> | undefined;

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
  // Read by kernels/wasm/runtime.ts when it evaluates: instantiate over the caller's memory, with scratch in this worker's block.
  if (message.linearMemory) (globalThis as Record<symbol, unknown>)[Symbol.for('dl.wasm.importedMemory')] = message.linearMemory;
  const entry: Promise<object> = import('../index.js');
  const loading = entry.then(async () => ({ registry: await import('../kernels/registry.js'), tasks: await import('./tasks.js') }));
  library = loading;
  const ready: unknown = Reflect.get(await entry, 'ready');
  // A backend with asynchronous setup (wasm) exposes ready(); wait for it before saying ready.
  if (typeof ready === 'function') await (ready as () => Promise<unknown>)();
  await loading;
  Atomics.store(control(), CONTROL.state + message.slot, WORKER_READY);
  Atomics.notify(control(), CONTROL.state + message.slot);
}

/** The loaded library, once `library` has resolved (then tasks run without a microtask hop). */
let loaded: Library | undefined;

/**
 * How long a worker stays awake after a task, listening for the next, before it goes back to its
 * event loop. Waking a sleeping worker (event loop or futex) costs 50-150 µs on the 2-vCPU VM,
 * as much as a tenth of a split 512 matmul, and a training step's split ops come a fraction of
 * a millisecond apart; OpenMP runtimes spin between parallel regions for the same reason.
 */
const LINGER_MS = 1;

let mailbox: Mailbox | undefined;

async function run(task: KernelTask & { type: 'chunks' }, init: WorkerInit): Promise<void> {
  if (!library) throw new Error('threads: worker ran a task before init');
  loaded ??= await library;
  runNow(task, init, loaded);
  linger(init, loaded);
}

/**
 * Takes the ops that come within LINGER_MS of the last one: handed through the mailbox (the
 * caller writes the op and flips this worker's word while it listens), or, for ops posted as
 * messages, straight from the port (Node's receiveMessageOnPort).
 */
function linger(init: WorkerInit, lib: Library): void {
  const receive = workerThreads?.receiveMessageOnPort;
  const words = control();
  const box = (mailbox ??= openMailbox(init.mailbox));
  const word = handOffWord(init.slot);
  let seen = Atomics.load(words, CONTROL.next);
  let until = performance.now() + LINGER_MS;
  Atomics.store(box.words, word, LISTENING);
  for (let spins = 1; ; spins++) {
    let task: (KernelTask & { type: 'chunks' }) | undefined;
    if (Atomics.load(box.words, word) === HANDED) {
      task = JSON.parse(readMail(box)) as KernelTask & { type: 'chunks' };
      Atomics.store(box.words, word, LISTENING);
    } else if (spins % SPINS_PER_CLOCK === 0 && performance.now() >= until) {
      // Stop listening unless an op was handed meanwhile (then the next trip takes it).
      if (Atomics.compareExchange(box.words, word, LISTENING, ASLEEP) === LISTENING) return;
    } else if (receive && nodePort && Atomics.load(words, CONTROL.next) !== seen) {
      // The caller sets `next` for a new op just before posting it: poll the port only then, so
      // the spin reads shared words instead of taking the port's lock.
      const received = receive(nodePort);
      const message = received?.message as { type?: string } | undefined;
      if (message?.type === 'chunks') task = message as KernelTask & { type: 'chunks' };
      else if (message) handle(message);
    }
    if (!task) continue;
    runNow(task, init, lib);
    seen = Atomics.load(words, CONTROL.next);
    until = performance.now() + LINGER_MS;
  }
}

function runNow(task: KernelTask & { type: 'chunks' }, { errorText, slot }: WorkerInit, { registry, tasks }: Library): void {
  const words = control();
  if (registry.getBackend() !== task.backend) registry.setBackend(task.backend);
  const table = registry.kernels();
  waitUntilOpen(words, task.generation);
  claimChunks(words, task.generation, task.chunks.length, (index) => {
    for (const call of task.chunks[index]) {
      // Test hooks (pool.test.ts): a worker that exits as a crash would, or hangs forever.
      if ((call.kernel as string) === 'exit') (globalThis as { process?: { exit(code: number): never } }).process?.exit(7);
      if ((call.kernel as string) === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      tasks.runKernel(table, call.kernel, tasks.decodeArguments(call));
    }
  }, (error) => {
    reportFailure(words, new Uint8Array(errorText), slot, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  });
}

function handle(message: unknown): void {
  const typed = message as { type?: string };
  if (typed.type === 'init') void start(message as WorkerInit);
  else if (typed.type === 'chunks' && init) void run(message as KernelTask & { type: 'chunks' }, init);
}

port.onMessage(handle);
