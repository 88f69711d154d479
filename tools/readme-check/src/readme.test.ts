// Every ```ts block of the root README and of each package README is a complete program: it runs
// on its own (under tsx, with sibling packages resolved to src by '@dl/source') in an empty
// directory, so no block leans on undefined variables, files or this machine's paths.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { collectBlocks, extractTsBlocks, listReadmes, MACHINE_PATH } from './readme-blocks.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Blocks are written here, inside the workspace, so `@dl/*` imports resolve through this
// package's devDependencies; each runs with an empty temp dir as its working directory.
const blocksDir = fileURLToPath(new URL('../.blocks', import.meta.url));
const blocks = collectBlocks(root);
// @dl/viz exports nothing yet, so its README has no example to run; drop it from here with its first export.
const WITHOUT_EXAMPLE = new Set(['packages/viz/README.md']);
// The cwd is a temp dir, so tsx is named by URL rather than resolved from there.
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

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
    mkdirSync(blocksDir, { recursive: true });
    const file = path.join(blocksDir, `${block.readme.replaceAll('/', '-')}-${block.line}.ts`);
    writeFileSync(file, block.code);
    const cwd = mkdtempSync(path.join(tmpdir(), 'dl-readme-'));
    try {
      execFileSync(process.execPath, ['--conditions=@dl/source', '--import', tsx, file], {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`${block.readme}:${block.line} failed\n${stderr ?? String(error)}`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
