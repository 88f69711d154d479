import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const sources = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [path] : [];
  });

describe('Node built-ins', () => {
  it('is the only way library code reaches Node built-ins, so browser bundles load none', () => {
    // A value import of 'node:*' (or of fs, zlib... without the prefix) would run at load time
    // in a browser bundle; type imports are erased.
    const offenders = sources(SRC).flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => /^\s*import\s+(?!type\b).*from\s+'(node:|fs|path|zlib|readline|stream|crypto|os)/.test(line) || line.includes('require('))
        .map((line) => `${relative(SRC, path)}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
