// Every function an error hint of @dl/tensor or @dl/autograd names must exist: as an export of
// either package or as a method of NDArray or Tensor. The hints are read from the source files.
import * as ag from '@dl/autograd';
import * as nd from '@dl/tensor';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGES = ['tensor', 'autograd'].map((name) => new URL(`../../${name}/src/`, import.meta.url).pathname);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The text of each `hint:` line, up to the end of its string literal. */
function hints(): { file: string; hint: string }[] {
  return PACKAGES.flatMap(sourceFiles).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/hint: ([^`'"\n]*(?:'[^'\n]*'[^`'"\n]*)*)/g)].map((m) => ({ file, hint: m[1] })),
  );
}

/**
 * Names a hint presents as API: `name(` calls and the alternatives of `use a / b, or c`.
 * Template holes (`${op}(x, -1)`) are skipped: their name is the op's own.
 */
function namesIn(hint: string): string[] {
  const text = hint.replace(/\w*\$\{[^}]*\}\w*/g, ' ');
  const calls = [...text.matchAll(/([A-Za-z_$][\w$]*)\(/g)].map((m) => m[1]);
  const uses = [...text.matchAll(/\buse ((?:[A-Za-z_$][\w$]*(?: \/ |, or |, | or )?)+)/g)].flatMap((m) =>
    m[1].split(/ \/ |, or |, | or /).filter((word) => /^[a-z]+[A-Z]\w*$/.test(word)),
  );
  return [...calls, ...uses];
}

const KNOWN = new Set<string>([
  ...Object.keys(nd),
  ...Object.keys(ag),
  ...Object.getOwnPropertyNames(nd.NDArray.prototype),
  ...Object.getOwnPropertyNames(ag.Tensor.prototype),
]);

describe('error hints', () => {
  it('finds the hints in the sources', () => {
    expect(hints().length).toBeGreaterThan(10);
  });

  it('reads calls and the alternatives of "use a / b" as names', () => {
    expect(namesIn("use logicalNot / logicalXor, or cast with astype(x, 'int32')")).toEqual(['astype', 'logicalNot', 'logicalXor']);
    expect(namesIn('${op}(x, -1) works; loss.sum().backward()')).toEqual(['sum', 'backward']);
  });

  it('name only functions that exist', () => {
    const unknown = hints().flatMap(({ file, hint }) =>
      namesIn(hint)
        .filter((name) => !KNOWN.has(name))
        .map((name) => `${name} (in "${hint}", ${file.split('/src/')[1]})`),
    );
    expect(unknown).toEqual([]);
    expect(hints().flatMap(({ hint }) => namesIn(hint))).toContain('astype');
  });
});
