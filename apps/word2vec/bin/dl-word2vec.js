#!/usr/bin/env node
// Runs the built CLI (dist/cli.js, `pnpm --filter word2vec build`) in this process when it is
// there and not older than the sources it was bundled from: no tsx loader in the process or its
// workers (about 80 MB less per thread). Otherwise, as a development fallback, the TypeScript
// sources run through tsx with @dl/* resolved to their sources (the @dl/source condition).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const app = fileURLToPath(new URL('..', import.meta.url));
const built = join(app, 'dist/cli.js');

/** The newest modification time of the files under `folder` (0 when it does not exist). */
function newest(folder) {
  if (!existsSync(folder)) return 0;
  let time = 0;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return time;
}

/** The bundle is stale when the app's or a bundled @dl package's sources changed after it was built. */
function fresh() {
  if (!existsSync(built)) return false;
  const scopes = join(app, 'node_modules/@dl');
  const sources = [join(app, 'src'), ...(existsSync(scopes) ? readdirSync(scopes).map((name) => join(scopes, name, 'src')) : [])];
  const builtAt = statSync(built).mtimeMs;
  return sources.every((folder) => newest(folder) <= builtAt);
}

if (fresh()) {
  const { main } = await import(new URL('../dist/cli.js', import.meta.url).href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  const cli = join(app, 'src/cli.ts');
  const child = spawn(process.execPath, ['--conditions=@dl/source', '--import', import.meta.resolve('tsx'), cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  // Pass a stop on to the child, so it can clean up (its temporary corpus copy) and end.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exitCode = code ?? 1;
  });
}
