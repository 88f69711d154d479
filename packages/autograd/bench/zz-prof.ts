import * as ag from '@dl/autograd';
import * as nd from '@dl/tensor';
const a = ag.tensor(nd.randn([2, 2]), { requiresGrad: true });
const b = ag.tensor(nd.randn([2, 2]), { requiresGrad: true });
const c = ag.tensor(nd.randn([2, 2]));
const d = ag.tensor(nd.randn([2, 2]));
function time(label: string, fn: () => void, n = 200000) {
  for (let i = 0; i < n / 4; i++) fn();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, ((performance.now() - t) * 1000) / n);
  }
  console.log(label, best.toFixed(3), 'µs');
}
time('nd.add', () => nd.add(a.data, b.data));
time('ag.add no grad', () => ag.add(c, d));
time('ag.add recorded', () => ag.add(a, b));
time('nd.full scalar', () => nd.full([], 1, { dtype: 'float32' }));
time('new Float32Array(4)', () => new Float32Array(4));
