import { full, Generator } from '@dl/tensor';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Linear } from '@dl/nn';
import { isTempFileName, loadCheckpoint, loadFile, safeOpen, saveCheckpoint, saveFile, writeFileAtomic } from '../index.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dl-io-atomic-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file', async () => {
    const path = join(folder, 'a.txt');
    await writeFile(path, 'old');
    await writeFileAtomic(path, [encode('new '), encode('text')]);
    expect(await readFile(path, 'utf8')).toBe('new text');
    expect(await readdir(folder)).toEqual(['a.txt']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    const path = join(folder, 'a.txt');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await writeFileAtomic(path, [encode('new')]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file and no temporary file when writing fails midway', async () => {
    const path = join(folder, 'a.txt');
    await writeFile(path, 'old');
    function* failing(): Iterable<Uint8Array> {
      yield encode('partial');
      throw new Error('disk on fire');
    }
    await expect(writeFileAtomic(path, failing())).rejects.toThrow(/disk on fire/);
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(folder)).toEqual(['a.txt']);
  });
});

describe('writeFileAtomic (concurrent calls for one file)', () => {
  it('leaves the data of the last call, however long each write takes', async () => {
    const path = join(folder, 'a.bin');
    // The first call writes the most, so it finishes last unless renames keep call order.
    const sizes = [1 << 23, 1 << 20, 1 << 10, 1];
    await Promise.all(sizes.map((size, i) => writeFileAtomic(i % 2 === 0 ? path : join(folder, '.', 'a.bin'), [new Uint8Array(size).fill(i + 1)])));
    const bytes = await readFile(path);
    expect([bytes.length, bytes[0]]).toEqual([1, 4]);
    expect(await readdir(folder)).toEqual(['a.bin']);
  });

  it('still renames later calls when an earlier one fails', async () => {
    const path = join(folder, 'a.txt');
    function* failing(): Iterable<Uint8Array> {
      yield encode('partial');
      throw new Error('disk on fire');
    }
    const results = await Promise.allSettled([writeFileAtomic(path, [encode('first')]), writeFileAtomic(path, failing()), writeFileAtomic(path, [encode('last')])]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await readFile(path, 'utf8')).toBe('last');
  });
});

describe('saveCheckpoint (concurrent calls for one file)', () => {
  it('leaves the checkpoint of the last call (#9)', async () => {
    const path = join(folder, 'run.safetensors');
    await Promise.all([600, 300, 2, 1].map((width, epoch) => saveCheckpoint({ model: new Linear(width, width), epoch, generators: {} }, path)));
    const info = await loadCheckpoint(path, { generators: {} });
    expect([info.epoch, info.modelState.weight.shape]).toEqual([3, [1, 1]]);
  });
});

describe('isTempFileName', () => {
  it('recognises the temporary names of a target and nothing else', () => {
    expect(isTempFileName('.model.safetensors.3f2a9c01beef.tmp', 'model.safetensors')).toBe(true);
    expect(isTempFileName('model.safetensors', 'model.safetensors')).toBe(false);
    expect(isTempFileName('.other.safetensors.3f2a.tmp', 'model.safetensors')).toBe(false);
  });
});

describe('saveFile (killed mid-save)', () => {
  it('always leaves a complete old or new file when the writer is SIGKILLed at random moments', async () => {
    const path = join(folder, 'model.safetensors');
    const size = 1 << 21; // 8 MB of float32 per save, so kills land mid-write
    await saveFile({ weight: full([size], 0), version: full([1], 0, { dtype: 'int32' }) }, path, { metadata: { version: '0' } });
    const random = new Generator(7);
    const child = fileURLToPath(new URL('../__fixtures__/save-loop.ts', import.meta.url));
    const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
    let lastSeen = 0;
    for (let round = 0; round < 5; round++) {
      const writer = spawn(process.execPath, ['--conditions=@dl/source', '--import', 'tsx', child, path, String(size)], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'inherit'] });
      let reported = 0;
      const exited = new Promise<void>((resolve) => writer.once('exit', () => { resolve(); }));
      // Wait for the first completed save of this child, then kill it a random moment later.
      await new Promise<void>((resolve) => {
        writer.stdout.on('data', (chunk: Buffer) => {
          reported = Math.max(reported, ...String(chunk).trim().split('\n').map(Number));
          resolve();
        });
        void exited.then(() => { resolve(); });
      });
      await new Promise((resolve) => setTimeout(resolve, random.integer(0, 120)));
      writer.kill('SIGKILL');
      await exited;

      const file = await safeOpen(path);
      const version = Number(file.metadata()?.version);
      await file.close();
      const loaded = await loadFile(path);
      // The file is one complete version: at least the last reported one, at most one beyond.
      expect(version).toBeGreaterThanOrEqual(reported);
      expect(version).toBeLessThanOrEqual(reported + 1);
      expect(loaded.version.item()).toBe(version);
      const weights = loaded.weight.dataSync();
      expect(weights.length).toBe(size);
      expect(weights.every((value) => value === version)).toBe(true);
      lastSeen = version;
      // Leftovers of killed saves are hidden .tmp files, never the target.
      for (const name of await readdir(folder)) expect(name === 'model.safetensors' || isTempFileName(name, 'model.safetensors')).toBe(true);
    }
    expect(lastSeen).toBeGreaterThan(0);
  });
});
