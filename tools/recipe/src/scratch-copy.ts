import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Caches vitest and vite keep inside a package's node_modules: not part of an install. */
const CACHES = new Set(['.vite', '.vite-temp', '.cache']);

/** The repository's files as a contributor sees them: tracked or new, not ignored, not deleted. */
export function workingFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return [...new Set(out.split('\0'))].filter((file) => file !== '' && existsSync(path.join(root, file)));
}

/**
 * Copies the working files of `root` into a new temp directory and links the install: the root
 * node_modules (third-party packages) as one symlink, each workspace package's node_modules as a
 * copy of its links, which are relative, so `@dl/*` resolves to the copy's sources, never the
 * checkout's. Generated, git-ignored files are left out: the recipe has to make them.
 * @example
 * const scratch = scratchCopy('/path/to/repo'); // '/tmp/dl-recipe-XXXXXX'
 */
export function scratchCopy(root: string): string {
  const scratch = mkdtempSync(path.join(tmpdir(), 'dl-recipe-'));
  for (const file of workingFiles(root)) {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(scratch, file));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
  for (const group of ['packages', 'apps', 'tools']) {
    if (!existsSync(path.join(root, group))) continue;
    for (const name of readdirSync(path.join(root, group))) {
      const modules = path.join(root, group, name, 'node_modules');
      if (!existsSync(modules)) continue;
      cpSync(modules, path.join(scratch, group, name, 'node_modules'), {
        recursive: true,
        verbatimSymlinks: true,
        filter: (source) => !CACHES.has(path.basename(source)),
      });
    }
  }
  return scratch;
}
