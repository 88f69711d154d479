// relu's backward as autograd ran it before issue #10 (a comparison, a bool mask and `where`, which
// have no wasm kernels) against the fused reluBackward, at the hidden layer of the MLP benchmark
// (128 x 256) and the conv output of the CNN benchmark (32 x 8 x 26 x 26), on both backends.
import { bench, describe } from 'vitest';
import { gt, randn, relu, reluBackward, setBackend, where } from '../src/index.js';

for (const size of [128 * 256, 32 * 8 * 26 * 26]) {
  const dy = randn([size]);
  const out = relu(randn([size]));
  for (const backend of ['wasm', 'cpu']) {
    describe(`relu backward of ${size} float32 (${backend})`, () => {
      const options = { setup: () => { setBackend(backend); } };
      bench('where(gt(out, 0), dy, 0)', () => {
        where(gt(out, 0), dy, 0);
      }, options);
      bench('reluBackward(dy, out)', () => {
        reluBackward(dy, out);
      }, options);
    });
  }
}
