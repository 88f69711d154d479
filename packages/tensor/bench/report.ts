// Collects benchmark timings so a bench file can print derived numbers (GFLOP/s, ratios) next to
// vitest's own ops/s table. vitest runs no afterAll hooks in bench mode, so the one place a result
// can be read is the tinybench task's `complete` event, subscribed from the bench's setup hook.
import type { BenchOptions } from 'vitest';

const meanMs = new Map<string, number>();

/**
 * Bench options that store the run's mean time per call under `key`, then call `onDone` (for
 * printing). Other tinybench options pass through; a given `setup` still runs first.
 */
export function recorded(key: string, options: BenchOptions & { onDone?: () => void } = {}): BenchOptions {
  const { onDone, setup, ...rest } = options;
  return {
    ...rest,
    setup: async (task, mode) => {
      await setup?.(task, mode);
      if (mode !== 'run') return;
      task.addEventListener(
        'complete',
        () => {
          if (task.result?.mean !== undefined) meanMs.set(key, task.result.mean);
          onDone?.();
        },
        { once: true },
      );
    },
  };
}

/** Mean milliseconds per call of a finished benchmark, if it ran. */
export function mean(key: string): number | undefined {
  return meanMs.get(key);
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
