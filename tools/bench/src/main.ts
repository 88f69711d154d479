// `pnpm bench [--quick] [--write]`: runs the root benchmark, prints its markdown, and with
// --write replaces the benchmarks region of the root README.md with it.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, write: { type: 'boolean' } } });

// tfjs's gradient functions ship only in its ES module build, which imports its files without
// extensions and calls require() in Node: a resolve hook and a require let plain Node load it.
register('./tfjs-esm-hook.js', import.meta.url);
(globalThis as { require?: NodeJS.Require }).require ??= createRequire(import.meta.url);

const { FULL, QUICK } = await import('./config.js');
const { runBench } = await import('./bench.js');
const { replaceRegion } = await import('./readme-region.js');

const started = performance.now();
const report = await runBench(values.quick ? QUICK : FULL, (message) => {
  console.warn(`bench: ${message} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
});
console.log(report);
if (values.write) {
  const readme = fileURLToPath(new URL('../../../README.md', import.meta.url));
  writeFileSync(readme, replaceRegion(readFileSync(readme, 'utf8'), report));
  console.warn(`bench: wrote ${readme}`);
}
// The thread pool's workers would keep Node alive.
process.exit(0);
