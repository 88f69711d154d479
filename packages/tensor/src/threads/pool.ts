import { ArgumentError, WorkerError } from '../errors.js';
import { shared } from '../global-state.js';
import { sharedMemoryObject } from '../kernels/wasm/runtime.js';
import { allocateWorkerMemory, freeWorkerMemory, type WorkerMemory } from '../kernels/wasm/worker-memory.js';
import { releaseArena } from './arena.js';
import { claimChunks, CONTROL, ERROR_TEXT_BYTES, takeFailure, waitForChange, WORKER_DEAD, WORKER_READY, WORKER_STARTING } from './control.js';
import { defaultThreadCount, detectEnvironment, type ThreadEnvironment, type WorkerHandle } from './env.js';
import { handOff, listening, mailboxBuffer, openMailbox, writeMail, type Mailbox } from './mailbox.js';
import { jsonSafe, type KernelTask } from './tasks.js';

// A pool of worker threads behind a synchronous API. An op is cut into chunks; the calling
// thread posts the list to every ready worker, and then it and the workers claim chunks one by
// one from a shared counter (so a descheduled worker costs nothing but its chunk) and count
// them done; the caller blocks in Atomics.wait on that count. The caller posts an op first and
// stages its inputs after, while the workers wake up; workers claim only once it opens the op. Workers start lazily (on the first large op, on setNumThreads, or on
// threadsReady()) and join only once they have said they are ready, so an op never waits for a
// worker to load: until then ops run on the calling thread.

/** How long the caller blocks per Atomics.wait before checking on failed workers. */
const WAIT_SLICE_MS = 50;
/**
 * A worker that has not finished this long after the caller finished its own equal share is
 * taken as hung: ten times the caller's share time, and never less than this.
 */
const MIN_STALL_MS = 10_000;

interface Pool {
  readonly size: number;
  readonly words: Int32Array;
  readonly errorText: Uint8Array;
  readonly mailbox: Mailbox;
  readonly workers: WorkerHandle[];
  /** Each worker's block of the calling thread's linear memory (none where workers keep their own). */
  readonly blocks: WorkerMemory[];
  /** Set by a worker's error/exit event (delivered whenever the caller's event loop runs). */
  broken: string | undefined;
  /** Resolves once every worker is ready or gone, after `watch()` starts checking. */
  readonly ready: Promise<void>;
  watch: () => void;
}

// One pool per process, even when two copies of @dl/tensor are loaded (src/global-state.ts):
// a second pool would double the workers and split setNumThreads.
const state = shared('threads', () => ({
  requested: undefined as number | undefined,
  pool: undefined as Pool | undefined,
  noticed: false,
  environment: undefined as ThreadEnvironment | { unavailable: string } | undefined,
  /** Test hook: the stall limit, when set, replaces the adaptive one. */
  stallLimitOverride: undefined as number | undefined,
  /** Tags an op's chunks, so a worker that wakes late never runs a finished op's chunks. */
  generation: 0,
}));

function inWorker(): boolean {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('dl.threads.inWorker')] === true;
}

function hostEnvironment(): ThreadEnvironment | { unavailable: string } {
  state.environment ??= detectEnvironment();
  return state.environment;
}

/** Says once why ops stay on one thread. */
function notice(reason: string): void {
  if (state.noticed) return;
  state.noticed = true;
  // eslint-disable-next-line no-console -- a one-time notice (the issue asks for one) that threads fell back to 1; never an error
  console.warn(`@dl/tensor: using 1 thread: ${reason}`);
}

/**
 * Sets how many threads large ops use (the calling thread plus n - 1 workers); 1 turns the pool
 * off. Workers start in the background; `threadsReady()` waits for them.
 * @example
 * setNumThreads(4); await threadsReady();
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`setNumThreads: expected a positive integer, got ${n}`);
  state.requested = n;
  if (n === 1) releaseArena();
  // Fewer threads reuse the running (warmed-up) workers; more need a bigger pool.
  if (state.pool && state.pool.size < n - 1) shutdown();
  if (n > 1) startPool();
}

/**
 * The number of threads large ops use: what `setNumThreads` set, by default the host's logical
 * cores (`os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers).
 * @example
 * getNumThreads() // 2 on a 2-core machine
 */
export function getNumThreads(): number {
  state.requested ??= inWorker() ? 1 : defaultThreadCount();
  return state.requested;
}

/**
 * Starts the workers if they are not running and resolves, once they are ready, to the number
 * of threads large ops will use (1 where threads are unavailable: see the README).
 * @example
 * setNumThreads(2); await threadsReady(); // 2
 */
