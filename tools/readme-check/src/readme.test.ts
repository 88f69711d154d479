// Every ```ts block of the root README and of each package README is a complete program: it runs
// as its own module (under tsx, with sibling packages resolved to src by '@dl/source') in an empty
// directory, so no block leans on undefined variables, files or this machine's paths.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBlocks, extractTsBlocks, listReadmes, MACHINE_PATH, type CodeBlock } from './readme-blocks.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Blocks are written here, inside the workspace, so `@dl/*` imports resolve through this
// package's devDependencies; src/run-blocks.ts gives each an empty temp dir as working directory.
const blocksDir = fileURLToPath(new URL('../.blocks', import.meta.url));
const blocks = collectBlocks(root);
const WITHOUT_EXAMPLE = new Set<string>();
// Named by URL: the runner changes its working directory, and tsx is a root devDependency.
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

const fileOf = (block: CodeBlock): string => path.join(blocksDir, `${block.readme.replaceAll('/', '-')}-${block.line}.ts`);
let failures: Record<string, string | undefined> = {};

beforeAll(() => {
  rmSync(blocksDir, { recursive: true, force: true });
  mkdirSync(blocksDir, { recursive: true });
  for (const block of blocks) writeFileSync(fileOf(block), block.code);
  const results = path.join(blocksDir, 'results.json');
  const runner = fileURLToPath(new URL('run-blocks.ts', import.meta.url));
  execFileSync(process.execPath, ['--conditions=@dl/source', '--import', tsx, runner, results, ...blocks.map(fileOf)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  failures = JSON.parse(readFileSync(results, 'utf8')) as Record<string, string>;
});

afterAll(() => {
  rmSync(blocksDir, { recursive: true, force: true });
});

describe('extractTsBlocks', () => {
  it('returns ts blocks with their line, and skips other languages', () => {
    const markdown = 'x\n```sh\nnpm i\n```\n```ts\nconst a = 1;\n```\n';
    expect(extractTsBlocks('R.md', markdown)).toEqual([{ readme: 'R.md', line: 5, code: 'const a = 1;\n' }]);
  });
});

describe('README examples', () => {
  it('every package README starts with its install line, then a ts example, then the API overview', () => {
    const problems = listReadmes(root)
      .filter((readme) => readme !== 'README.md')
      .flatMap((readme) => {
        const text = readFileSync(path.join(root, readme), 'utf8');
        const name = `@dl/${path.basename(path.dirname(readme))}`;
        const install = text.indexOf(`npm install ${name}`);
        const example = text.indexOf('```ts\n');
        const overview = text.indexOf('## API overview');
        const found: string[] = [];
        if (install === -1) found.push(`${readme}: no \`npm install ${name}\` line`);
        if (overview === -1) found.push(`${readme}: no "## API overview" section`);
        if (WITHOUT_EXAMPLE.has(readme)) return found;
        if (example === -1 || example < install || example > overview) {
          found.push(`${readme}: the first ts example must come between the install line and the API overview`);
        }
        return found;
      });
    expect(problems).toEqual([]);
  });

  it.each(blocks.map((block) => [`${block.readme}:${block.line}`, block] as const))('%s runs', (_, block) => {
    expect(block.code, 'an absolute path of one machine').not.toMatch(MACHINE_PATH);
    const failure = failures[fileOf(block)];
    if (failure !== undefined) throw new Error(`${block.readme}:${block.line} failed\n${failure}`);
  });
});
