// What training derives from the vocabulary once: sub-sampling keep probabilities, the
// unigram^0.75 negative-sampling distribution (as an alias table) and the Huffman tree.
import type { HuffmanPaths } from '@dl/tensor';

/**
 * Keep probability per word for sub-sampling with threshold `sample`, gensim's formula:
 * `(sqrt(f / t) + 1) * t / f` with `t = sample * retained words`, capped at 1.
 */
export function keepProbabilities(counts: readonly number[], sample: number): Float32Array {
  const keep = new Float32Array(counts.length).fill(1);
  if (sample <= 0) return keep;
  const retained = counts.reduce((total, count) => total + count, 0);
  const threshold = sample * retained;
  counts.forEach((count, word) => {
    keep[word] = Math.min(1, (Math.sqrt(count / threshold) + 1) * (threshold / count));
  });
  return keep;
}

/** Walker's alias table of `count^power`: draw `u` in [0, size), then `u` or `alias[u]`. */
export interface AliasTable {
  readonly probability: Float32Array;
  readonly alias: Int32Array;
}

/** The negative-sampling distribution `count^power` (0.75 in word2vec) as an alias table (Vose). */
export function aliasTable(counts: readonly number[], power = 0.75): AliasTable {
  const size = counts.length;
  const weights = counts.map((count) => Math.pow(count, power));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const scaled = new Float64Array(size);
  for (let i = 0; i < size; i++) scaled[i] = (weights[i] * size) / total;
  const probability = new Float32Array(size).fill(1);
  const alias = new Int32Array(size);
  for (let i = 0; i < size; i++) alias[i] = i;
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < size; i++) (scaled[i] < 1 ? small : large).push(i);
  for (let low = small.pop(), high = large.pop(); low !== undefined && high !== undefined; low = small.pop(), high = large.pop()) {
    probability[low] = scaled[low];
    alias[low] = high;
    scaled[high] = scaled[high] + scaled[low] - 1;
    // The popped large one goes back on a stack; it is popped again on the next turn.
    (scaled[high] < 1 ? small : large).push(high);
  }
  return { probability, alias };
}

/**
 * The Huffman tree over word counts (word2vec.c's CreateBinaryTree): frequent words get short
 * paths; inner node `n` is row `n` of the output table (there are `size - 1` of them).
 */
export function huffmanPaths(counts: readonly number[]): HuffmanPaths {
  const size = counts.length;
  if (size < 2) return { points: new Int32Array(0), codes: new Uint8Array(0), offsets: new Int32Array(size + 1) };
  // NOTE: word2vec.c's two-pointer merge needs counts sorted descending, as Vocabulary keeps them.
  const count = new Float64Array(2 * size);
  for (let i = 0; i < size; i++) count[i] = counts[i];
  for (let i = size; i < 2 * size; i++) count[i] = 1e300;
  const binary = new Uint8Array(2 * size);
  const parent = new Int32Array(2 * size);
  let pos1 = size - 1;
  let pos2 = size;
  const pick = (): number => {
    if (pos1 >= 0 && count[pos1] < count[pos2]) return pos1--;
    return pos2++;
  };
  for (let a = 0; a < size - 1; a++) {
    const min1 = pick();
    const min2 = pick();
    count[size + a] = count[min1] + count[min2];
    parent[min1] = size + a;
    parent[min2] = size + a;
    binary[min2] = 1;
  }
  const root = 2 * size - 2;
  const offsets = new Int32Array(size + 1);
  const paths: number[][] = [];
  const codes: number[][] = [];
  for (let word = 0; word < size; word++) {
    const point: number[] = [];
    const code: number[] = [];
    for (let node = word; node !== root; node = parent[node]) {
      code.push(binary[node]);
      point.push(parent[node] - size);
    }
    paths.push(point.reverse());
    codes.push(code.reverse());
    offsets[word + 1] = offsets[word] + point.length;
  }
  return { points: Int32Array.from(paths.flat()), codes: Uint8Array.from(codes.flat()), offsets };
}