export async function threadsReady(): Promise<number> {
  const started = getNumThreads() > 1 ? startPool() : undefined;
  if (!started) return 1;
  started.watch();
  await started.ready;
  return Math.min(readyWorkers(started).length, getNumThreads() - 1) + 1;
}

/**
 * Terminates the workers; the pool restarts lazily on the next large op. Their blocks of linear
 * memory go back to the heap unless a worker failed or hung (`reclaim` false): one still running
 * until terminated might write into memory handed out again, so those few MB stay allocated.
 * @internal
 */
export function shutdown(reclaim = true): void {
  const old = state.pool;
  state.pool = undefined;
  releaseArena();
  if (!old) return;
  for (const worker of old.workers) worker.terminate();
  if (reclaim) for (const block of old.blocks) if (block.memory === sharedMemoryObject()) freeWorkerMemory(block);
}

/** @internal Test hook: replace the adaptive stall limit (undefined restores it). */
export function setStallLimit(ms: number | undefined): void {
  state.stallLimitOverride = ms;
}

function startPool(): Pool | undefined {
  if (state.pool) return state.pool;
  const size = getNumThreads() - 1;
  if (size < 1 || inWorker()) return undefined;
  const host = hostEnvironment();
  if ('unavailable' in host) {
    notice(host.unavailable);
    return undefined;
  }
  const control = new SharedArrayBuffer((CONTROL.state + size) * 4);
  const errorText = new SharedArrayBuffer(ERROR_TEXT_BYTES);
  const mailbox = mailboxBuffer(size);
  const words = new Int32Array(control);
  // Workers wait for an op until `open` reaches its generation, which goes on across pools.
  Atomics.store(words, CONTROL.open, state.generation);
  const workers: WorkerHandle[] = [];
  const blocks = workerBlocks(size);
  let settle = (): void => undefined;
  const ready = new Promise<void>((resolve) => { settle = resolve; });
  const current: Pool = { size, words, errorText: new Uint8Array(errorText), mailbox: openMailbox(mailbox), workers, blocks, broken: undefined, ready, watch: () => undefined };
  const check = (): void => {
    const states = Array.from({ length: size }, (_, slot) => Atomics.load(words, CONTROL.state + slot));
    if (states.every((state) => state !== WORKER_STARTING) || current.broken !== undefined) settle();
  };
  for (let slot = 0; slot < size; slot++) {
    const linearMemory = blocks[slot] as WorkerMemory | undefined;
    workers.push(host.spawn({ type: 'init', slot, control, errorText, mailbox, linearMemory }, (reason) => {
      // A worker that dies before it was ever ready will not load next time either (a bundle
      // without dist/threads-worker.js, a blocked script): stay on one thread, say so once.
      if (Atomics.exchange(words, CONTROL.state + slot, WORKER_DEAD) === WORKER_STARTING && state.pool === current) {
        state.environment = { unavailable: `the worker script failed to load (${reason})` };
        notice(state.environment.unavailable);
      }
      current.broken = `worker ${slot + 1} of ${size}: ${reason}`;
      check();
    }));
  }
  // Readiness is a shared word, so synchronous code sees workers join without yielding; this
  // poll only serves threadsReady(), which keeps the process alive until every worker has answered.
  let poll: ReturnType<typeof setInterval> | undefined;
  current.watch = () => {
    poll ??= setInterval(check, 5);
    check();
  };
  void ready.then(() => { if (poll !== undefined) clearInterval(poll); });
  state.pool = current;
  return current;
}

/** A block of linear memory for each of `size` workers, or none at all (the heap is full, or the memory is not shared). */
function workerBlocks(size: number): WorkerMemory[] {
  const blocks: WorkerMemory[] = [];
  for (let slot = 0; slot < size; slot++) {
    const block = allocateWorkerMemory();
    if (!block) {
      for (const taken of blocks) freeWorkerMemory(taken);
      return [];
    }
    blocks.push(block);
  }
  return blocks;
}

/**
 * @internal True when the running pool's workers run over this thread's linear memory, so
 * resident storage reaches them by address and staging goes to the heap.
 */
export function workersShareMemory(): boolean {
  // The pool is process-wide: with two copies of the package loaded, only the copy whose memory
  // the workers imported may post addresses into it.
  const memory = state.pool?.blocks[0]?.memory;
  return memory !== undefined && memory === sharedMemoryObject();
}

function readyWorkers(p: Pool): number[] {
  const slots: number[] = [];
  for (let slot = 0; slot < p.size; slot++) if (Atomics.load(p.words, CONTROL.state + slot) === WORKER_READY) slots.push(slot);
  return slots;
}

