// The words the pool and its workers share (an Int32Array over a SharedArrayBuffer), and the
// failure report both sides write. Only atomics touch them, so the caller can block on them
// in Atomics.wait while workers run, with no event loop involved.

/**
 * Word indices: the next chunk to claim (op generation << 16 | chunk index), chunks done, the
 * failing worker (slot + 1, 0 for none), a writer lock, the failure text's length, then one
 * state word per worker.
 */
export const CONTROL = { next: 0, done: 1, failed: 2, lock: 3, textLength: 4, state: 5 } as const;

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
