import { describe, expect, it } from 'vitest';
import { applyEdit, handEditedLines, recipeSteps, RecipeError, type EditStep } from './recipe-steps.js';

const edit = (fields: Partial<EditStep>): EditStep => ({ kind: 'edit', line: 7, file: 'a.ts', code: 'new\n', ...fields });

describe('recipeSteps', () => {
  it('reads edit blocks with their anchors and run blocks, skipping prose blocks', () => {
    const markdown = [
      '```ts file=a.ts before="} satisfies X;"', 'row', '```',
      '```py file=b.py after="elementwise("', 'line', '```',
      '```ts', 'prose();', '```',
      '```sh run', 'pnpm test', '```',
    ].join('\n');
    expect(recipeSteps(markdown)).toEqual([
      { kind: 'edit', line: 1, file: 'a.ts', before: '} satisfies X;', after: undefined, code: 'row\n' },
      { kind: 'edit', line: 4, file: 'b.py', before: undefined, after: 'elementwise(', code: 'line\n' },
      { kind: 'run', line: 10, code: 'pnpm test\n' },
    ]);
  });

  it('refuses a block that is never closed, naming its line', () => {
    expect(() => recipeSteps('text\n```sh run\npnpm test\n')).toThrow(/block opened at line 2 is never closed/);
  });

  it('refuses a block with both anchors', () => {
    expect(() => recipeSteps('```ts file=a.ts before="x" after="y"\n```\n')).toThrow(RecipeError);
  });
});

describe('applyEdit', () => {
  it('inserts above the first line equal to `before`', () => {
    expect(applyEdit('a\n}\nb\n}\n', edit({ before: '}' }))).toBe('a\nnew\n}\nb\n}\n');
  });

  it('inserts below the last line starting with `after`', () => {
    expect(applyEdit('f(1)\nf(2)\nrest\n', edit({ after: 'f(' }))).toBe('f(1)\nf(2)\nnew\nrest\n');
  });

  it('appends after a blank line, or writes a new file whole', () => {
    expect(applyEdit('old\n', edit({}))).toBe('old\n\nnew\n');
    expect(applyEdit(undefined, edit({}))).toBe('new\n');
  });

  it('names the recipe line and the missing anchor', () => {
    expect(() => applyEdit('a\n', edit({ before: '}' }))).toThrow('recipe line 7 (a.ts): no a line equal to "}"');
    expect(() => applyEdit(undefined, edit({ after: 'x' }))).toThrow('recipe line 7 (a.ts): the file does not exist');
  });
});

describe('handEditedLines', () => {
  it('counts non-blank lines of edits to existing files', () => {
    const steps = [edit({ code: 'a\n\nb\n' }), edit({ file: 'new.md', code: 'x\ny\n' }), { kind: 'run' as const, line: 1, code: 'ls\n' }];
    expect(handEditedLines(steps, (file) => file === 'new.md')).toBe(2);
  });
});
