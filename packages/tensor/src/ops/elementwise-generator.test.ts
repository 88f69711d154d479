import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = new URL('../../scripts/generate-elementwise.js', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'dl-generate-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

/** Runs the generator on kernel rows written as `unary` and `binary` table bodies. */
function generate(unary: string, binary: string): { status: number | null; stderr: string; output: string } {
  const rows = path.join(dir, 'rows.ts');
  const out = path.join(dir, 'out.ts');
  writeFileSync(out, '');
  writeFileSync(rows, `export const UNARY = {\n${unary}\n} satisfies R;\nexport const BINARY = {\n${binary}\n} satisfies R;\n`);
  const result = spawnSync(process.execPath, [script, rows, out], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr, output: readFileSync(out, 'utf8') };
}

describe('generate-elementwise', () => {
  it('writes one documented op per row, skipping @internal rows', () => {
    const { status, output } = generate(
      "  // NOTE: a note above the doc stays in the rows.\n  /** -x. @example neg(array([1])) */\n  neg: { dtype: 'noBool', f: (x) => -x },\n  /** @internal no op */\n  copy: { dtype: 'same', f: (x) => x },",
      "  /**\n   * x + y.\n   * @example add(a, b)\n   */\n  add: { dtype: 'same', f: (a, b) => a + b },",
    );
    expect(status).toBe(0);
    expect(output).toContain("/** -x. @example neg(array([1])) */\nexport const neg = unaryOp('neg', 'noBool');");
    expect(output).toContain("/**\n * x + y.\n * @example add(a, b)\n */\nexport const add = binaryOp('add', 'same');");
    expect(output).not.toContain('copy');
  });

  it('refuses a row without a doc comment, naming it', () => {
    const { status, stderr } = generate("  // only a note\n  neg: { dtype: 'noBool', f: (x) => -x },", '');
    expect(status).toBe(1);
    expect(stderr).toMatch(/^generate-elementwise: UNARY\.neg: the row needs a doc comment right above it/);
  });

  it('refuses an unknown dtype rule, naming the row and the rule', () => {
    const { status, stderr } = generate('', "  /** x ? y. @example q(a, b) */\n  q: { dtype: 'int', f: (a, b) => a },");
    expect(status).toBe(1);
    expect(stderr).toContain("generate-elementwise: BINARY.q: dtype must be one of same, float, bool, noBool (got dtype: 'int')");
  });
});
