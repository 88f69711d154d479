// The root benchmark (issues #10 and #11): one run measures everything side by side and returns
// the markdown that `pnpm bench` prints and `pnpm bench --write` puts into README.md.
import { ready, setBackend, setNumThreads, threadsReady } from '@dl/tensor';
import type { BenchConfig } from './config.js';
import { coreRoundTripNs } from './core-latency.js';
import { loadAverage, machineLine } from './machine.js';
import { measureMemory, memoryTable } from './memory.js';
import { elementwiseRows, matmulRows, overheadRows } from './ops.js';
import { simdPeak } from './peak.js';
import { pythonOk, runPython, type PythonFailure, type PythonResult } from './python.js';
import { oneThreadTable, type Row } from './table.js';
import { loadTfjs } from './tfjs.js';
import { measureThreads, pairedSpeedups, threadPythonRuns, threadsTable } from './threads.js';
import { digitsRow, torchStepRun, trainStepRows } from './training.js';
import { format } from './markdown.js';

/** Why a Python column is empty, or undefined when it is filled. */
function pythonNote(run: PythonResult | PythonFailure): string | undefined {
  if ('failure' in run) return `numpy and PyTorch columns skipped: ${run.failure}`;
  const missing = [run.numpy ? undefined : 'numpy', run.torch ? undefined : 'PyTorch'].filter((name) => name !== undefined);
  return missing.length > 0 ? `${missing.join(' and ')} not installed in /usr/bin/python3: column skipped` : undefined;
}

/**
 * Runs every measurement of `config` and returns the markdown report; `progress` hears what runs.
 * @example
 * console.log(await runBench(QUICK, console.warn));
 */
