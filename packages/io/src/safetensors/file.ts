import type { NDArray } from '@dl/tensor';
import type { FileHandle } from 'node:fs/promises';
import { SafetensorsError } from '../errors.js';
import { writeFileAtomic, type AtomicWriteOptions } from '../node/atomic-write.js';
import { nodeFsPromises } from '../node/builtins.js';
import { decodeTensor } from './dtypes.js';
import { parseHeader, readHeaderLength, type SafetensorsHeader, type TensorInfo } from './header.js';
import { prepareSave, selectKeys, type LoadOptions, type SaveOptions, type TensorMap } from './safetensors.js';

/**
 * Saves named arrays to a safetensors file atomically (temporary file, fsync, rename), as
 * `safetensors.torch.save_file`; tensors are streamed to disk, not joined in memory. Node only.
 * @example
 * await saveFile(model.stateDict(), 'model.safetensors', { metadata: { epoch: '3' } });
 */
export async function saveFile(tensors: TensorMap, path: string, options: SaveOptions & AtomicWriteOptions = {}): Promise<void> {
  const { header, parts } = prepareSave('saveFile', tensors, options);
  await writeFileAtomic(path, [header, ...parts], options);
}

/**
 * Reads tensors from a safetensors file, as `safetensors.torch.load_file`: only the header and
 * the requested tensors are read (positioned reads), so a large file is never loaded whole. Node only.
 * @example
 * model.loadStateDict(await loadFile('model.safetensors'));
 */
export async function loadFile(path: string, options: LoadOptions = {}): Promise<Record<string, NDArray>> {
  const file = await safeOpen(path);
  try {
    const out = Object.create(null) as Record<string, NDArray>;
    for (const name of selectKeys('loadFile', file.header, options.keys)) out[name] = await file.getTensor(name);
    return out;
  } finally {
    await file.close();
  }
}

/**
 * Opens a safetensors file and validates its header, as `safetensors.safe_open`; tensors are read
 * one at a time with `getTensor`. Close it when done. Node only.
 * @example
 * const file = await safeOpen('model.safetensors');
 * try { const w = await file.getTensor('fc.weight'); } finally { await file.close(); }
 */
export async function safeOpen(path: string): Promise<SafetensorsFile> {
  const fs = await nodeFsPromises();
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const prefix = await readExactly(handle, 0, Math.min(8, size));
    const length = readHeaderLength(prefix, size);
    const header = parseHeader(await readExactly(handle, 8, length), size - 8 - length);
    return new SafetensorsFile(handle, header);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * An open safetensors file: its validated header, and tensors read on demand.
 * @example
 * const file = await safeOpen('model.safetensors'); file.keys(); // ['fc.bias', 'fc.weight']
 */
export class SafetensorsFile {
  /** @internal Use `safeOpen`. */
  constructor(
    private readonly handle: FileHandle,
    /** The validated header: names, dtypes, shapes, offsets and metadata. */
    readonly header: SafetensorsHeader,
  ) {}

  /**
   * Tensor names in file order.
   * @example
   * file.keys() // ['fc.bias', 'fc.weight']
   */
  keys(): string[] {
    return [...this.header.names];
  }

  /**
   * The `__metadata__` map, or null when the file has none.
   * @example
   * file.metadata()?.format // 'pt'
   */
  metadata(): Readonly<Record<string, string>> | null {
    return this.header.metadata;
  }

  /**
   * Reads and decodes one tensor (only its bytes are read from disk).
   * @example
   * const weight = await file.getTensor('fc.weight');
   */
  async getTensor(name: string): Promise<NDArray> {
    selectKeys('getTensor', this.header, [name]);
    const info: TensorInfo = this.header.tensors[name];
    const [begin, end] = info.dataOffsets;
    const bytes = await readExactly(this.handle, this.header.dataStart + begin, end - begin);
    return decodeTensor(name, info.dtype, info.shape, bytes);
  }

  /**
   * Closes the file handle.
   * @example
   * await file.close();
   */
  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  for (let filled = 0; filled < length; ) {
    const { bytesRead } = await handle.read(out, filled, Math.min(length - filled, 2 ** 30), position + filled);
    // The file shrank after its size was read (another process truncating it).
    if (bytesRead === 0) throw new SafetensorsError('TRUNCATED', `safetensors: file ended at byte ${position + filled}, expected ${length - filled} more bytes`);
    filled += bytesRead;
  }
  return out;
}
