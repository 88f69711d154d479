// The vocabulary as an open-addressing hash table over the words' UTF-8 bytes, in shared memory:
// every thread looks tokens up straight from the bytes it read from the corpus file (no string per
// token), and the table exists once however many workers share it.

/** The table: the words' bytes back to back, where each starts, and hash slots holding id + 1 (0: empty). */
export interface WordIndex {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly slots: Int32Array;
}

/** FNV-1a: start from FNV_OFFSET, then `h = Math.imul(h ^ byte, FNV_PRIME)` per byte. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

function hash(bytes: Uint8Array, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME);
  return h;
}

function shared<TArray extends Uint8Array | Int32Array>(Type: new (buffer: SharedArrayBuffer) => TArray, bytes: number): TArray {
  return new Type(new SharedArrayBuffer(bytes));
}

/** A shared index of `words`: word `i` gets id `i`. */
export function wordIndex(words: readonly string[]): WordIndex {
  const encoder = new TextEncoder();
  const encoded = words.map((word) => encoder.encode(word));
  const starts = shared(Int32Array, 4 * (words.length + 1));
  encoded.forEach((word, i) => { starts[i + 1] = starts[i] + word.length; });
  const bytes = shared(Uint8Array, Math.max(starts[words.length], 1));
  encoded.forEach((word, i) => { bytes.set(word, starts[i]); });
  // A load factor of at most 1/2 keeps probe runs short.
  let size = 2;
  while (size < 2 * words.length) size *= 2;
  const slots = shared(Int32Array, 4 * size);
  const mask = size - 1;
  for (let id = 0; id < words.length; id++) {
    let slot = hash(bytes, starts[id], starts[id + 1]) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
  return { bytes, starts, slots };
}

/** The id of the word spelled by `text[from .. to)`, or -1 when it is not in the index. */
export function lookup(index: WordIndex, text: Uint8Array, from: number, to: number): number {
  return lookupHashed(index, hash(text, from, to), text, from, to);
}

/** `lookup` for a caller that hashed the bytes as it scanned them (`h`, FNV-1a). */
export function lookupHashed(index: WordIndex, h: number, text: Uint8Array, from: number, to: number): number {
  return index.slots[probe(index, h, text, from, to)] - 1;
}

/**
 * The slot of `index` holding the word spelled by `text[from .. to)` (hashed `h`), or, when the
 * word is absent, the empty slot where it belongs (linear probing).
 */
export function probe(index: WordIndex, h: number, text: Uint8Array, from: number, to: number): number {
  const { bytes, starts, slots } = index;
  const mask = slots.length - 1;
  const length = to - from;
  for (let slot = h & mask; ; slot = (slot + 1) & mask) {
    const entry = slots[slot];
    if (entry === 0) return slot;
    const start = starts[entry - 1];
    if (starts[entry] - start !== length) continue;
    let same = true;
    for (let i = 0; i < length; i++) {
      if (bytes[start + i] !== text[from + i]) {
        same = false;
        break;
      }
    }
    if (same) return slot;
  }
}
