import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One ```ts block of a README: where it is and its code. */
export interface CodeBlock {
  /** The README, relative to the repository root. */
  readme: string;
  /** The 1-based line of the opening fence. */
  line: number;
  code: string;
}

/**
 * The ```ts blocks of a Markdown text, in order. Other languages (sh, text, jsonc) are not run.
 *
 * @example
 * extractTsBlocks('README.md', '```ts\nconst x = 1;\n```\n') // [{ readme: 'README.md', line: 1, code: 'const x = 1;\n' }]
 */
export function extractTsBlocks(readme: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const start = i;
    const code: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ''); i++) code.push(lines[i] ?? '');
    blocks.push({ readme, line: start + 1, code: `${code.join('\n')}\n` });
  }
  return blocks;
}

/** The root README and every package's, relative to `root`. */
export function listReadmes(root: string): string[] {
  const packages = readdirSync(path.join(root, 'packages'))
    .map((dir) => path.join('packages', dir, 'README.md'))
    .filter((file) => existsSync(path.join(root, file)));
  return ['README.md', ...packages];
}

/** Every ```ts block of every README under `root`. */
export function collectBlocks(root: string): CodeBlock[] {
  return listReadmes(root).flatMap((readme) => extractTsBlocks(readme, readFileSync(path.join(root, readme), 'utf8')));
}

/** Absolute paths of this machine or of the team's (a user's machine has none of them). */
export const MACHINE_PATH = /['"`](\/(work|home|Users|root|tmp|mnt|var)\/|[A-Z]:\\)/;
