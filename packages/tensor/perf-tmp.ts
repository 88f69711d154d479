import { randn } from './src/index.ts';
import { matmul as mm } from './src/ops/matmul.ts';
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [64, 128, 256, 512, 1024]) {
  const a = randn([n, n]); const b = randn([n, n]);
  for (let i = 0; i < 3; i++) mm(a, b);
  const reps = Math.max(1, Math.round(3e8 / (2 * n ** 3)));
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const t0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) mm(a, b);
    const u = process.cpuUsage(t0); best = Math.min(best, (u.user + u.system) / 1e6 / reps);
  }
  console.log(n, 'best cpu GFLOP/s', (2 * n ** 3 / best / 1e9).toFixed(2));
}
