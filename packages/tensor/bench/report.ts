// Collects benchmark timings so a bench file can print derived numbers (GFLOP/s, ratios) next to
// vitest's own ops/s table. vitest runs no afterAll hooks in bench mode, so results are read from
// the tinybench task's events, subscribed from the bench's setup hook.
import type { BenchOptions } from 'vitest';

const medianMs = new Map<string, number>();

/**
 * Bench options that store the run's median time per call under `key`, then call `onDone` (for
 * printing). Other tinybench options pass through; a given `setup` still runs first.
 */
export function recorded(key: string, options: BenchOptions & { onDone?: () => void } = {}): BenchOptions {
  const { onDone, setup, ...rest } = options;
  return {
    ...rest,
    setup: async (task, mode) => {
      await setup?.(task, mode);
      if (mode !== 'run') return;
      // NOTE: 'cycle' fires before 'complete', while the sorted samples still exist (vitest's own
      // 'complete' listener empties them). The median shrugs off the spikes a busy machine adds.
      task.addEventListener(
        'cycle',
        () => {
          const samples = task.result?.samples ?? [];
          if (samples.length > 0) medianMs.set(key, samples[Math.floor((samples.length - 1) / 2)]);
        },
        { once: true },
      );
      if (onDone) task.addEventListener('complete', onDone, { once: true });
    },
  };
}

/**
 * A tinybench clock (`now` option) reading this process's CPU time in milliseconds: time spent
 * waiting for a busy core is not counted, which keeps numbers comparable on a shared machine.
 * Its resolution is 1 µs, so use it only for benchmarks of 0.1 ms or more per call.
 */
export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Mean CPU milliseconds per call of `run` over calls totalling at least `roundMs` of CPU time. */
export function timeRound(run: () => unknown, roundMs: number): number {
  let reps = 0;
  const start = cpuNow();
  do {
    run();
    reps++;
  } while (cpuNow() - start < roundMs);
  return (cpuNow() - start) / reps;
}

/** Median milliseconds per call of a finished benchmark, if it ran. */
export function median(key: string): number | undefined {
  return medianMs.get(key);
}

/** `value` with `digits` decimals, or a dash when missing. */
export function format(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** A markdown table: a header row, an alignment row, then one row per entry. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