/**
 * @internal How many workers can take a share of a large op right now (0: run on this thread).
 * Starts the pool on first use; never waits for it.
 */
export function availableWorkers(): number {
  if (getNumThreads() < 2) return 0;
  const current = startPool();
  if (!current) return 0;
  if (current.broken !== undefined) {
    // A worker died between ops: start afresh (lazily, in the background).
    shutdown(false);
    startPool();
    return 0;
  }
  return Math.min(readyWorkers(current).length, getNumThreads() - 1);
}

/**
 * @internal Runs the chunks of an op on this thread (`runHere(index)`, unless undefined) and on
 * every ready worker, and returns when all are done. This thread takes chunk 0 before the
 * workers may claim (so chunk 0 needs no worker call: an empty list), posts the op, runs
 * `stage` (copies into the workers' inputs) while they wake, then opens the op; from then on
 * every thread claims the next unclaimed chunk until none is left. A failed worker surfaces as
 * a WorkerError naming `op`, never as a hang.
 */
export function runChunks(op: string, task: Omit<KernelTask, 'generation'>, runHere: ((index: number) => void) | undefined, stage?: () => void): void {
  const current = state.pool;
  const slots = current ? readyWorkers(current).slice(0, getNumThreads() - 1) : [];
  if (!current || slots.length === 0) throw new WorkerError(`${op}: no worker is ready`);
  const { words } = current;
  const count = task.chunks.length;
  state.generation = (state.generation + 1) & 0xffff;
  const generation = state.generation;
  const first = runHere && count > 0 ? 1 : 0;
  Atomics.store(words, CONTROL.done, 0);
  Atomics.store(words, CONTROL.next, (generation << 16) | first);
  const message = { ...task, generation, type: 'chunks' };
  // Workers lingering after their last task take the op from shared memory; the rest by message.
  // The text is written only when some worker listens (ops far apart are all posted).
  const mailed = slots.some((slot) => listening(current.mailbox, slot)) && jsonSafe(task) && writeMail(current.mailbox, JSON.stringify(message));
  for (const slot of slots) if (!(mailed && handOff(current.mailbox, slot))) current.workers[slot].post(message);
  try {
    stage?.();
  } catch (error) {
    // Nothing was claimed yet: leave no chunk to claim, let the workers go, and fail.
    Atomics.store(words, CONTROL.next, (generation << 16) | count);
    open(words, generation);
    throw error;
  }
  open(words, generation);
  const started = performance.now();
  let ownError: { error: unknown } | undefined;
  const failHere = (error: unknown): void => { ownError ??= { error }; };
  if (runHere && first === 1) {
    try {
      runHere(0);
    } catch (error) {
      failHere(error);
    }
    Atomics.add(words, CONTROL.done, 1);
    claimChunks(words, generation, count, runHere, failHere);
  }
  // Even when a chunk threw here, workers may still be writing into the op's memory: wait.
  waitForWorkers(op, current, count, state.stallLimitOverride ?? Math.max(MIN_STALL_MS, 10 * (performance.now() - started)));
  if (ownError) throw ownError.error as Error;
}

/** Lets the workers claim chunks of op `generation`. */
function open(words: Int32Array, generation: number): void {
  Atomics.store(words, CONTROL.open, generation);
  Atomics.notify(words, CONTROL.open);
}

/** Blocks until all `count` chunks are done; throws a WorkerError for a failed or hung worker. */
function waitForWorkers(op: string, current: Pool, count: number, stallLimit: number): void {
  const { words } = current;
  let waited = 0;
  for (;;) {
    const done = Atomics.load(words, CONTROL.done);
    if (done >= count) break;
    const failed = Atomics.load(words, CONTROL.failed);
    if (failed !== 0 && Atomics.load(words, CONTROL.state + failed - 1) >= WORKER_DEAD) break;
    if (!waitForChange(words, CONTROL.done, done, WAIT_SLICE_MS)) {
      waited += WAIT_SLICE_MS;
      if (waited >= stallLimit) {
        shutdown(false);
        throw new WorkerError(`${op}: a worker did not finish within ${Math.round(stallLimit)} ms; the pool was restarted`);
      }
    } else {
      waited = 0;
    }
  }
  if (Atomics.load(words, CONTROL.failed) !== 0) {
    const dead = Atomics.load(words, CONTROL.state + Atomics.load(words, CONTROL.failed) - 1) >= WORKER_DEAD;
    const message = takeFailure(words, current.errorText);
    // Dead workers may leave others mid-task on memory this op owns: restart the whole pool.
    if (dead) shutdown(false);
    throw new WorkerError(`${op}: a worker failed: ${message}`);
  }
}
