// Stopping a run (Ctrl-C, kill) while it trains on a .gz corpus leaves no temporary plain-text copy.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/dl-word2vec.js', import.meta.url));
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-w2v-interrupt-'));
  // About 600k words over 2000 word types (a fixed xorshift stream): many seconds of training.
  let state = 12345;
  const word = (): string => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return `w${(state >>> 0) % 2000}`;
  };
  const lines = Array.from({ length: 30_000 }, () => Array.from({ length: 20 }, word).join(' '));
  await writeFile(join(folder, 'corpus.txt.gz'), gzipSync(`${lines.join('\n')}\n`));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/**
 * Starts a training run with its own temporary folder, waits for its first progress report (so
 * the corpus copy exists and training is under way), stops it with `signal`, and returns how it
 * ended and what its temporary folder still holds.
 */
async function interrupted(signal: NodeJS.Signals, threads: number, wholeGroup: boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; left: string[]; copied: boolean }> {
  const temp = await mkdtemp(join(folder, 'tmp-'));
  const child = spawn(process.execPath, [BIN, 'train', 'corpus.txt.gz', '--threads', String(threads), '--epochs', '50', '--output', 'never.bin', '--json'], {
    cwd: folder, env: { ...process.env, TMPDIR: temp }, stdio: ['ignore', 'pipe', 'pipe'], detached: wholeGroup,
  });
  let copied = false;
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, endSignal) => { resolve({ code, signal: endSignal }); }));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      if (!data.toString().includes('"type":"progress"')) return;
      void readdir(temp).then((entries) => {
        copied = entries.some((entry) => entry.startsWith('dl-word2vec-'));
        resolve();
      });
    });
    child.on('exit', () => { reject(new Error('the run ended before its first progress report')); });
  });
  // As a terminal's Ctrl-C, to the whole process group; or as `kill PID`, to the one process.
  if (wholeGroup && child.pid !== undefined) process.kill(-child.pid, signal);
  else child.kill(signal);
  const end = await ended;
  // (tsx, when the bin falls back to the sources, keeps a cache folder of its own there)
  return { ...end, left: (await readdir(temp)).filter((entry) => entry.startsWith('dl-word2vec-')), copied };
}

describe('dl-word2vec train, stopped', () => {
  it.each([
    ['SIGINT', 1, true],
    ['SIGINT', 2, true],
    ['SIGTERM', 1, false],
  ] as const)('%s (threads %d, whole group %s) removes the temporary corpus copy and writes no output', async (signal, threads, wholeGroup) => {
    const result = await interrupted(signal, threads, wholeGroup);
    expect(result.copied).toBe(true);
    expect(result.left).toEqual([]);
    expect(result.code === 0).toBe(false);
    expect((await readdir(folder)).filter((name) => name.includes('never.bin'))).toEqual([]);
  }, 120_000);
});
