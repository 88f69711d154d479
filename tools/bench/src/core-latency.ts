// How far apart the host put the two threads: the time for two threads to pass one shared
// word back and forth. Every cache line the threads of a split op hand each other costs about
// half of it, so the two-thread table prints it next to its figures. On the 2-vCPU VM the bench
// runs on it moved between ~130 ns and over 1 µs from one minute to the next (2026-12-04).
import { Worker } from 'node:worker_threads';

/** The worker's side, as CommonJS text (an eval'd worker takes no module URL). */
const ECHO = `
const { workerData } = require('node:worker_threads');
const { words, trips } = workerData;
Atomics.store(words, 1, 1);
Atomics.notify(words, 1);
for (let trip = 1; trip <= trips; trip++) {
  for (let spins = 1; Atomics.load(words, 0) !== 2 * trip - 1; spins++) {
    if (spins % 1048576 === 0 && Atomics.load(words, 1) === 2) return;
  }
  Atomics.store(words, 0, 2 * trip);
}`;

/** Gives up on a worker that does not answer within this (a stalled or dead worker never hangs the bench). */
const LIMIT_MS = 10_000;

/**
 * Median nanoseconds of a round trip between this thread and a worker, over 5 batches of
 * `trips / 5` trips each; undefined if the worker did not answer in time.
 * @example
 * await coreRoundTripNs(1000) // 130 on the VM's good minutes
 */
export async function coreRoundTripNs(trips = 200_000): Promise<number | undefined> {
  const batches = 5;
  const perBatch = Math.max(1, Math.floor(trips / batches));
  const words = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(`(() => {${ECHO}\n})()`, { eval: true, workerData: { words, trips: perBatch * batches } });
  try {
    // Atomics.wait would block the event loop the worker needs to start: poll with timers.
    const start = performance.now();
    while (Atomics.load(words, 1) !== 1) {
      if (performance.now() - start > LIMIT_MS) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const times: number[] = [];
    let trip = 0;
    for (let batch = 0; batch < batches; batch++) {
      const t0 = performance.now();
      for (let i = 0; i < perBatch; i++) {
        trip++;
        Atomics.store(words, 0, 2 * trip - 1);
        for (let spins = 1; Atomics.load(words, 0) !== 2 * trip; spins++) {
          if (spins % 1048576 === 0 && performance.now() - t0 > LIMIT_MS) return undefined;
        }
      }
      times.push(((performance.now() - t0) * 1e6) / perBatch);
    }
    return times.sort((a, b) => a - b)[Math.floor(batches / 2)];
  } finally {
    Atomics.store(words, 1, 2);
    await worker.terminate();
  }
}
