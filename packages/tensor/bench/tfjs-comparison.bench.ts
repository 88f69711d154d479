// Element-wise ops, a full reduction and per-op overhead on tiny arrays: @dl against tfjs's cpu
// and wasm backends, one thread each. vitest prints ops/s; the lines printed here convert them
// to the units that matter for each case (elements per second, or microseconds per op).
import { bench, describe, type BenchOptions } from 'vitest';
import { add, array, exp, mul, randn, sum, type NDArray } from '../src/index.js';
import { cpuNow, format, median, recorded } from './report.js';
import { tf, tfjsCase, toTensor, type TfBackend } from './tfjs.js';

const BACKENDS = ['cpu', 'wasm'] satisfies TfBackend[];

/**
 * One comparison group: @dl's `ours` against `theirs` on each tfjs backend, reporting each
 * result (median ms per call) through `describeResult` once the group's last benchmark has run.
 */
function compare(
  group: string,
  inputs: readonly NDArray[],
  ours: (...xs: NDArray[]) => unknown,
  theirs: (...xs: tf.Tensor[]) => tf.Tensor,
  describeResult: (ms: number) => string,
  timing: BenchOptions,
): void {
  // eslint-disable-next-line vitest/valid-title -- the title is the group name the caller passes
  describe(group, () => {
    bench('@dl', () => {
      ours(...inputs);
    }, recorded(`${group} @dl`, timing));
    for (const backend of BACKENDS) {
      const { fn, setup } = tfjsCase(backend, () => inputs.map(toTensor), theirs);
      bench(`tfjs-${backend}`, fn, recorded(`${group} tfjs-${backend}`, {
        ...timing,
        setup,
        onDone: backend === 'wasm' ? () => {
          const cells = ['@dl', 'tfjs-cpu', 'tfjs-wasm'].map((name) => {
            const ms = median(`${group} ${name}`);
            return `${name} ${ms === undefined ? '–' : describeResult(ms)}`;
          });
          console.log(`${group}: ${cells.join(', ')}`);
        } : undefined,
      }));
    }
  });
}

const SIZE = 1_000_000;
const x = randn([SIZE]);
const y = randn([SIZE]);
const throughput = (ms: number): string => `${format(SIZE / (ms * 1e3), 0)} M elements/s`;
// Milliseconds per call: CPU time keeps a shared machine's waits out of the numbers.
const large = { time: 500, warmupTime: 100, now: cpuNow };

compare('add of 1e6 float32', [x, y], (a, b) => add(a, b), (a, b) => tf.add(a, b), throughput, large);
compare('mul of 1e6 float32', [x, y], (a, b) => mul(a, b), (a, b) => tf.mul(a, b), throughput, large);
compare('exp of 1e6 float32', [x], (a) => exp(a), (a) => tf.exp(a), throughput, large);
compare('sum of 1e6 float32', [x], (a) => sum(a), (a) => tf.sum(a), throughput, large);

// Per-op overhead: validation, dtype and shape bookkeeping, allocation — not arithmetic. About a
// microsecond per call, below the CPU clock's resolution, so this one keeps wall time.
const small = array([[1, 2], [3, 4]]);
compare('add of two 2x2', [small, small], (a, b) => add(a, b), (a, b) => tf.add(a, b), (ms) => `${format(ms * 1e3, 2)} µs/op`, { time: 500, warmupTime: 100 });
