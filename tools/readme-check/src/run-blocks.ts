// Runs README blocks in one Node process (started by readme.test.ts under tsx with the
// '@dl/source' condition), so tsx and the @dl sources are loaded once rather than per block.
// Usage: run-blocks.ts <results.json> <block.ts>...; each block runs in a fresh empty cwd.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [resultsFile, ...files] = process.argv.slice(2);
const failures: Record<string, string> = {};
const home = process.cwd();
for (const file of files) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'dl-readme-'));
  process.chdir(cwd);
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    failures[file] = error instanceof Error ? (error.stack ?? error.message) : String(error);
  } finally {
    process.chdir(home);
    rmSync(cwd, { recursive: true, force: true });
  }
}
if (resultsFile) writeFileSync(resultsFile, JSON.stringify(failures));
