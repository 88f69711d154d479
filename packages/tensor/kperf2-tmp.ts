const mod = await import(process.argv[2]);
const [m, k, n] = process.argv.slice(3, 6).map(Number);
const a = new Float32Array(m * k).map((_, i) => ((i * 7) % 13) - 6);
const b = new Float32Array(k * n).map((_, i) => ((i * 5) % 11) - 5);
const va = { data: a, shape: [1, m, k], strides: [0, k, 1], offset: 0 };
const vb = { data: b, shape: [1, k, n], strides: [0, n, 1], offset: 0 };
const out = new Float32Array(m * n);
for (let i = 0; i < 5; i++) { out.fill(0); mod.matmul(va, vb, out, 1, m, k, n); }
const reps = Math.max(1, Math.round(1e8 / (2 * m * n * k)));
let best = Infinity;
for (let round = 0; round < 9; round++) {
  const t0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) { out.fill(0); mod.matmul(va, vb, out, 1, m, k, n); }
  const u = process.cpuUsage(t0); best = Math.min(best, (u.user + u.system) / 1e6 / reps);
}
console.log(process.argv[2].split('/').pop(), m, k, n, (best * 1e3).toFixed(3), 'ms', (2 * m * n * k / best / 1e9).toFixed(2), 'GFLOP/s');
