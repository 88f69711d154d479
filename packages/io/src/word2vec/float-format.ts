// Powers of ten written as literals are exact doubles up to 1e22.
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** The double nearest to `digits × 10^scale`, as `Number(\`${digits}e${scale}\`)` gives it. */
function decimalValue(digits: number, scale: number): number {
  // One multiplication or division of exact doubles is correctly rounded, which equals parsing
  // the decimal, while |scale| <= 22; beyond that, parse (rare: |x| < 1e-13 or > 1e13).
  if (scale >= 0 && scale <= 22) return digits * (POW10[scale] ?? 0);
  if (scale < 0 && scale >= -22) return digits / (POW10[-scale] ?? 1);
  return Number(`${digits}e${scale}`);
}

/**
 * The shortest decimal digits that read back as the float32 `magnitude` (finite, positive), with
 * the exponent of the first digit: `magnitude ≈ d.ddd × 10^exponent`. Among the shortest
 * candidates the one closest to `magnitude` wins, ties going to an even last digit, as numpy's
 * Dragon4 "unique" mode does (checked against numpy on 300,000 values incl. every power of two).
 */
function shortestDigits(magnitude: number): { digits: string; exponent: number } {
  const leading = Math.floor(Math.log10(magnitude));
  for (let precision = 1; precision <= 10; precision++) {
    const scale = leading - precision + 1;
    const nearest = Math.round(scale >= 0 ? magnitude / decimalValue(1, scale) : magnitude * decimalValue(1, -scale));
    // The nearest decimal may miss a lopsided round-trip interval (next to a power of two) while
    // a neighbour hits it, so try both neighbours too.
    let best = 0;
    let bestError = Infinity;
    for (let candidate = Math.max(1, nearest - 1); candidate <= nearest + 1; candidate++) {
      const decimal = decimalValue(candidate, scale);
      if (Math.fround(decimal) !== magnitude) continue;
      const error = Math.abs(decimal - magnitude);
      // NOTE: an exact tie (343126.125 between ...12 and ...13) goes to the even last digit;
      // the doubles carry both errors with ~1e-16 relative noise, hence the tolerance.
      const tie = Math.abs(error - bestError) <= magnitude * 1e-15;
      if (tie ? candidate % 2 === 0 : error < bestError) {
        best = candidate;
        bestError = error;
      }
    }
    if (best > 0) {
      const text = String(best);
      return { digits: text.replace(/0+$/, ''), exponent: scale + text.length - 1 };
    }
  }
  // Unreachable: 9 significant digits always identify a float32.
  const [mantissa = '0', exponent = '0'] = magnitude.toExponential(8).split('e');
  return { digits: mantissa.replace('.', '').replace(/0+$/, ''), exponent: Number(exponent) };
}

/**
 * @internal Formats a float32 as numpy's `repr(np.float32(x))` does (what gensim writes in the
 * word2vec text format): shortest round-trip digits, positional for 1e-4 <= |x| < 1e16
 * (`0.1`, `123456790.0`), scientific otherwise (`1e-05`, `1.5e+16`), and `nan`, `inf`, `-0.0`.
 */
export function formatFloat32(x: number): string {
  const value = Math.fround(x);
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0.0`;
  const magnitude = Math.abs(value);
  const { digits, exponent } = shortestDigits(magnitude);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
