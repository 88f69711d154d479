// The CLI end to end, as a user runs it: one-line errors with a non-zero exit, no output left behind.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';

const BIN = fileURLToPath(new URL('../bin/dl-word2vec.js', import.meta.url));
let folder: string;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: folder, timeout: 300_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-w2v-cli-'));
  await writeFile(join(folder, 'empty.txt'), '');
  await writeFile(join(folder, 'tiny.txt'), 'one two\n');
  await writeFile(join(folder, 'broken.txt.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]));
  await mkdir(join(folder, 'a-folder'));
  await writeFile(join(folder, 'small.txt'), 'the quick brown fox jumps over the lazy dog\n'.repeat(30));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Runs the CLI in this process (as the bin does, minus the process start) from the test folder. */
async function runHere(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const errors: string[] = [];
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => { errors.push(line); });
  const logSpy = vi.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
  const cwd = process.cwd();
  process.chdir(folder);
  try {
    return { status: await main(args), stdout: lines.join('\n'), stderr: errors.join('\n') };
  } finally {
    process.chdir(cwd);
    spy.mockRestore();
    logSpy.mockRestore();
  }
}

function expectOneLineError(result: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.status).not.toBe(0);
  expect(result.stderr.trim()).toMatch(pattern);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
}

describe('dl-word2vec', () => {
  it('prints usage for --help', () => {
    expect(run('--help').stdout).toMatch(/usage: dl-word2vec <command>/);
  });

  it.each([
    [['train', 'missing.txt'], /^dl-word2vec train: corpus missing.txt: no such file$/],
    [['train', 'empty.txt'], /^dl-word2vec train: corpus empty.txt: the file is empty$/],
    [['train', 'a-folder'], /^dl-word2vec train: corpus a-folder: not a file$/],
    [['train', 'broken.txt.gz'], /^dl-word2vec train: corpus broken.txt.gz: not a readable gzip file \(/],
    [['train', 'tiny.txt', '--min-count', '1'], /corpus tiny.txt: 2 words kept, fewer than the window \(5\) needs/],
    [['train', 'small.txt', '--dim', 'ten'], /^dl-word2vec train: --dim: expected an integer >= 1, got "ten"$/],
    [['train', 'small.txt', '--sample=-1'], /--sample: expected a number >= 0, got "-1"/],
    [['train', 'small.txt', '--output', 'no/such/folder/v.bin'], /output no\/such\/folder\/v.bin: folder .* does not exist or is not writable/],
    [['train', 'small.txt', '--lr-schedule', 'cosine'], /^dl-word2vec train: --lr-schedule: expected linear or gensim, got "cosine"$/],
    [['train', 'small.txt', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j fails with a one-line error', async (args, pattern) => {
    expectOneLineError(await runHere(...args), pattern);
    expect(existsSync(join(folder, 'vectors.bin'))).toBe(false);
  });

  it('trains, writes vectors and answers similar/analogy; unknown words are one-line errors', async () => {
    const trained = await runHere('train', 'small.txt', '--min-count', '1', '--dim', '8', '--epochs', '1', '--output', 'v.txt', '--quiet');
    expect(trained.status).toBe(0);
    expect(existsSync(join(folder, 'v.txt'))).toBe(true);
    const similar = await runHere('similar', 'fox', '--vectors', 'v.txt', '--topn', '3');
    expect(similar.status).toBe(0);
    expect(similar.stdout.trim().split('\n')).toHaveLength(3);
    expect(run('analogy', 'fox', 'dog', 'quick', '--vectors', 'v.txt', '--json').stdout).toMatch(/"cosAdd":\[/);
    expectOneLineError(await runHere('similar', 'zebra', '--vectors', 'v.txt'), /word "zebra" is not in the vocabulary \(8 words\)/);
    expectOneLineError(await runHere('similar', 'fox', '--vectors', 'nope.bin'), /vectors nope.bin: no such file/);
  });

  it('--json prints one JSON object per progress report and a summary (through the bin)', () => {
    const result = run('train', 'small.txt', '--min-count', '1', '--dim', '8', '--epochs', '2', '--output', 'j.bin', '--json');
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(lines.filter((line) => line.type === 'progress').length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', vocabulary: 8, format: 'bin' });
  });
});
