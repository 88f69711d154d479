// word2vec bench: @dl's dl-word2vec against gensim 4 (corpus_file mode) on the same corpus and
// hyperparameters (dim 100, window 5, negative 5, sample 1e-3, min-count 5, 5 epochs), skip-gram
// and CBOW on 1 and 2 threads; both sides' vectors are scored by gensim's own evaluators. Both
// sides get the same initial learning rate, @dl's default for the model (0.025 skip-gram, 0.05
// CBOW as word2vec.c; gensim's default is 0.025 for both), each with its own decay: @dl's linear
// one, and gensim's, which on N threads decays 1/N as fast within an epoch (see the README).
// @dl runs from the bundle (dist/cli.js, built by the bench script), as a user's install would:
// no tsx loader in the process or its workers. Speed is shown per wall second and per CPU second
// (all threads), since the CPU figure survives a loaded machine better.
// One seed's quality figures move by about a point of analogy and 0.01-0.02 of ρ (gensim's
// multi-thread runs are not reproducible at all): `--seeds 1,2,3` runs each case once per seed on
// both sides and adds a table of the means, which is what to compare against the targets. On
// Brown, where a fifth of the WS353 pairs are out of vocabulary, one run's WS353 ρ varies by 0.016
// (standard deviation over seeds), so even a three-seed mean moves by ±0.01: take ~30 seeds there.
//   pnpm --filter word2vec bench [--corpus brown|wiki1|wiki2|PATH] [--models sg,cbow] [--threads 1,2] [--seeds 1]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultAlpha } from '../src/train.js';

// pnpm 10 hands a '--' separator on to the script: drop it.
const { values } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { corpus: { type: 'string', default: 'brown' }, models: { type: 'string', default: 'sg,cbow' }, threads: { type: 'string', default: '1,2' }, seeds: { type: 'string', default: '1' } } });
const seeds = values.seeds.split(',').map(Number);
const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const PY = fileURLToPath(new URL('gensim_word2vec.py', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'w2v-bench-'));

// gensim's corpus_file mode wants plain text: decompress the chosen corpus once.
const sources: Record<string, string[]> = { brown: ['brown.txt.gz'], wiki1: ['wiki-en.00.txt.gz'], wiki2: ['wiki-en.00.txt.gz', 'wiki-en.01.txt.gz'] };
const corpus = join(folder, 'corpus.txt');
const parts = sources[values.corpus] as string[] | undefined;
writeFileSync(corpus, parts ? Buffer.concat(parts.map((name) => gunzipSync(readFileSync(join(DATA, name))))) : readFileSync(values.corpus));

function timed(command: string, args: string[]): { stdout: string; peakRss: number } {
  const result = spawnSync('/usr/bin/time', ['-f', 'PEAK_RSS_KB %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  const match = /PEAK_RSS_KB (\d+)/.exec(result.stderr);
  return { stdout: result.stdout, peakRss: Number(match?.[1] ?? 0) * 1024 };
}

function evaluate(vectors: string): { analogy: number; wordsim: number; simlex: number } {
  const result = spawnSync('/usr/bin/python3', [PY, 'eval', vectors, DATA], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`evaluation failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { analogy: number; wordsim: number; simlex: number };
}

interface Row { system: string; model: string; threads: number; seed: number; wordsPerSecond: number; seconds: number; cpuSeconds: number; peakRss: number; analogy: number; wordsim: number; simlex: number }
const rows: Row[] = [];
for (const model of values.models.split(',')) {
  for (const threads of values.threads.split(',').map(Number)) for (const seed of seeds) {
    const ours = join(folder, `dl-${model}-${threads}-${seed}.bin`);
    const alpha = String(defaultAlpha(model === 'sg' ? 'skipgram' : 'cbow'));
    const run = timed(process.execPath, [CLI, 'train', corpus, '--model', model === 'sg' ? 'skipgram' : 'cbow', '--threads', String(threads), '--alpha', alpha, '--seed', String(seed), '--output', ours, '--json']);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { corpusWords: number; seconds: number; cpuSeconds: number };
    rows.push({ system: '@dl', model, threads, seed, wordsPerSecond: (summary.corpusWords * 5) / summary.seconds, seconds: summary.seconds, cpuSeconds: summary.cpuSeconds, peakRss: run.peakRss, ...evaluate(ours) });
    const theirs = join(folder, `gensim-${model}-${threads}-${seed}.bin`);
    const g = timed('/usr/bin/python3', [PY, 'train', corpus, theirs, model, String(threads), alpha, String(seed)]);
    const gensim = JSON.parse(g.stdout) as { words: number; seconds: number; cpuSeconds: number };
    rows.push({ system: 'gensim 4.2', model, threads, seed, wordsPerSecond: gensim.words / gensim.seconds, seconds: gensim.seconds, cpuSeconds: gensim.cpuSeconds, peakRss: g.peakRss, ...evaluate(theirs) });
    console.error(`done ${model} x${threads} seed ${seed} (load average ${loadavg().map((load) => load.toFixed(1)).join(' ')})`);
  }
}
rmSync(folder, { recursive: true, force: true });

const header = '| system | model | threads | words/s | train time | CPU time | words/CPU s | peak RSS | analogy | WS353 ρ | SimLex ρ |';
const rule = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
const line = (r: Omit<Row, 'seed'>): string =>
  `| ${r.system} | ${r.model === 'sg' ? 'skip-gram' : 'CBOW'} | ${r.threads} | ${Math.round(r.wordsPerSecond).toLocaleString('en-US')} | ${r.seconds.toFixed(1)} s | ${r.cpuSeconds.toFixed(1)} s | ${Math.round(r.wordsPerSecond * r.seconds / r.cpuSeconds).toLocaleString('en-US')} | ${Math.round(r.peakRss / 2 ** 20)} MB | ${(100 * r.analogy).toFixed(1)}% | ${r.wordsim.toFixed(3)} | ${r.simlex.toFixed(3)} |`;
console.log(`corpus: ${values.corpus}; dim 100, window 5, negative 5, sample 1e-3, min-count 5, 5 epochs, alpha 0.025 (skip-gram) / 0.05 (CBOW) on both sides; seeds ${values.seeds}; ${new Date().toISOString()}; load average at the end ${loadavg().map((load) => load.toFixed(1)).join(" ")}\n`);
console.log(`${header}\n${rule}`);
for (const r of rows) console.log(line(r));
if (seeds.length > 1) {
  // Means over the seeds of each case (speed and memory too, so each row stays one run's shape).
  console.log(`\nMeans over seeds ${values.seeds}:\n\n${header}\n${rule}`);
  const cases = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.system}|${r.model}|${r.threads}`;
    cases.set(key, [...(cases.get(key) ?? []), r]);
  }
  const mean = (group: Row[], key: 'wordsPerSecond' | 'seconds' | 'cpuSeconds' | 'peakRss' | 'analogy' | 'wordsim' | 'simlex'): number =>
    group.reduce((total, r) => total + r[key], 0) / group.length;
  for (const group of cases.values()) {
    const [first] = group as [Row];
    console.log(line({
      system: first.system, model: first.model, threads: first.threads, wordsPerSecond: mean(group, 'wordsPerSecond'),
      seconds: mean(group, 'seconds'), cpuSeconds: mean(group, 'cpuSeconds'), peakRss: mean(group, 'peakRss'),
      analogy: mean(group, 'analogy'), wordsim: mean(group, 'wordsim'), simlex: mean(group, 'simlex'),
    }));
  }
}
