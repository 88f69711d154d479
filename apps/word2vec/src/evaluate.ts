// Queries and evaluation on word vectors, as gensim's KeyedVectors: most_similar (3CosAdd),
// most_similar_cosmul (3CosMul), evaluate_word_analogies and evaluate_word_pairs.
import type { WordVectors } from '@dl/io';
import * as nd from '@dl/tensor';
import { readFile } from 'node:fs/promises';

/** Unit-normalised vectors with a word index, for cosine queries. */
export class Space {
  readonly words: readonly string[];
  readonly dim: number;
  readonly unit: Float32Array;
  private readonly index: Map<string, number>;

  constructor(vectors: WordVectors) {
    this.words = vectors.words;
    this.dim = vectors.vectors.shape[1];
    const values = nd.contiguous(nd.astype(vectors.vectors, 'float32')).dataSync();
    this.unit = new Float32Array(values.length);
    for (let row = 0; row < this.words.length; row++) {
      let norm = 0;
      for (let d = 0; d < this.dim; d++) norm += values[row * this.dim + d] ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let d = 0; d < this.dim; d++) this.unit[row * this.dim + d] = values[row * this.dim + d] * scale;
    }
    this.index = new Map(this.words.map((word, i) => [word, i]));
  }

  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /** Row index of `word`, or a one-line error naming it. */
  require(word: string): number {
    const i = this.indexOf(word);
    if (i < 0) throw new Error(`word ${JSON.stringify(word)} is not in the vocabulary (${this.words.length} words)`);
    return i;
  }

  /** Cosine similarities of query vector `q` (already combined) with the first `limit` words. */
  scores(q: Float32Array, limit: number): Float32Array {
    const dim = this.dim;
    const out = new Float32Array(limit);
    for (let row = 0; row < limit; row++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += q[d] * this.unit[row * dim + d];
      out[row] = dot;
    }
    return out;
  }

  row(i: number): Float32Array {
    return this.unit.subarray(i * this.dim, (i + 1) * this.dim);
  }
}

/** Top `n` of `scores`, skipping `exclude`, best first. */
function top(scores: Float32Array, n: number, exclude: ReadonlySet<number>): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (exclude.has(i)) continue;
    if (best.length < n || scores[i] > scores[best[best.length - 1]]) {
      let at = best.length < n ? best.length : n - 1;
      best[at] = i;
      while (at > 0 && scores[best[at - 1]] < scores[i]) {
        best[at] = best[at - 1];
        best[at - 1] = i;
        at--;
      }
    }
  }
  return best;
}

/** A word and its score. */
export interface Neighbour {
  word: string;
  score: number;
}

/** Nearest words to `positive - negative` by 3CosAdd (gensim's most_similar). */
export function mostSimilar(space: Space, positive: readonly string[], negative: readonly string[] = [], topn = 10, restrict = space.words.length): Neighbour[] {
  const ids = [...positive, ...negative].map((word) => space.require(word));
  const q = new Float32Array(space.dim);
  positive.forEach((_, k) => { addScaled(q, space.row(ids[k]), 1); });
  negative.forEach((_, k) => { addScaled(q, space.row(ids[positive.length + k]), -1); });
  const scores = space.scores(q, Math.min(restrict, space.words.length));
  let norm = 0;
  for (const value of q) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return top(scores, topn, new Set(ids)).map((i) => ({ word: space.words[i], score: scores[i] * scale }));
}

/** Nearest words by 3CosMul (gensim's most_similar_cosmul, cosines shifted to [0, 1]). */
export function mostSimilarCosmul(space: Space, positive: readonly string[], negative: readonly string[], topn = 10): Neighbour[] {
  const limit = space.words.length;
  const shifted = (word: string): Float32Array => space.scores(space.row(space.require(word)), limit).map((s) => (1 + s) / 2);
  const pos = positive.map(shifted);
  const neg = negative.map(shifted);
  const scores = new Float32Array(limit);
  for (let i = 0; i < limit; i++) {
    let numerator = 1;
    let denominator = 1;
    for (const s of pos) numerator *= s[i];
    for (const s of neg) denominator *= s[i];
    scores[i] = numerator / (denominator + 1e-6);
  }
  const exclude = new Set([...positive, ...negative].map((word) => space.require(word)));
  return top(scores, topn, exclude).map((i) => ({ word: space.words[i], score: scores[i] }));
}

function addScaled(into: Float32Array, row: Float32Array, scale: number): void {
  for (let d = 0; d < into.length; d++) into[d] += scale * row[d];
}

/** One section of the analogy set, as gensim reports it. */
export interface AnalogySection {
  section: string;
  correct: number;
  incorrect: number;
}

/** gensim's evaluate_word_analogies result: accuracy over answered questions and the OOV share. */
export interface AnalogyResult {
  accuracy: number;
  sections: AnalogySection[];
  oovQuestions: number;
  totalQuestions: number;
  oovRatio: number;
}