export async function runBench(config: BenchConfig, progress: (message: string) => void): Promise<string> {
  const loadAtStart = loadAverage();
  const date = new Date();
  await ready();
  setBackend('wasm');
  // @dl defaults to one thread per core: the one-thread table must say so explicitly.
  setNumThreads(1);
  await threadsReady();
  const tf = await loadTfjs();

  progress('SIMD128 peak');
  const peak = simdPeak(config.quick ? { runs: 1, runMs: 5 } : { runs: 10, runMs: 100 });
  progress('numpy / PyTorch, one thread');
  const pythonRun = runPython({
    threads: 1, clock: 'cpu', rounds: config.rounds, roundMs: config.roundMs, bigRounds: config.bigRounds,
    matmulSizes: config.matmulSizes, elements: config.elements, overhead: true, steps: [],
  });
  const python = pythonOk(pythonRun);
  const torchSteps = python?.torch ? torchStepRun(config) : undefined;
  const rows: Row[] = [];
  progress('matmul');
  rows.push(...(await matmulRows(config, tf, python)));
  progress('element-wise');
  rows.push(...(await elementwiseRows(config, tf, python)));
  progress('op overhead');
  rows.push(...(await overheadRows(config, tf, python)));
  progress('training steps');
  rows.push(...(await trainStepRows(config, tf, torchSteps)));
  progress('digits recipe');
  rows.push(await digitsRow(config));
  setBackend('wasm');

  progress('two threads');
  const threadRuns = threadPythonRuns(config);
  const trips = config.quick ? 1000 : 200_000;
  const roundTrips = [await coreRoundTripNs(trips)];
  const threadRows = await measureThreads(config, threadRuns);
  const threads = threadsTable(threadRows);
  roundTrips.push(await coreRoundTripNs(trips));
  progress('memory');
  const memory = memoryTable(measureMemory(config));

  const notes = [
    tf ? undefined : 'tfjs columns skipped: @tensorflow/tfjs-core and its backends are not installed',
    pythonNote(pythonRun),
    ...threadRuns.map((run, i) => (i === 0 ? undefined : pythonNote(run))),
  ].filter((note) => note !== undefined);
  return [
    `#### One thread${config.quick ? ' (quick mode: tiny sizes, one round; the figures mean little)' : ''}`,
    '',
    `CPU time (process.cpuUsage, Python's time.process_time), so waiting for a busy core does not count; best of ${config.rounds} interleaved rounds ` +
      `(matmul: ${config.matmulRounds}, ${config.bigRounds} for n >= 1024) of at least ${config.roundMs} ms each, the calls of a round timed in batches that double until one lasts 1% of it (reading a CPU clock costs about 2 µs on both sides, as much as a 2x2 op). GFLOP/s: higher is better; ms, µs, s: lower is better. ` +
      `"vs" columns: how many times faster @dl wasm is (above 1x: @dl is faster). ` +
      'matmul rows: @dl disposes each output (`y.dispose()`) exactly as the tfjs rows dispose theirs, so both reuse memory. ' +
      'Element-wise rows: "@dl wasm" runs as tfjs-wasm code does, inputs made inside `tidy()` (so they live in wasm linear memory and the ' +
      'kernels read them in place) and each call inside `tidy()`, which disposes its output; "@dl cpu" disposes each output of ordinary arrays. ' +
      'The "@dl wasm, no dispose" column calls on ordinary JS arrays and leaves outputs to the garbage collector (code that never disposes). ' +
      'The 2x2 rows dispose nothing on our side (tfjs disposes its output there too). ' +
      `– = not run: too slow at that size, or not supported ` +
      `(tfjs-wasm has no Conv2DBackpropFilter kernel), or no figure (numpy has no autograd). ` +
      `Training steps: each @dl step runs inside \`tidy()\` as the tfjs step runs inside \`tf.tidy\` (weights, batch and intermediates then live in wasm linear memory); ` +
      `WALL time instead, best of ${config.stepRounds} interleaved rounds of at least ${config.roundMs} ms, after an untimed ` +
      'warm-up round each (PyTorch: torch.set_num_threads(1), OMP/OPENBLAS_NUM_THREADS=1, best of as many rounds): a step allocates, ' +
      'and V8 marks and sweeps on helper threads while its one thread runs on, which process CPU time would add to the step; @dl wasm\'s cell ' +
      'shows that CPU time in brackets. ' +
      `SIMD128 peak of this machine (gemm.wat's loop of independent f32x4.mul + f32x4.add): ${format(peak, 1)} GFLOP/s.`,
    '',
    oneThreadTable(rows, peak),
    '',
    '#### Two threads',
    '',
    `WALL time (threads only pay off in wall time), best of ${config.threadRounds} (training step: ${config.threadStepRounds}) interleaved 1- and 2-thread rounds ` +
      '(the speed of two busy cores on this shared VM swings for seconds at a time, so a few rounds may all land in a slow spell); ' +
      `@dl's median speedup over its pairs of rounds: ${pairedSpeedups(threadRows)}. @dl via setNumThreads, ` +
      'numpy and PyTorch via OMP/OPENBLAS_NUM_THREADS and torch.set_num_threads. On a busy machine threads wait for cores, which wall time ' +
      'counts: the critical-path speedup divides by the CPU time of the busiest thread instead (Linux /proc, 10 ms ticks), the speedup a ' +
      'core per thread would give. @dl matmul inputs are made inside tidy() and each call runs in tidy(), as a user would: operands and ' +
      'product live in wasm linear memory, which the worker shares, so nothing is copied for it; the training step runs inside tidy() as in the one-thread ' +
      'table, its model moved to shared memory first (`model.shareMemory()`, PyTorch\'s `share_memory()`: in linear memory too), so its weights are not copied either. ' +
      `Core-to-core round trip (two threads passing one shared word back and forth, core-latency.ts): ${format(roundTrips[0], 0)} ns before the @dl rounds, ${format(roundTrips[1], 0)} ns after; ` +
      'every cache line the threads of a split op hand each other costs about half of it.',
    '',
    threads,
    '',
    '#### Memory',
    '',
    memory,
    '',
    ...notes.map((note) => `- ${note}`),
    ...(notes.length > 0 ? [''] : []),
    machineLine({ tfjs: tf?.version_core, numpy: python?.numpy ?? undefined, torch: python?.torch ?? undefined }, loadAtStart, date),
  ].join('\n');
}
