import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { collectSamples, extractSamples } from './samples.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('.samples/', import.meta.url));

describe('extractSamples', () => {
  it('takes ts blocks only, in order', () => {
    const markdown = '# t\n```ts\nconst a = 1;\n```\n```sh\nls\n```\n```ts\nconst b = 2;\n```\n';
    expect(extractSamples(markdown)).toEqual(['const a = 1;\n', 'const b = 2;\n']);
  });
});

describe('code samples of the guides', () => {
  const samples = collectSamples(root, ['guide'], ['../../CONTRIBUTING.md']);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  it('finds samples on every guide page that teaches code', () => {
    expect(samples.length).toBeGreaterThan(15);
  });

  // Each block is a module of its own: it must import what it uses, as a reader's file would.
  it.each(samples.map((sample, k) => [sample.id, sample.code, k] as const))('%s runs', async (id, code, k) => {
    const file = join(outDir, `sample-${k}-${id.replace(/[^a-z0-9]+/gi, '-')}.ts`);
    writeFileSync(file, `${code}\nexport {};\n`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let printed = 0;
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      printed = log.mock.calls.length;
      log.mockRestore();
    }
    // Every sample shows its result, so a sample that stops before its output fails here.
    expect(printed).toBeGreaterThan(0);
  });
});
