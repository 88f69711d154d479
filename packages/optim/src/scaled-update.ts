// target -= scale · direction without a temporary the size of the parameter. A [param]-sized
// temporary per step is most of the ArrayBuffer bytes an SGD step allocates (0.8 MB of 3 MB for an
// MLP 784-256-10), and V8 pays for such bytes in scavenges; chunks through one small scratch array
// cost two passes over L1-sized pieces instead.
import { mul, narrow, reshape, sub_, zeros, type DType, type NDArray } from '@dl/tensor';

/** Elements per chunk: 64 KiB of float32, the scratch stays in L2 between its write and its read. */
const CHUNK = 16384;
const scratch = new Map<DType, NDArray>();

/**
 * @internal `target -= scale * direction` in place, as `sub_(target, mul(direction, scale))` does
 * (the same float operations, so the same values), through a reused scratch array.
 */
export function subScaled_(target: NDArray, direction: NDArray, scale: number): void {
  const { dtype } = target;
  // A temporary of one chunk or less costs less than the views of the chunked path.
  const small = target.size <= CHUNK;
  if (small || direction.dtype !== dtype || !target.isContiguous() || !direction.isContiguous() || (dtype !== 'float32' && dtype !== 'float64')) {
    sub_(target, mul(direction, scale));
    return;
  }
  let buffer = scratch.get(dtype);
  if (!buffer) {
    buffer = zeros([CHUNK], { dtype });
    scratch.set(dtype, buffer);
  }
  const flatTarget = reshape(target, [-1]);
  const flatDirection = reshape(direction, [-1]);
  for (let start = 0; start < target.size; start += CHUNK) {
    const length = Math.min(CHUNK, target.size - start);
    const part = length === CHUNK ? buffer : narrow(buffer, 0, 0, length);
    mul(narrow(flatDirection, 0, start, length), scale, { out: part });
    sub_(narrow(flatTarget, 0, start, length), part);
  }
}
