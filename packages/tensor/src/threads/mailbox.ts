// A task handed to a lingering worker through shared memory instead of postMessage. A worker
// that has just finished a task spins for a moment (worker.ts, LINGER_MS) in case the next op
// comes soon, as a training step's split ops do; while it says it is listening, the calling
// thread writes the op's text here and flips the worker's word to HANDED, and the worker starts
// at once: no structured clone on either side, no message port. A worker that is not listening
// gets the op by postMessage as before. Only ops whose arrays all live in the shared wasm
// linear memory (posted by address) and whose numbers JSON keeps (tasks.ts jsonSafe) go as
// text; the rest keep postMessage.
// NOTE: imports nothing, so the worker can load it before the wasm runtime.

/** A worker's hand-off word: not listening (ops come by postMessage), listening, or holding a handed op. */
export const ASLEEP = 0;
export const LISTENING = 1;
export const HANDED = 2;

/** Header words: a sequence number (odd while the text is being written), the text's length, then one hand-off word per worker. */
const SEQUENCE = 0;
const LENGTH = 1;
const FIRST_WORKER = 2;
/** Room for an op's text: a split op's text is a few hundred bytes per chunk. */
const TEXT_BYTES = 32 * 1024;

export interface Mailbox {
  readonly words: Int32Array;
  readonly text: Uint8Array;
}

/** A mailbox buffer for `workers` workers. */
export function mailboxBuffer(workers: number): SharedArrayBuffer {
  return new SharedArrayBuffer((FIRST_WORKER + workers) * 4 + TEXT_BYTES);
}

export function openMailbox(buffer: SharedArrayBuffer): Mailbox {
  const headerBytes = buffer.byteLength - TEXT_BYTES;
  return { words: new Int32Array(buffer, 0, headerBytes / 4), text: new Uint8Array(buffer, headerBytes) };
}

/** The index of worker `slot`'s hand-off word. */
export function handOffWord(slot: number): number {
  return FIRST_WORKER + slot;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes `text` for workers to read; false when it does not fit (then post the op instead). */
export function writeMail(box: Mailbox, text: string): boolean {
  const bytes = encoder.encode(text);
  if (bytes.length > box.text.length) return false;
  // A seqlock: a worker still reading the previous op's text sees the sequence change and rereads.
  Atomics.add(box.words, SEQUENCE, 1);
  box.text.set(bytes);
  Atomics.store(box.words, LENGTH, bytes.length);
  Atomics.add(box.words, SEQUENCE, 1);
  return true;
}

/** The latest text written, read whole (never torn by a concurrent write). */
export function readMail(box: Mailbox): string {
  for (;;) {
    const sequence = Atomics.load(box.words, SEQUENCE);
    if (sequence % 2 === 1) continue;
    // TextDecoder refuses views of shared memory: slice copies the bytes out first.
    const bytes = box.text.slice(0, Atomics.load(box.words, LENGTH));
    if (Atomics.load(box.words, SEQUENCE) === sequence) return decoder.decode(bytes);
  }
}

/** Whether worker `slot` is listening now (it may stop any moment: `handOff` decides). */
export function listening(box: Mailbox, slot: number): boolean {
  return Atomics.load(box.words, handOffWord(slot)) === LISTENING;
}

/** Hands the written op to worker `slot` if it is listening; false when it must be posted instead. */
export function handOff(box: Mailbox, slot: number): boolean {
  return Atomics.compareExchange(box.words, handOffWord(slot), LISTENING, HANDED) === LISTENING;
}
