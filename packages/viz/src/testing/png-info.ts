import { ArgumentError } from '@dl/tensor';

/** Width and height read from a PNG's IHDR chunk. */
export interface PngInfo {
  readonly width: number;
  readonly height: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Checks the PNG signature and reads the image size, for tests of rendered pictures.
 * @example
 * pngInfo(await toPng(figure)); // { width: 800, height: 600 }
 */
export function pngInfo(bytes: Uint8Array): PngInfo {
  if (bytes.length < 24 || SIGNATURE.some((byte, i) => bytes[i] !== byte)) {
    throw new ArgumentError(`pngInfo: not a PNG (${bytes.length} bytes, signature ${Array.from(bytes.subarray(0, 8), (b) => b.toString(16)).join(' ')})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
