import { noGrad, Tensor } from '@dl/autograd';
import type { Module } from '@dl/nn';
import { formatShape } from '@dl/tensor';
import { SvgFigure } from '../figure.js';

/** One row of a model summary: a module, where it sits, what it output and what it owns. */
export interface SummaryRow {
  /** Dotted name (`0`, `encoder.fc1`); empty for the model itself. */
  readonly name: string;
  /** Class name (`Linear`). */
  readonly type: string;
  /** Nesting depth: 0 for the model, 1 for its children, ... */
  readonly depth: number;
  /** Shape of the module's (first tensor) output in the traced call; null if it was not called. */
  readonly outputShape: readonly number[] | null;
  /** Parameters the module owns directly (children not counted). */
  readonly params: number;
  /** Of those, how many require gradients. */
  readonly trainable: number;
}

/** A model summary as torchinfo prints it: rows plus totals. */
export interface ModelSummary {
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  /** The table as text (what `toString()` prints). */
  toString(): string;
}

const firstShape = (output: unknown): readonly number[] | null => {
  if (Tensor.isTensor(output)) return output.shape;
  if (Array.isArray(output)) for (const item of output as unknown[]) if (Tensor.isTensor(item)) return item.shape;
  return null;
};

const count = (n: number): string => (n === 0 ? '--' : n.toLocaleString('en-US'));

function table(rows: readonly SummaryRow[], totalParams: number, trainableParams: number): string {
  const label = (row: SummaryRow): string => (row.depth === 0 ? row.type : `${'│ '.repeat(row.depth - 1)}├─${row.name.split('.').pop() ?? ''}: ${row.type}`);
  const cells = rows.map((row) => [label(row), row.outputShape === null ? '--' : formatShape(row.outputShape), count(row.params)]);
  const header = ['Layer (name: type)', 'Output Shape', 'Param #'];
  const widths = header.map((title, k) => Math.max(title.length, ...cells.map((cell) => (cell[k] ?? '').length)) + 4);
  const line = (cell: readonly string[]): string => cell.map((text, k) => (k === 2 ? text.padStart(widths[k] ?? 0) : text.padEnd(widths[k] ?? 0))).join('').trimEnd();
  const rule = '='.repeat(widths.reduce((a, b) => a + b, 0));
  return [
    rule,
    line(header),
    rule,
    ...cells.map(line),
    rule,
    `Total params: ${totalParams.toLocaleString('en-US')}`,
    `Trainable params: ${trainableParams.toLocaleString('en-US')}`,
    `Non-trainable params: ${(totalParams - trainableParams).toLocaleString('en-US')}`,
    rule,
  ].join('\n');
}

/**
 * Summarises a model as torchinfo does: runs `model.call(...inputs)` once (in eval mode, without
 * recording gradients; the mode is restored) with forward hooks on every module, and lists each
 * layer's output shape and parameter count.
 * @example
 * const info = summary(model, randn([32, 64]));
 * console.log(String(info)); // Sequential [32, 10] ... Total params: 9,610
 */
export function summary(model: Module, ...inputs: unknown[]): ModelSummary {
  const modules = model.namedModules();
  const shapes = new Map<Module, readonly number[] | null>();
  const handles = modules.map(([, module]) =>
    module.registerForwardHook((m, _inputs, output) => {
      if (!shapes.has(m)) shapes.set(m, firstShape(output));
      return undefined;
    }),
  );
  const training = modules.map(([, module]) => module.training);
  try {
    model.eval();
    noGrad(() => model.call(...inputs));
  } finally {
    for (const handle of handles) handle.remove();
    modules.forEach(([, module], i) => (module.training = training[i] ?? true));
  }
  let totalParams = 0;
  let trainableParams = 0;
  const rows = modules.map(([name, module]): SummaryRow => {
    const own = module.parameters({ recurse: false });
    const params = own.reduce((sum, p) => sum + p.size, 0);
    const trainable = own.reduce((sum, p) => sum + (p.requiresGrad ? p.size : 0), 0);
    totalParams += params;
    trainableParams += trainable;
    return { name, type: module.constructor.name, depth: name === '' ? 0 : name.split('.').length, outputShape: shapes.get(module) ?? null, params, trainable };
  });
  const text = table(rows, totalParams, trainableParams);
  return { rows, totalParams, trainableParams, toString: () => text };
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The model summary as a picture: the torchinfo table in monospace type on a white card.
 * @example
 * await savePng(summaryFigure(summary(model, randn([1, 64]))), 'summary.png');
 */
export function summaryFigure(info: ModelSummary, options: { title?: string } = {}): SvgFigure {
  const lines = [...(options.title === undefined ? [] : [options.title, '']), ...String(info).split('\n')];
  const fontSize = 13;
  const lineHeight = 18;
  const charWidth = fontSize * 0.602; // DejaVu Sans Mono advance width
  const width = Math.ceil(Math.max(...lines.map((line) => line.length)) * charWidth + 32);
  const height = lines.length * lineHeight + 28;
  const text = lines
    .map((line, i) => `<text x="16" y="${20 + (i + 1) * lineHeight - 4}" xml:space="preserve"${options.title !== undefined && i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</text>`)
    .join('\n  ');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <rect width="100%" height="100%" fill="white"/>
  <g font-family="DejaVu Sans Mono, monospace" font-size="${fontSize}" fill="#222">
  ${text}
  </g>
</svg>
`;
  return new SvgFigure(svg, { title: options.title ?? 'model summary' });
}
