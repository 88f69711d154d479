import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdit, handEditedLines, recipeSteps, type EditStep, type RunStep } from './recipe-steps.js';
import { scratchCopy, workingFiles } from './scratch-copy.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RECIPE = 'docs/adding-an-op.md';
/** What the recipe's commands rewrite besides the files it edits: the PyTorch fixture JSON. */
const REGENERATED = ['packages/autograd/src/__fixtures__/ops.json'];
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch']).status === 0;
const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const markdown = readFileSync(path.join(root, RECIPE), 'utf8');
const steps = recipeSteps(markdown);
const edits = steps.filter((s): s is EditStep => s.kind === 'edit');
const isNewFile = (file: string): boolean => !existsSync(path.join(root, file));
const handEdited = [...new Set(edits.map((s) => s.file))].filter((file) => !isNewFile(file));
const op = /name: '(\w+)'/.exec(edits.map((s) => s.code).join('\n'))?.[1];

let scratch = '';
const runs: { step: RunStep; status: number | null; output: string }[] = [];

/** The environment of a contributor's shell: no outer vitest, and `pnpm` on PATH even under `npx pnpm`. */
function shellEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^VITEST|^VITE_/.test(key)));
  const pnpm = process.env.npm_execpath;
  if (pnpm !== undefined && path.basename(pnpm).includes('pnpm')) {
    const bin = path.join(scratch, '.recipe-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'pnpm'), `#!/bin/sh\nexec "${process.execPath}" "${pnpm}" "$@"\n`);
    chmodSync(path.join(bin, 'pnpm'), 0o755);
    env.PATH = `${bin}${path.delimiter}${env.PATH ?? ''}`;
  }
  return env;
}

function run(code: string, cwd: string): { status: number | null; output: string } {
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', code], { cwd, env: shellEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('docs/adding-an-op.md', () => {
  it('holds a worked example: edits naming an op, then commands', () => {
    expect(op).toBeTypeOf('string');
    expect(steps.map((s) => s.kind)).toContain('run');
    expect(steps.at(-1)?.kind).toBe('run');
  });



  it('states the real count of hand edits', () => {
    const places = /\*\*(\w+) places\*\*/.exec(markdown)?.[1];
    expect(places, 'the "**<n> places**" sentence').toBe(NUMBERS[handEdited.length]);
    const measured = /\*\*(\d+) source files edited by hand \((\d+) lines\)\*\*/.exec(markdown);
    const lines = handEditedLines(steps, isNewFile);
    expect([measured?.[1], measured?.[2]]).toEqual([String(handEdited.length), String(lines)]);
    const contributing = readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8');
    expect(contributing).toContain(`${NUMBERS[handEdited.length]} places`);
    expect(contributing).toContain(`${handEdited.length} files and ${lines} lines by hand`);
  });
});

// The recipe's fixture command needs PyTorch, which CI does not otherwise need (as the gensim
// interop tests, this suite says why it skips without it).
describe.skipIf(!hasTorch)(`docs/adding-an-op.md in a scratch copy${hasTorch ? '' : ` (skipped: ${PYTHON} has no torch)`}`, () => {
  beforeAll(() => {
    scratch = scratchCopy(root);
    for (const step of steps) {
      if (step.kind === 'edit') {
        const file = path.join(scratch, step.file);
        const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, applyEdit(text, step));
        continue;
      }
      const result = run(step.code, scratch);
      runs.push({ step, ...result });
      if (result.status !== 0) break;
    }
  });

  afterAll(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  it('runs every command to success in a scratch copy after the edits', () => {
    expect(runs.length).toBe(steps.filter((s) => s.kind === 'run').length);
    for (const { step, status, output } of runs) {
      expect(status, `recipe line ${step.line} failed:\n${step.code}\n${output.slice(-6000)}`).toBe(0);
    }
  });

  it('makes the op a public function and a method of NDArray and Tensor', () => {
    const probe = [
      "import * as nd from '@dl/tensor';",
      "import * as ag from '@dl/autograd';",
      `const name = ${JSON.stringify(op)};`,
      'const kinds = [nd[name], nd.array([1])[name], ag[name], ag.tensor([1])[name]].map((f) => typeof f);',
      'process.stdout.write(JSON.stringify(kinds));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--conditions=@dl/source', '--import', 'tsx', '--input-type=module', '-e', probe], {
      cwd: path.join(scratch, 'tools/recipe'),
      env: shellEnv(),
      encoding: 'utf8',
    });
    expect(`${result.stdout}${result.stderr}`).toBe(JSON.stringify(['function', 'function', 'function', 'function']));
  });

  it('changes only the files its edits name and the fixtures its commands regenerate', () => {
    const changed = workingFiles(root).filter((file) => {
      const copy = path.join(scratch, file);
      return !existsSync(copy) || !readFileSync(copy).equals(readFileSync(path.join(root, file)));
    });
    const created = edits.map((s) => s.file).filter(isNewFile);
    expect([...changed, ...created].sort()).toEqual([...new Set([...handEdited, ...created, ...REGENERATED])].sort());
  });

  it('leaves the checkout alone', () => {
    expect(scratch.startsWith(root)).toBe(false);
    for (const step of edits) {
      if (isNewFile(step.file)) continue;
      expect(readFileSync(path.join(root, step.file), 'utf8')).not.toContain(step.code.trim());
    }
    const created = edits.map((s) => s.file).filter((file) => !handEdited.includes(file));
    expect(created.filter((file) => existsSync(path.join(root, file)))).toEqual([]);
  });
});
