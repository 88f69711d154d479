// Corrupt or truncated gzip input gives the reader's typed error, not zlib's raw one (issue 9).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusFormatError, CsvFormatError, LineCorpus, loadLabeledCsv, loadWord2VecFormat, readCsv, Word2VecFormatError } from '../index.js';

let folder: string;
const files: Record<'truncated' | 'corrupt', string> = { truncated: '', corrupt: '' };
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-io-gzip-'));
  const lines = Array.from({ length: 400 }, (_, i) => `w${i} ${i % 7} ${i % 3}`);
  const gz = gzipSync(`${lines.length} 2\n${lines.join('\n')}\n`);
  files.truncated = join(folder, 'truncated.txt.gz');
  await writeFile(files.truncated, gz.subarray(0, gz.length >> 1));
  const corrupt = Buffer.from(gz);
  for (let i = 20; i < 40; i++) corrupt[i] = (corrupt[i] ?? 0) ^ 0x5a;
  files.corrupt = join(folder, 'corrupt.txt.gz');
  await writeFile(files.corrupt, corrupt);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The error `run` rejects with. */
async function rejection(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe.each([['truncated'], ['corrupt']] as const)('%s gzip input', (kind) => {
  const what = kind === 'truncated' ? /its gzip data is truncated \(unexpected end of file\)/ : /its gzip data is corrupt \(.+\)/;

  it('makes loadWord2VecFormat throw Word2VecFormatError', async () => {
    const error = await rejection(() => loadWord2VecFormat(files[kind]));
    expect(Word2VecFormatError.isInstance(error)).toBe(true);
    expect((error as Error & { code?: string }).code).toBe(kind === 'truncated' ? 'TRUNCATED' : 'INVALID_GZIP');
    expect(error.message).toMatch(new RegExp(`^word2vec text: cannot read past line \\d+: ${what.source}$`));
  });

  it('makes loadWord2VecFormat throw Word2VecFormatError with the byte offset for a binary file', async () => {
    const error = await rejection(() => loadWord2VecFormat(files[kind], { binary: true }));
    expect(error.message).toMatch(new RegExp(`^word2vec binary: cannot read past byte \\d+: ${what.source}$`));
  });

  it('makes readCsv and loadLabeledCsv throw CsvFormatError', async () => {
    for (const read of [() => readCsv(files[kind]), () => loadLabeledCsv(files[kind])]) {
      const error = await rejection(read);
      expect(CsvFormatError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(new RegExp(`^readCsv: .*${kind}.txt.gz: ${what.source} on line \\d+$`));
    }
  });

  it('makes LineCorpus throw CorpusFormatError naming the line reached', async () => {
    const error = await rejection(() => new LineCorpus(files[kind]).count());
    expect(CorpusFormatError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(new RegExp(`^LineCorpus: .*${kind}.txt.gz: ${what.source} after line \\d+$`));
    expect((error as Error & { line?: number }).line).toBeGreaterThan(0);
  });
});
