import type { NDArray } from './ndarray.js';

/** Print settings, as `torch.set_printoptions`. */
export interface PrintOptions {
  /** Digits after the decimal point for floats (default 4). */
  precision?: number;
  /** Above this many elements, print only the edges (default 1000). */
  threshold?: number;
  /** Elements shown at each edge of an elided dim (default 3). */
  edgeitems?: number;
  /** Characters per line before a row of values wraps, as torch's `linewidth` (default 80). */
  linewidth?: number;
  /** Word printed before the values (default 'array'). */
  prefix?: string;
}

/** @internal Formats an array like `torch.Tensor.__repr__`. */
export function formatNDArray(x: NDArray, options: PrintOptions = {}): string {
  const { precision = 4, threshold = 1000, edgeitems = 3, linewidth = 80, prefix = 'array' } = options;
  const summarize = x.size > threshold;
  const values = x.dataSync();
  const shown = collectShown(x, summarize, edgeitems, values);
  const { format: formatValue, width } = valueFormatter(x, shown, precision);
  const cell = (v: number): string => formatValue(v).padStart(width);

  const strides = rowMajorStrides(x.shape);
  const indent = prefix.length + 1;
  const render = (dim: number, base: number): string => {
    if (dim === x.ndim) return cell(values[base]);
    const size = x.shape[dim];
    const parts: string[] = [];
    const elide = summarize && size > 2 * edgeitems;
    const isRow = dim === x.ndim - 1;
    for (let i = 0; i < size; i++) {
      if (elide && i === edgeitems) {
        // torch's _vector_str elides a row with ' ...' (so two spaces follow the comma).
        parts.push(isRow && edgeitems > 0 ? ' ...' : '...');
        i = size - edgeitems - 1;
        continue;
      }
      parts.push(render(dim + 1, base + i * strides[dim]));
    }
    if (isRow) {
      // A row wraps after as many cells (plus ', ') as fit in linewidth, as torch's _vector_str.
      const perLine = Math.max(1, Math.floor((linewidth - indent - dim) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < parts.length; i += perLine) lines.push(parts.slice(i, i + perLine).join(', '));
      return `[${lines.join(',\n' + ' '.repeat(indent + dim + 1))}]`;
    }
    const gap = ',' + '\n'.repeat(x.ndim - dim - 1) + ' '.repeat(indent + dim + 1);
    return `[${parts.join(gap)}]`;
  };

  const body = x.size === 0 ? '[]' : render(0, 0);
  const suffix: string[] = [];
  if (x.size === 0 && x.ndim !== 1) suffix.push(`size=[${x.shape.join(', ')}]`);
  // int32 plays the role of torch's int64 (unprinted); an empty array has no values to tell its dtype.
  if (x.dtype === 'float64' || (x.size === 0 && x.dtype !== 'float32')) suffix.push(`dtype=${x.dtype}`);
  // A suffix that would pass linewidth starts a new line, as torch's _add_suffixes (whose count
  // of the last line's length is 2 more than the length itself).
  let text = `${prefix}(${body}`;
  let lastLine = text.length - text.lastIndexOf('\n') + 1;
  for (const item of suffix) {
    if (lastLine + item.length + 2 > linewidth) {
      text += `,\n${' '.repeat(indent)}${item}`;
      lastLine = indent + item.length;
    } else {
      text += `, ${item}`;
      lastLine += item.length + 2;
    }
  }
  return `${text})`;
}

function rowMajorStrides(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return strides;
}

/** The values that will be printed, so column width and float style ignore elided ones. */
function collectShown(x: NDArray, summarize: boolean, edgeitems: number, values: ArrayLike<number>): number[] {
  if (!summarize) return Array.from(values);
  const strides = rowMajorStrides(x.shape);
  const out: number[] = [];
  const walk = (dim: number, base: number): void => {
    if (dim === x.ndim) {
      out.push(values[base]);
      return;
    }
    const size = x.shape[dim];
    for (let i = 0; i < size; i++) {
      if (size > 2 * edgeitems && i === edgeitems) i = size - edgeitems;
      walk(dim + 1, base + i * strides[dim]);
    }
  };
  walk(0, 0);
  return out;
}

/**
 * How to print one value and the width of a column, as torch's `_Formatter`: the float style and
 * the width come from the shown nonzero finite values only, so `nan` or `0.` never widen a column.
 */
function valueFormatter(x: NDArray, shown: readonly number[], precision: number): { format: (v: number) => string; width: number } {
  if (x.dtype === 'bool') {
    return { format: (v) => (v ? 'True' : 'False'), width: shown.some((v) => !v) ? 5 : 4 };
  }
  if (x.dtype === 'int32') {
    return { format: (v) => String(v), width: shown.reduce((w, v) => Math.max(w, String(v).length), 1) };
  }
  const special = (v: number): string | null =>
    Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null;
  const nonzeroFinite = shown.filter((v) => Number.isFinite(v) && v !== 0);
  const magnitudes = nonzeroFinite.map(Math.abs);
  // reduce, not Math.max(...): spreading over 1e5+ values (threshold: Infinity) overflows the stack.
  const max = magnitudes.reduce((m, v) => Math.max(m, v), 0);
  const min = magnitudes.reduce((m, v) => Math.min(m, v), Infinity);
  const intMode = nonzeroFinite.every((v) => Number.isInteger(v));
  // PyTorch switches to scientific notation for wide or extreme ranges (integral floats too).
  const sciMode = magnitudes.length > 0 && (max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4));
  let format: (v: number) => string;
  if (sciMode) format = (v) => special(v) ?? pythonDecimal(v, precision, 'exponential').replace(/e([+-])(\d)$/, 'e$10$2');
  else if (intMode) format = (v) => special(v) ?? `${pythonDecimal(v, 0, 'fixed')}.`;
  else format = (v) => special(v) ?? pythonDecimal(v, precision, 'fixed');
  return { format, width: nonzeroFinite.reduce((w, v) => Math.max(w, format(v).length), 1) };
}

/**
 * `v` with `digits` decimals, as Python's `f"{v:.{digits}f}"` / `f"{v:.{digits}e}"` print it.
 * NOTE: JS's toFixed/toExponential round exact decimal ties away from zero ((0.03125).toFixed(4)
 * is '0.0313') and drop the sign of -0; Python, and so PyTorch, rounds ties to even ('0.0312') and
 * prints '-0.'. Only a value with a short exact expansion can tie, so 30 more digits settle it.
 */
function pythonDecimal(v: number, digits: number, style: 'fixed' | 'exponential'): string {
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const a = Math.abs(v);
  const render = (d: number): string => (style === 'fixed' ? a.toFixed(d) : a.toExponential(d));
  const rounded = render(digits);
  if (digits + 30 > 100) return sign + rounded;
  // No 'e' in fixed style: split gives [mantissa] and the exponent suffix stays empty.
  const [mantissa, ...exponent] = render(digits + 30).split('e');
  const point = mantissa.indexOf('.');
  const kept = mantissa.slice(0, digits === 0 ? point : point + 1 + digits);
  const tie = mantissa.slice(point + 1 + digits) === '5'.padEnd(30, '0');
  const lastDigitEven = Number(kept[kept.length - 1]) % 2 === 0;
  if (!tie || !lastDigitEven) return sign + rounded;
  return sign + kept + exponent.map((e) => `e${e}`).join('');
}
