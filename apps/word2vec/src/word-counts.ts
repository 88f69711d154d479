// The vocabulary pass over a plain-text corpus file: counts its tokens (runs of bytes between ASCII
// whitespace, as the range reader splits them) in a hash table over the bytes, so no string is
// made per token; only each distinct word becomes a string, once, at the end. The heap stays
// small, which keeps the peak RSS of a run down (a string per token grew it by tens of MB).
import { closeSync, openSync, readSync } from 'node:fs';
import { SEPARATOR } from './range-reader.js';
import { FNV_OFFSET, FNV_PRIME, probe } from './word-index.js';

/** Distinct words in order of first appearance, with their counts. */
export interface WordCounts {
  words: string[];
  counts: number[];
}

/** A growable `WordIndex` with counts; word `i` is the `i`-th distinct one seen. */
class Counter {
  bytes = new Uint8Array(1 << 16);
  used = 0;
  starts = new Int32Array(1 << 12);
  hashes = new Int32Array(1 << 12);
  counts = new Float64Array(1 << 12);
  size = 0;
  slots = new Int32Array(1 << 13);

  add(text: Uint8Array, from: number, to: number, h: number): void {
    const slot = probe(this, h, text, from, to);
    const found = this.slots[slot];
    if (found !== 0) {
      this.counts[found - 1]++;
      return;
    }
    const length = to - from;
    const id = this.size++;
    if (this.used + length > this.bytes.length) this.bytes = grown(this.bytes, this.used + length);
    this.bytes.set(text.subarray(from, to), this.used);
    this.used += length;
    if (id + 2 > this.starts.length) {
      this.starts = grown(this.starts, id + 2);
      this.hashes = grown(this.hashes, id + 2);
      this.counts = grown(this.counts, id + 2);
    }
    this.starts[id + 1] = this.used;
    this.hashes[id] = h;
    this.counts[id] = 1;
    this.slots[slot] = id + 1;
    // A load factor of at most 1/2 keeps probe runs short.
    if (2 * this.size > this.slots.length) this.rehash();
  }

  private rehash(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id] & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }
}

/** A copy of `array` with room for at least `needed` entries (doubling). */
function grown<TArray extends Uint8Array | Int32Array | Float64Array>(array: TArray, needed: number): TArray {
  let length = 2 * array.length;
  while (length < needed) length *= 2;
  const copy = new (array.constructor as new (length: number) => TArray)(length);
  copy.set(array);
  return copy;
}

/**
 * Counts the tokens of the file at `path`.
 * NOTE: words are decoded as UTF-8 once counted; a token that is not valid UTF-8 decodes with
 * U+FFFD and no longer matches its bytes, so training skips it (the shared corpora are ASCII).
 */
export function countWords(path: string): WordCounts {
  const counter = new Counter();
  let buffer = new Uint8Array(1 << 20);
  const fd = openSync(path, 'r');
  try {
    let position = 0;
    let filled = 0;
    let token = -1;
    let h = 0;
    for (;;) {
      // Keep the token being read at the front of the buffer, then fill the rest.
      const keep = token >= 0 ? token : filled;
      buffer.copyWithin(0, keep, filled);
      filled -= keep;
      if (token >= 0) token = 0;
      if (filled === buffer.length) buffer = grown(buffer, filled + 1);
      const read = readSync(fd, buffer, filled, buffer.length - filled, position);
      position += read;
      if (read === 0) break;
      const end = filled + read;
      for (let at = filled; at < end; at++) {
        const byte = buffer[at];
        if (SEPARATOR[byte]) {
          if (token >= 0) counter.add(buffer, token, at, h);
          token = -1;
        } else if (token < 0) {
          token = at;
          h = Math.imul(FNV_OFFSET ^ byte, FNV_PRIME);
        } else {
          h = Math.imul(h ^ byte, FNV_PRIME);
        }
      }
      filled = end;
    }
    if (token >= 0) counter.add(buffer, token, filled, h);
  } finally {
    closeSync(fd);
  }
  const decoder = new TextDecoder();
  const words = Array.from({ length: counter.size }, (_, id) => decoder.decode(counter.bytes.subarray(counter.starts[id], counter.starts[id + 1])));
  return { words, counts: Array.from(counter.counts.subarray(0, counter.size)) };
}
