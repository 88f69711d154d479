// A tour of @dl/tensor: run with `pnpm demo` from the repo root.
import * as nd from '@dl/tensor';

nd.manualSeed(0);

const a = nd.array([[2, 3, 4], [5, 6, 7]]);
const b = nd.array([[4, 5, 6, 7], [8, 9, 1, 2], [4, 7, 1, 4]]);
console.log('a @ b =', nd.matmul(a, b).toString());

const x = nd.arange(12).reshape([3, 4]);
console.log('\nx =', x.toString());
console.log('x.T (a view, no copy):', x.T.toString(), '\nshares storage:', x.T.data === x.data);
console.log('x[:, ::2] =', x.slice(1, { step: 2 }).toString());
console.log('broadcast x + [10, 20, 30, 40] =', x.add(nd.array([10, 20, 30, 40], { dtype: 'int32' })).toString());

const logits = nd.array([[1e4, -1e4, 0], [1, 2, 3]]);
console.log('\nsoftmax of extreme logits stays finite:', nd.softmax(logits, 1).toString());
console.log('sum over dim 1, keepdim:', nd.sum(x, 1, { keepdim: true }).toString());

const { values, indices } = nd.topk(nd.randn([8]), 3);
console.log('\ntop 3 of randn(8):', values.toString(), indices.toString());

const big = nd.randn([512, 512]);
const start = performance.now();
nd.matmul(big, big);
const ms = performance.now() - start;
console.log(`\n512x512 matmul: ${ms.toFixed(1)} ms (${((2 * 512 ** 3) / ms / 1e6).toFixed(2)} GFLOP/s)`);

try {
  nd.matmul(nd.zeros([2, 3]), nd.zeros([4, 5]));
} catch (error) {
  console.log('\nerrors name the op and the shapes:', String(error));
}
