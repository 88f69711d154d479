import { ready, wasm, heapF32 } from './kernels/wasm/runtime.js';
import { heapAllocate } from './kernels/wasm/heap.js';
await ready();
const g = wasm()!.gemm;
const heap = heapF32();
const alloc = (n: number) => { const at = heapAllocate(n * 4); heap.fill(0.5, at / 4, at / 4 + n); return at; };
// shape: C[m,n] = A[m,k] B[k,n] with given strides
function parts(label: string, m: number, k: number, n: number, aRs: number, aCs: number, bRs: number, bCs: number) {
  const A = alloc(m * k), B = alloc(k * n), C = alloc(m * n);
  const packA = alloc(64 * 256 * 4 + 64), packB = alloc(256 * 2048 + 64), tile = alloc(64);
  const kc0 = Math.ceil(k / Math.ceil(k / 256)); const mc0 = Math.ceil(m / Math.ceil(m / 64) / 4) * 4;
  let tA = 0, tB = 0, tG = 0;
  const R = 300;
  for (let r = 0; r < R + 50; r++) {
    if (r === 50) tA = tB = tG = 0;
    for (let p0 = 0; p0 < k; p0 += kc0) {
      const kc = Math.min(kc0, k - p0);
      let t = performance.now();
      g.packB(B + (p0 * bRs) * 4, bRs, bCs, kc, n, packB);
      tB += performance.now() - t;
      for (let i0 = 0; i0 < m; i0 += mc0) {
        const mc = Math.min(mc0, m - i0);
        t = performance.now();
        g.packA(A + (i0 * aRs + p0 * aCs) * 4, aRs, aCs, mc, kc, packA);
        const t2 = performance.now();
        g.gemmBlock(mc, n, kc, packA, packB, C + i0 * n * 4, n, p0 > 0 ? 1 : 0, tile);
        tG += performance.now() - t2; tA += t2 - t;
      }
    }
  }
  const us = (x: number) => (x / R * 1000).toFixed(1).padStart(6);
  const gf = (2 * m * n * k) / (tG / R * 1e6);
  console.log(`${label.padEnd(24)} packA ${us(tA)} packB ${us(tB)} gemm ${us(tG)} us  total ${us(tA + tB + tG)}  kernel ${gf.toFixed(1)} GF/s`);
}
for (let rep = 0; rep < 3; rep++) {
  // forward x·W1ᵀ: A = x [128,784] row-major; B = W1ᵀ: W1 [256,784] => B(p,j) = W1[j,p]: rs 1, cs 784
  parts('fwd full 128x784x256', 128, 784, 256, 784, 1, 1, 784);
  parts('fwd colhalf n=128', 128, 784, 128, 784, 1, 1, 784);
  parts('fwd rowhalf m=64', 64, 784, 256, 784, 1, 1, 784);
  // dW1 = gᵀ·x: g [128,256] => A(i,p) = g[p,i]: rs 1, cs 256; B = x [128,784] rs 784 cs 1
  parts('dw full 256x128x784', 256, 128, 784, 1, 256, 784, 1);
  parts('dw colhalf n=392', 256, 128, 392, 1, 256, 784, 1);
  parts('dw rowhalf m=128', 128, 128, 784, 1, 256, 784, 1);
}
