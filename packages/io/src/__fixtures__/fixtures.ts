// Test-only helpers: committed fixtures (made by make_fixtures.py) and the optional Python oracle.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in src/__fixtures__. */
export const fixturePath = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** The bytes of a fixture file. */
export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturePath(name)));

/** Expected values of a fixture tensor, as make_fixtures.py dumped them ('nan'/'inf' spelled out). */
export interface ExpectedTensor {
  dtype: 'float32' | 'float64' | 'int32' | 'bool';
  shape: number[];
  values: (number | string)[];
}

/** Decodes the JSON spelling of non-finite values. */
export const decodeNumber = (value: number | string): number =>
  typeof value === 'number' ? value : value === 'nan' ? NaN : value === 'inf' ? Infinity : -Infinity;

/** Reads a JSON fixture. */
export const fixtureJson = (name: string): unknown => JSON.parse(readFileSync(fixturePath(name), 'utf8'));

/** Debian's Python, used only when it has the module (fixtures stay the CI path). */
export const PYTHON = '/usr/bin/python3';

/** True when `/usr/bin/python3 -c 'import <module>'` succeeds. */
export function pythonHas(module: string): boolean {
  const result = spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 300_000 });
  return result.status === 0;
}

/** Runs a fixture script with Python and parses its JSON output. */
export function runPython(script: string, args: string[]): unknown {
  const result = spawnSync(PYTHON, [fixturePath(script), ...args], { encoding: 'utf8', timeout: 300_000, cwd: fixturePath('.') });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
