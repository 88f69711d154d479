#!/usr/bin/env node
// The app runs from its TypeScript sources, with @dl/* resolved to theirs (the @dl/source condition).
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--conditions=@dl/source', '--import', import.meta.resolve('tsx'), cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
