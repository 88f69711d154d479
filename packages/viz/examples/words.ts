// Quick word vectors for the gallery: positive pointwise mutual information (PPMI) of co-occurrence
// counts in the Brown corpus, a classic count-based embedding that takes a second to build.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { fromTypedArray, type NDArray } from '@dl/tensor';

/** Words to show, grouped into categories that the map should keep together. */
export const CATEGORIES: Record<string, readonly string[]> = {
  number: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twenty', 'hundred'],
  day: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  month: ['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  family: ['father', 'mother', 'son', 'daughter', 'brother', 'sister', 'wife', 'husband', 'uncle', 'aunt'],
  colour: ['red', 'white', 'black', 'blue', 'green', 'brown', 'yellow', 'gray'],
  body: ['hand', 'head', 'eyes', 'face', 'arm', 'feet', 'hair', 'mouth', 'shoulder', 'fingers'],
  verb: ['said', 'went', 'came', 'took', 'saw', 'looked', 'turned', 'asked', 'told', 'felt'],
  place: ['city', 'town', 'state', 'country', 'village', 'county', 'nation'],
};

/** PPMI vectors of the category words against the most frequent context words (window ±2). */
export async function wordVectors(path: string, contexts = 2000): Promise<{ words: string[]; groups: string[]; vectors: NDArray }> {
  const sentences: string[][] = [];
  const counts = new Map<string, number>();
  for await (const line of createInterface({ input: createReadStream(path).pipe(createGunzip()) })) {
    const tokens = line.split(' ').filter(Boolean);
    sentences.push(tokens);
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  const contextWords = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, contexts).map(([word]) => word);
  const contextIndex = new Map(contextWords.map((word, i) => [word, i]));
  const targets = Object.entries(CATEGORIES).flatMap(([group, words]) => words.filter((word) => counts.has(word)).map((word) => ({ word, group })));
  const targetIndex = new Map(targets.map(({ word }, i) => [word, i]));
  const cooc = new Float64Array(targets.length * contexts);
  for (const tokens of sentences) {
    tokens.forEach((token, i) => {
      const row = targetIndex.get(token);
      if (row === undefined) return;
      for (let j = Math.max(0, i - 2); j <= Math.min(tokens.length - 1, i + 2); j++) {
        const column = j === i ? undefined : contextIndex.get(tokens[j] ?? '');
        if (column !== undefined) cooc[row * contexts + column] += 1;
      }
    });
  }
  let total = 0;
  for (const value of cooc) total += value;
  const rowSums = targets.map((_, r) => cooc.subarray(r * contexts, (r + 1) * contexts).reduce((a, b) => a + b, 0));
  const columnSums = new Float64Array(contexts);
  for (let r = 0; r < targets.length; r++) for (let c = 0; c < contexts; c++) columnSums[c] += cooc[r * contexts + c] ?? 0;
  // Context counts smoothed with exponent 0.75, as word2vec's negative sampling (Levy et al. 2015).
  const smoothed = Array.from(columnSums, (value) => value ** 0.75);
  const smoothedTotal = smoothed.reduce((a, b) => a + b, 0);
  const ppmi = new Float32Array(targets.length * contexts);
  for (let r = 0; r < targets.length; r++) {
    for (let c = 0; c < contexts; c++) {
      const joint = cooc[r * contexts + c] ?? 0;
      if (joint === 0) continue;
      const pmi = Math.log((joint / total) / (((rowSums[r] ?? 1) / total) * ((smoothed[c] ?? 1) / smoothedTotal)));
      ppmi[r * contexts + c] = Math.max(0, pmi);
    }
  }
  return { words: targets.map(({ word }) => word), groups: targets.map(({ group }) => group), vectors: fromTypedArray(ppmi, [targets.length, contexts]) };
}
