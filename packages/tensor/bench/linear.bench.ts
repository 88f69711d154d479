// The fused linear layer product x·Wᵀ + b against its two-op form (matmul of a transposed view,
// then a broadcast add) and tfjs-wasm's fused matMul, at the shapes of the MLP benchmarks
// (784→256 and 256→10 at batch 128, 64→128 at batch 64). One thread, CPU time.
import { bench, describe } from 'vitest';
import { add, linear, matmul, randn, setNumThreads, transpose } from '../src/index.js';
import { cpuNow } from './report.js';
import { tf, tfjsCase, toTensor } from './tfjs.js';

setNumThreads(1);
const timing = { time: 1000, warmupTime: 200, now: cpuNow };
const SHAPES: [number, number, number][] = [[128, 784, 256], [128, 256, 10], [64, 64, 128]];

for (const [batch, inFeatures, outFeatures] of SHAPES) {
  describe(`linear [${batch}, ${inFeatures}] -> [${batch}, ${outFeatures}] float32`, () => {
    const x = randn([batch, inFeatures]);
    const weight = randn([outFeatures, inFeatures]);
    const bias = randn([outFeatures]);
    bench('@dl linear (fused)', () => {
      linear(x, weight, bias);
    }, timing);
    bench('@dl add(matmul(x, Wᵀ), b)', () => {
      add(matmul(x, transpose(weight, 0, 1)), bias);
    }, timing);
    const { fn, setup } = tfjsCase('wasm', () => [toTensor(x), toTensor(weight), toTensor(bias)], (a, w, b) =>
      tf.fused.matMul({ a, b: w, transposeB: true, bias: b }),
    );
    bench('tfjs-wasm fused.matMul', fn, { ...timing, setup });
  });
}
