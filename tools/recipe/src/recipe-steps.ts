/**
 * A fenced block of the recipe that edits a file: ```<lang> file=<path> [before="<line>" | after="<prefix>"].
 * `before` inserts above the first line equal to it, `after` below the last line starting with it;
 * with neither, the code goes at the end of the file, or is the whole of a file that is new.
 */
export interface EditStep {
  kind: 'edit';
  /** 1-based line of the opening fence in the recipe. */
  line: number;
  file: string;
  before?: string;
  after?: string;
  code: string;
}

/** A ```sh run block: its commands run in order from the repository root. */
export interface RunStep {
  kind: 'run';
  line: number;
  code: string;
}

export type RecipeStep = EditStep | RunStep;

/** The recipe has a step that cannot be followed; the message names the step's line. */
export class RecipeError extends Error {
  override name = 'RecipeError';
}

const FENCE = /^```(\w+)\s*(.*)$/;
const ATTRIBUTE = /(\w+)="([^"]*)"|(\w+)=(\S+)|(\w+)/g;

function attributes(info: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of info.matchAll(ATTRIBUTE)) {
    // Exactly one alternative matched: key="value", key=value or a bare flag.
    const [, quotedKey, quoted, key, value, flag] = m as unknown as (string | undefined)[];
    found.set(quotedKey ?? key ?? flag ?? '', quoted ?? value ?? '');
  }
  return found;
}

/**
 * The edit and run steps of a recipe, in order; fences without `file=` or `run` are prose.
 * @example
 * recipeSteps('```sh run\npnpm test\n```\n') // [{ kind: 'run', line: 1, code: 'pnpm test\n' }]
 */
export function recipeSteps(markdown: string): RecipeStep[] {
  const steps: RecipeStep[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const line = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    if (i === lines.length) throw new RecipeError(`recipe: the block opened at line ${line} is never closed`);
    const attrs = attributes(open[2]);
    const code = `${body.join('\n')}\n`;
    const file = attrs.get('file');
    if (file !== undefined) {
      if (attrs.has('before') && attrs.has('after')) {
        throw new RecipeError(`recipe: the block at line ${line} gives both before= and after=`);
      }
      steps.push({ kind: 'edit', line, file, before: attrs.get('before'), after: attrs.get('after'), code });
    } else if (attrs.has('run')) {
      steps.push({ kind: 'run', line, code });
    }
  }
  return steps;
}

/**
 * The text of `step.file` after the step: `text` is its current content, undefined for a new file.
 * @example
 * applyEdit('a\n}\n', { kind: 'edit', line: 1, file: 'x.ts', before: '}', code: 'b\n' }) // 'a\nb\n}\n'
 */
export function applyEdit(text: string | undefined, step: EditStep): string {
  const where = `recipe line ${step.line} (${step.file})`;
  if (text === undefined) {
    if (step.before !== undefined || step.after !== undefined) throw new RecipeError(`${where}: the file does not exist`);
    return step.code;
  }
  if (step.before === undefined && step.after === undefined) {
    return `${text.endsWith('\n') ? text : `${text}\n`}${text.length > 0 ? '\n' : ''}${step.code}`;
  }
  const lines = text.split('\n');
  let at = -1;
  if (step.before !== undefined) at = lines.indexOf(step.before);
  else for (let i = 0; i < lines.length; i++) if (lines[i]?.startsWith(step.after ?? '')) at = i + 1;
  if (at < 0) {
    const anchor = step.before !== undefined ? `a line equal to ${JSON.stringify(step.before)}` : `a line starting with ${JSON.stringify(step.after)}`;
    throw new RecipeError(`${where}: no ${anchor}\nhint: the file changed; update the block's anchor in docs/adding-an-op.md`);
  }
  const code = step.code.endsWith('\n') ? step.code.slice(0, -1) : step.code;
  lines.splice(at, 0, ...code.split('\n'));
  return lines.join('\n');
}

/** Lines of code the edit steps add by hand (blank lines and new files such as changesets excluded). */
export function handEditedLines(steps: readonly RecipeStep[], isNewFile: (file: string) => boolean): number {
  return steps
    .filter((s): s is EditStep => s.kind === 'edit' && !isNewFile(s.file))
    .reduce((n, s) => n + s.code.split('\n').filter((l) => l.trim() !== '').length, 0);
}
