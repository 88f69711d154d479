// The words the pool and its workers share (an Int32Array over a SharedArrayBuffer), and the
// failure report both sides write. Only atomics touch them, so the caller can block on them
// in Atomics.wait while workers run, with no event loop involved.

/** Word indices: pending tasks, the failing worker (slot + 1, 0 for none), a writer lock, then one state word per worker. */
export const CONTROL = { pending: 0, failed: 1, lock: 2, textLength: 3, state: 4 } as const;

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
  Atomics.notify(words, CONTROL.pending);
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