/**
 * The Google analogy set as gensim's evaluate_word_analogies (3CosAdd, restrict_vocab, case
 * insensitive): questions with a word outside the first `restrict` words are skipped and counted.
 * As gensim, a section starts at a line beginning ': ', a line that is not four words is skipped
 * uncounted, and the answer is the first of the top five (input rows excluded) whose upper-cased
 * spelling is none of the question's three words (so a case variant of an input, "King" for
 * "king", is passed over), compared with the expected word by upper-cased spelling (so "Paris"
 * answers "paris").
 */
export async function evaluateAnalogies(space: Space, path: string, restrict = 30_000): Promise<AnalogyResult> {
  const limit = Math.min(restrict, space.words.length);
  // gensim upper-cases the restricted vocabulary; the first (most frequent) spelling wins.
  const okIndex = new Map<string, number>();
  for (let i = limit - 1; i >= 0; i--) okIndex.set(space.words[i].toUpperCase(), i);
  const sections: AnalogySection[] = [];
  let oov = 0;
  let total = 0;
  const q = new Float32Array(space.dim);
  const lines = (await readFile(path, 'utf8')).split('\n');
  for (const [lineNo, line] of lines.entries()) {
    if (line.startsWith(': ')) {
      sections.push({ section: line.replace(/^[: ]+/, '').trim(), correct: 0, incorrect: 0 });
      continue;
    }
    if (sections.length === 0 && !(lineNo === lines.length - 1 && line === '')) {
      throw new Error(`${path}: line ${lineNo + 1} comes before any section header (a line starting ': ')`);
    }
    const words = line.trim().toUpperCase().split(/\s+/);
    if (words.length !== 4) continue;
    total++;
    const ids = words.map((word) => okIndex.get(word) ?? -1);
    if (ids.includes(-1)) {
      oov++;
      continue;
    }
    const [a, b, c] = ids;
    q.fill(0);
    addScaled(q, space.row(b), 1);
    addScaled(q, space.row(c), 1);
    addScaled(q, space.row(a), -1);
    const ignore = new Set(words.slice(0, 3));
    let predicted = '';
    for (const i of top(space.scores(q, limit), 5, new Set([a, b, c]))) {
      predicted = space.words[i].toUpperCase();
      if (!ignore.has(predicted)) break;
    }
    const section = sections[sections.length - 1];
    if (predicted === words[3]) section.correct++;
    else section.incorrect++;
  }
  const correct = sections.reduce((sum, s) => sum + s.correct, 0);
  const answered = correct + sections.reduce((sum, s) => sum + s.incorrect, 0);
  return { accuracy: answered > 0 ? correct / answered : 0, sections, oovQuestions: oov, totalQuestions: total, oovRatio: total > 0 ? oov / total : 0 };
}

/** gensim's evaluate_word_pairs result. */
export interface PairsResult {
  spearman: number;
  pearson: number;
  pairs: number;
  oovPairs: number;
  /** Percent of pairs skipped as out of vocabulary, as gensim reports it. */
  oovRatio: number;
}

/** A number as Python's float() reads it (decimal, exponent, inf, nan), which is what gensim accepts. */
const PYTHON_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf(?:inity)?|nan)$/i;

/**
 * Spearman (and Pearson) correlation of cosine similarity with human scores, as gensim's
 * evaluate_word_pairs (restrict_vocab, case insensitive, dummy4unknown=False): OOV pairs skipped
 * and counted, '#' lines and malformed lines skipped uncounted.
 */
export async function evaluateWordPairs(space: Space, path: string, restrict = 300_000): Promise<PairsResult> {
  const limit = Math.min(restrict, space.words.length);
  const okIndex = new Map<string, number>();
  for (let i = limit - 1; i >= 0; i--) okIndex.set(space.words[i].toUpperCase(), i);
  const model: number[] = [];
  const human: number[] = [];
  let oov = 0;
  let pairs = 0;
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    // As gensim: exactly three tab-separated fields and a number, or the line is skipped uncounted.
    const fields = line.split('\t');
    if (fields.length !== 3 || !PYTHON_FLOAT.test(fields[2].trim())) continue;
    const [first, second, score] = fields as [string, string, string];
    pairs++;
    const a = okIndex.get(first.toUpperCase());
    const b = okIndex.get(second.toUpperCase());
    if (a === undefined || b === undefined) {
      oov++;
      continue;
    }
    let dot = 0;
    const ra = space.row(a);
    const rb = space.row(b);
    for (let d = 0; d < space.dim; d++) dot += ra[d] * rb[d];
    model.push(dot);
    human.push(parsePythonFloat(score.trim()));
  }
  return { spearman: pearson(ranks(model), ranks(human)), pearson: pearson(model, human), pairs, oovPairs: oov, oovRatio: pairs > 0 ? (100 * oov) / pairs : 0 };
}

function parsePythonFloat(text: string): number {
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower.endsWith('nan')) return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

/** Average ranks (ties share their mean rank), as scipy's rankdata. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((value, i) => [value, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2) return NaN;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
