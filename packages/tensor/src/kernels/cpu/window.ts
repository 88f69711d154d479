import type { Window2d, WindowKernels } from '../window.js';

// Sliding-window loops over contiguous NCHW planes. Columns are laid out [C·kh·kw, N, L] (row =
// one kernel offset of one channel, then every image's L window positions), so convolution over a
// whole batch is one GEMM with n = N·L instead of N small ones. For each kernel offset (i, j) the valid
// output columns form one range [lo, hi): computed once per (c, i, j) so the inner loops have no
// bounds tests, and a stride-1 row is a plain contiguous copy.

/** Output columns `ox` whose input column `ox * stride - pad + offset` lies in [0, size). */
function validRange(
  offset: number,
  stride: number,
  pad: number,
  size: number,
  out: number,
): [number, number] {
  const first = pad - offset;
  const lo = first <= 0 ? 0 : Math.ceil(first / stride);
  const hi = Math.min(out, Math.floor((size - 1 + pad - offset) / stride) + 1);
  return [Math.min(lo, out), Math.max(hi, Math.min(lo, out))];
}

/**
 * Visits every row of the columns of `g`: one output row `oy` of one image, channel and kernel offset.
 * `o` is the row's start in the columns, `base` the input index its column 0 reads (valid only when
 * `inside`: the row's input row lies within the image), and [lo, hi) its valid columns.
 */
function forEachColumnRow(
  g: Window2d,
  visit: (o: number, base: number, lo: number, hi: number, inside: boolean) => void,
): void {
  const { batch, channels, height: h, width: w, outHeight: oh, outWidth: ow, kernelH: kh, kernelW: kw } = g;
  const { strideH: sh, strideW: sw, padTop: pt, padLeft: pl, dilationH: dh, dilationW: dw } = g;
  const l = oh * ow;
  for (let n = 0; n < batch; n++) {
    let row = 0;
    for (let c = 0; c < channels; c++) {
      const plane = (n * channels + c) * h * w;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++, row++) {
          const start = row * batch * l + n * l;
          const [lo, hi] = validRange(j * dw, sw, pl, w, ow);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - pt + i * dh;
            visit(start + oy * ow, plane + iy * w - pl + j * dw, lo, hi, iy >= 0 && iy < h);
          }
        }
      }
    }
  }
}

export const im2col: WindowKernels['im2col'] = (x, g, out) => {
  const { outWidth: ow, strideW: sw } = g;
  forEachColumnRow(g, (o, base, lo, hi, inside) => {
    if (!inside || lo >= hi) {
      out.fill(0, o, o + ow);
      return;
    }
    if (lo > 0) out.fill(0, o, o + lo);
    if (hi < ow) out.fill(0, o + hi, o + ow);
    if (sw === 1) out.set(x.subarray(base + lo, base + hi), o + lo);
    else for (let ox = lo; ox < hi; ox++) out[o + ox] = x[base + ox * sw];
  });
};

export const col2im: WindowKernels['col2im'] = (cols, g, out) => {
  const sw = g.strideW;
  forEachColumnRow(g, (o, base, lo, hi, inside) => {
    if (!inside) return;
    for (let ox = lo; ox < hi; ox++) out[base + ox * sw] += cols[o + ox];
  });
};

/** Kernel offsets [lo, hi) whose element `start + i * dilation` lies in [0, size). */
function kernelRange(
  start: number,
  dilation: number,
  size: number,
  kernel: number,
): [number, number] {
  const lo = start < 0 ? Math.ceil(-start / dilation) : 0;
  const hi = Math.min(kernel, Math.floor((size - 1 - start) / dilation) + 1);
  return [Math.min(lo, kernel), Math.max(hi, 0)];
}

export const maxPool2d: WindowKernels['maxPool2d'] = (x, g, out, indices) => {
  const {
    batch,
    channels,
    height: h,
    width: w,
    outHeight: oh,
    outWidth: ow,
    kernelH: kh,
    kernelW: kw,
  } = g;
  const { strideH: sh, strideW: sw, padTop: pt, padLeft: pl, dilationH: dh, dilationW: dw } = g;
  const plane = h * w;
  // Per output column, the kernel columns inside the image: no bounds tests in the inner loop.
  const jLo = new Int32Array(ow);
  const jHi = new Int32Array(ow);
  for (let ox = 0; ox < ow; ox++) [jLo[ox], jHi[ox]] = kernelRange(ox * sw - pl, dw, w, kw);
  let o = 0;
  for (let p = 0; p < batch * channels; p++) {
    const src = p * plane;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      const [iLo, iHi] = kernelRange(y0, dh, h, kh);
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * sw - pl;
        const lo = jLo[ox];
        const hi = jHi[ox];
        let best = -Infinity;
        let at = -1;
        for (let i = iLo; i < iHi; i++) {
          const row = (y0 + i * dh) * w + x0;
          for (let j = lo; j < hi; j++) {
            const k = row + j * dw;
            const v = x[src + k];
            // NOTE: `v !== v` lets NaN win (and propagate) as in PyTorch's max pooling.
            if (at < 0 || v > best || v !== v) {
              best = v;
              at = k;
            }
          }
        }
        out[o] = best;
        indices[o] = at;
      }
    }
  }
};

export const maxPool2dBackward: WindowKernels['maxPool2dBackward'] = (dy, indices, g, out) => {
  const plane = g.height * g.width;
  const l = g.outHeight * g.outWidth;
  for (let o = 0; o < dy.length; o++) out[Math.floor(o / l) * plane + indices[o]] += dy[o];
};

/** Calls `visit(k, o)` for every in-image element k (plane offset) of every window o (output offset). */
function forEachWindowElement(
  g: Window2d,
  visit: (planeIn: number, k: number, o: number, q: number) => void,
): void {
  const {
    batch,
    channels,
    height: h,
    width: w,
    outHeight: oh,
    outWidth: ow,
    kernelH: kh,
    kernelW: kw,
  } = g;
  const { strideH: sh, strideW: sw, padTop: pt, padLeft: pl, dilationH: dh, dilationW: dw } = g;
  let o = 0;
  for (let p = 0; p < batch * channels; p++) {
    for (let oy = 0, q = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o++, q++) {
        for (let i = 0; i < kh; i++) {
          const iy = oy * sh - pt + i * dh;
          if (iy < 0 || iy >= h) continue;
          for (let j = 0; j < kw; j++) {
            const ix = ox * sw - pl + j * dw;
            if (ix >= 0 && ix < w) visit(p * h * w, iy * w + ix, o, q);
          }
        }
      }
    }
  }
}

export const avgPool2d: WindowKernels['avgPool2d'] = (x, g, divisors, out) => {
  // NOTE: sums round to the output's dtype at every step, as PyTorch's float32 kernel: 3e38 + 3e38
  // overflows to Infinity there, and a float64 sum would hide that.
  const sums =
    out instanceof Float32Array ? new Float32Array(out.length) : new Float64Array(out.length);
  forEachWindowElement(g, (src, k, o) => {
    sums[o] += x[src + k];
  });
  const l = g.outHeight * g.outWidth;
  for (let o = 0; o < out.length; o++) out[o] = sums[o] / divisors[o % l];
};

export const avgPool2dBackward: WindowKernels['avgPool2dBackward'] = (dy, g, divisors, out) => {
  forEachWindowElement(g, (dst, k, o, q) => {
    out[dst + k] += dy[o] / divisors[q];
  });
};

export const windowKernels: WindowKernels = {
  im2col,
  maxPool2dBackward,
  col2im,
  maxPool2d,
  avgPool2d,
  avgPool2dBackward,
};
