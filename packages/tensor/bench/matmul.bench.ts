// matmul throughput, @dl against tfjs (pure-JS cpu backend and SIMD wasm backend), one thread each.
// vitest prints ops/s per size and a GFLOP/s line follows each size; the closing markdown table
// (interleaved best-of rounds, with numpy when /usr/bin/python3 has it) is what README.md records.
import { bench, describe } from 'vitest';
import { matmul, randn } from '../src/index.js';
import { matmulTable } from './matmul-table.js';
import { cpuNow, format, median, recorded } from './report.js';
import { tf, tfjsCase, toTensor, type TfBackend } from './tfjs.js';

// Measured while the file loads, before vitest's runs; printed after them.
const table = await matmulTable();

/** tfjs-cpu needs seconds per 1024 product, minutes per 2048 one. */
const SIZES = [64, 128, 256, 512, 1024];

// tfjs-cpu needs seconds per 1024 product: few iterations there, while the time budget gives
// small sizes thousands of samples. CPU time, as in the table: the machine may be shared.
const timing = { time: 1000, iterations: 2, warmupTime: 200, warmupIterations: 1, now: cpuNow };

function printSize(n: number): void {
  const [dl, cpu, wasm] = ['@dl', 'tfjs-cpu', 'tfjs-wasm'].map((name) => {
    const ms = median(`${name} ${n}`);
    return ms === undefined ? undefined : (2 * n ** 3) / (ms * 1e6);
  });
  const ratio = (x: number | undefined): string => format(dl !== undefined && x !== undefined ? dl / x : undefined);
  console.log(
    `matmul ${n}x${n} float32 (median CPU time of the runs above): @dl ${format(dl)} GFLOP/s, tfjs-cpu ${format(cpu)}, ` +
      `tfjs-wasm ${format(wasm)}; @dl/tfjs-cpu ${ratio(cpu)}x, @dl/tfjs-wasm ${ratio(wasm)}x`,
  );
}

for (const n of SIZES) {
  describe(`matmul ${n}x${n} float32`, () => {
    const a = randn([n, n]);
    const b = randn([n, n]);
    bench('@dl', () => {
      matmul(a, b);
    }, recorded(`@dl ${n}`, timing));
    for (const backend of ['cpu', 'wasm'] satisfies TfBackend[]) {
      const { fn, setup } = tfjsCase(backend, () => [toTensor(a), toTensor(b)], (x, y) => tf.matMul(x, y));
      bench(`tfjs-${backend}`, fn, recorded(`tfjs-${backend} ${n}`, {
        ...timing,
        setup,
        onDone: backend === 'wasm' ? () => {
          printSize(n);
          if (n === SIZES[SIZES.length - 1]) console.log(`\n${table}`);
        } : undefined,
      }));
    }
  });
}
