/**
 * @internal True when two typed arrays share bytes. Storage resident in wasm memory shares one
 * buffer with all other resident storage, so "same buffer" is not "same storage": the byte
 * ranges decide.
 */
export function storageOverlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
