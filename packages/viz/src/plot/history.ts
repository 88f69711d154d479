import { ArgumentError } from '@dl/tensor';
import { VegaLiteFigure } from '../figure.js';
import { lineSpec, seriesRows, type LineChartOptions } from './line.js';

/** One logged step: its number and the metrics logged at it. */
export interface HistoryRecord {
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/** The JSON form of a `History` (`History.fromJSON` reads it back). */
export interface HistoryJSON {
  readonly format: 'dl-history';
  readonly version: 1;
  readonly records: readonly HistoryRecord[];
}

/**
 * A training log, as Keras' `History` or TensorBoard's scalars: a loop appends metrics by step,
 * the log is saved as JSON or CSV and plotted again later. Keys with a slash are grouped into
 * panels by their last part, so `train/loss` and `test/loss` share the `loss` panel.
 * @example
 * const history = new History();
 * for (let step = 0; step < 100; step++) history.log(step, { 'train/loss': loss, 'train/accuracy': acc });
 * await saveSvg(history.plot({ smoothing: 0.6 }), 'curves.svg');
 */
export class History {
  readonly #records = new Map<number, Record<string, number>>();

  /**
   * Records metrics at `step` (merged with what was logged at that step before); NaN is allowed
   * here (a diverged loss is worth keeping) but `plot` refuses it.
   * @example
   * history.log(10, { loss: 0.42 });
   */
  log(step: number, metrics: Readonly<Record<string, number>>): this {
    if (!Number.isFinite(step)) throw new ArgumentError(`History.log: step must be a finite number, got ${step}`);
    for (const [key, value] of Object.entries(metrics)) {
      if (key === 'step' || key === '' || /[,\n"]/.test(key)) throw new ArgumentError(`History.log: invalid metric name ${JSON.stringify(key)} (not empty, not "step", no commas, quotes or newlines)`);
      if (typeof value !== 'number') throw new ArgumentError(`History.log: metric "${key}" at step ${step} must be a number, got ${typeof value}`);
    }
    this.#records.set(step, { ...this.#records.get(step), ...metrics });
    return this;
  }

  /** Number of logged steps. */
  get length(): number {
    return this.#records.size;
  }

  /** The records in step order. */
  get records(): HistoryRecord[] {
    return [...this.#records.entries()].sort(([a], [b]) => a - b).map(([step, metrics]) => ({ step, metrics: { ...metrics } }));
  }

  /** Every metric name, in the order first logged. */
  keys(): string[] {
    const keys = new Set<string>();
    for (const metrics of this.#records.values()) for (const key of Object.keys(metrics)) keys.add(key);
    return [...keys];
  }

  /**
   * The steps and values of one metric (steps where it was not logged are skipped).
   * @example
   * const { steps, values } = history.get('loss');
   */
  get(key: string): { steps: number[]; values: number[] } {
    const steps: number[] = [];
    const values: number[] = [];
    for (const { step, metrics } of this.records) {
      if (key in metrics) {
        steps.push(step);
        values.push(metrics[key] ?? Number.NaN);
      }
    }
    if (steps.length === 0) throw new ArgumentError(`History.get: no metric "${key}" (logged: ${this.keys().join(', ') || 'nothing'})`);
    return { steps, values };
  }

  /** The log as JSON (`JSON.stringify(history)` works too). */
  toJSON(): HistoryJSON {
    return { format: 'dl-history', version: 1, records: this.records };
  }

  /**
   * Reads a log written by `toJSON` (an object or its JSON text).
   * @example
   * const history = History.fromJSON(await readFile('history.json', 'utf8'));
   */
  static fromJSON(json: string | HistoryJSON): History {
    const data = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<HistoryJSON> | null;
    if (data?.format !== 'dl-history' || !Array.isArray(data.records)) {
      throw new ArgumentError('History.fromJSON: not a history (expected { format: "dl-history", version: 1, records: [...] })');
    }
    const history = new History();
    // JSON has no NaN: JSON.stringify wrote null for it.
    for (const record of data.records as readonly { step: number; metrics: Record<string, number | null> }[]) {
      const metrics = Object.fromEntries(Object.entries(record.metrics).map(([key, value]) => [key, value ?? Number.NaN]));
      history.log(record.step, metrics);
    }
    return history;
  }

  /** The log as CSV: a `step` column, then one column per metric; empty cells where a metric was not logged. */
  toCSV(): string {
    const keys = this.keys();
    const lines = [['step', ...keys].join(',')];
    for (const { step, metrics } of this.records) lines.push([step, ...keys.map((key) => (key in metrics ? String(metrics[key]) : ''))].join(','));
    return `${lines.join('\n')}\n`;
  }

  /**
   * Reads a log written by `toCSV`.
   * @example
   * const history = History.fromCSV('step,loss\n0,2.3\n1,1.9\n');
   */
  static fromCSV(text: string): History {
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    const header = (lines[0] ?? '').split(',');
    if (header[0] !== 'step') throw new ArgumentError(`History.fromCSV: the first column must be "step", got ${JSON.stringify(header[0] ?? '')}`);
    const history = new History();
    lines.slice(1).forEach((line, row) => {
      const cells = line.split(',');
      if (cells.length !== header.length) throw new ArgumentError(`History.fromCSV: line ${row + 2} has ${cells.length} cells, the header has ${header.length}`);
      const metrics: Record<string, number> = {};
      header.slice(1).forEach((key, k) => {
        const cell = cells[k + 1] ?? '';
        if (cell !== '') metrics[key] = Number(cell);
      });
      history.log(Number(cells[0]), metrics);
    });
    return history;
  }

  /**
   * Plots the log: one panel per metric (keys `train/loss` and `test/loss` share a `loss` panel), with smoothing and log scale as `lineChart`.
   * @example
   * history.plot({ keys: ['train/loss', 'test/accuracy'], smoothing: 0.6 });
   */
  plot(options: LineChartOptions & { keys?: readonly string[] } = {}): VegaLiteFigure {
    if (this.#records.size === 0) throw new ArgumentError('History.plot: the history is empty (no steps logged)\nhint: call history.log(step, { loss }) in the training loop first');
    const keys = options.keys ?? this.keys();
    const rows = keys.flatMap((key) => {
      const { steps, values } = this.get(key);
      const slash = key.lastIndexOf('/');
      const panel = slash < 0 ? key : key.slice(slash + 1);
      return seriesRows('History.plot', panel, slash < 0 ? key : key.slice(0, slash), { x: steps, y: values }, options);
    });
    return new VegaLiteFigure(lineSpec(rows, { ...options, panels: true }), { title: options.title ?? 'training history' });
  }
}
