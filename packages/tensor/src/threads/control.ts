// The words the pool and its workers share (an Int32Array over a SharedArrayBuffer), and the
// failure report both sides write. Only atomics touch them, so the caller can block on them
// in Atomics.wait while workers run, with no event loop involved.

/**
 * Word indices: the next chunk to claim (op generation << 16 | chunk index), chunks done, the
 * failing worker (slot + 1, 0 for none), a writer lock, the failure text's length, the latest
 * op generation whose inputs are staged (workers start claiming only then), then one state word
 * per worker.
 */
export const CONTROL = { next: 0, done: 1, failed: 2, lock: 3, textLength: 4, open: 5, state: 6 } as const;

/**
 * How long a thread spins on a control word before it blocks in Atomics.wait. A futex wake-up
 * costs ~50-150 µs on the 2-vCPU VM, as much as a tenth of a split 512 matmul; the other
 * thread's share usually ends within this.
 */
const SPIN_MS = 0.5;

/**
 * Trips of a spin loop between two readings of the clock (about a microsecond of atomic loads).
 * NOTE: performance.now() returns a fresh heap number: read on every trip, a listening worker's
 * isolate scavenged 51 times in 5 s of 2-thread MLP steps (2 times reading it every 256 trips),
 * and V8's parallel scavenger borrows the cores both threads are using.
 * @internal
 */
export const SPINS_PER_CLOCK = 256;

/**
 * Waits until `words[index]` is no longer `value`: spins up to SPIN_MS, then blocks for at most
 * `sliceMs`. Returns whether the word changed.
 * @internal
 */
export function waitForChange(words: Int32Array, index: number, value: number, sliceMs: number): boolean {
  const spinUntil = performance.now() + SPIN_MS;
  for (let spins = 1; ; spins++) {
    if (Atomics.load(words, index) !== value) return true;
    if (spins % SPINS_PER_CLOCK === 0 && performance.now() >= spinUntil) break;
  }
  return Atomics.wait(words, index, value, sliceMs) !== 'timed-out' || Atomics.load(words, index) !== value;
}

/** Whether 16-bit op generation `a` comes before `b` (generations wrap). */
function before(a: number, b: number): boolean {
  const ahead = (b - a) & 0xffff;
  return ahead !== 0 && ahead < 0x8000;
}

/**
 * Blocks a worker until op `generation` is open for claiming (the caller posts an op before it
 * stages the op's inputs, so the worker's wake-up overlaps the staging), or a later op is.
 * @internal
 */
export function waitUntilOpen(words: Int32Array, generation: number): void {
  for (;;) {
    const open = Atomics.load(words, CONTROL.open);
    if (!before(open, generation)) return;
    waitForChange(words, CONTROL.open, open, 50);
  }
}

/** Per-worker state words. */
export const WORKER_STARTING = 0;
export const WORKER_READY = 1;
/** Gone (main thread's view, from the worker's error/exit event). */
export const WORKER_DEAD = 2;
/** Gone after it was ready (the worker's own view, written as it exits). */
export const WORKER_EXITED = 3;

/** Bytes kept of a failure message. */
export const ERROR_TEXT_BYTES = 2048;

/**
 * Records the first failure of an op (later ones are dropped): the message text first, then
 * the failing slot, so a caller that sees `failed` can read the text; then wakes the caller.
 * @internal
 */
export function reportFailure(words: Int32Array, text: Uint8Array, slot: number, message: string): void {
  if (Atomics.compareExchange(words, CONTROL.lock, 0, 1) === 0) {
    const bytes = new TextEncoder().encode(message).subarray(0, text.length);
    text.set(bytes);
    Atomics.store(words, CONTROL.textLength, bytes.length);
    Atomics.store(words, CONTROL.failed, slot + 1);
  }
  Atomics.notify(words, CONTROL.done);
}

/**
 * The recorded failure message, and clears it for the next op.
 * @internal
 */
export function takeFailure(words: Int32Array, text: Uint8Array): string {
  // TextDecoder refuses views of shared memory: copy the bytes out first (slice copies).
  const message = new TextDecoder().decode(text.slice(0, Atomics.load(words, CONTROL.textLength)));
  Atomics.store(words, CONTROL.failed, 0);
  Atomics.store(words, CONTROL.textLength, 0);
  Atomics.store(words, CONTROL.lock, 0);
  return message;
}

/**
 * Claims chunks of op `generation` one at a time until none is left, running each with `run`
 * and counting it done (even when it threw: `onError` records why). The caller and every
 * worker run this same loop, so a thread that is late or descheduled simply claims fewer
 * chunks, and a worker that wakes after its op ended finds another generation and stops.
 * @internal
 */
export function claimChunks(words: Int32Array, generation: number, count: number, run: (index: number) => void, onError: (error: unknown) => void): void {
  for (;;) {
    const current = Atomics.load(words, CONTROL.next);
    const index = current & 0xffff;
    if (current >>> 16 !== generation || index >= count) return;
    if (Atomics.compareExchange(words, CONTROL.next, current, current + 1) !== current) continue;
    try {
      run(index);
    } catch (error) {
      onError(error);
    }
    Atomics.add(words, CONTROL.done, 1);
    Atomics.notify(words, CONTROL.done);
  }
}
