import type { Readable } from 'node:stream';
import { nodeFs, nodeFsPromises, nodeReadline, nodeStream, nodeZlib } from './builtins.js';

/**
 * @internal Opens a file as a stream of byte chunks, gunzipping it when it starts with the gzip
 * magic bytes (whatever its extension); concatenated gzip members are read as one stream.
 */
export async function openInput(path: string, chunkSize = 1 << 20): Promise<Readable> {
  const [fs, fsPromises] = await Promise.all([nodeFs(), nodeFsPromises()]);
  const magic = new Uint8Array(2);
  const handle = await fsPromises.open(path, 'r');
  let bytesRead: number;
  try {
    ({ bytesRead } = await handle.read(magic, 0, 2, 0));
  } finally {
    await handle.close();
  }
  const file = fs.createReadStream(path, { highWaterMark: chunkSize });
  if (bytesRead < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) return file;
  const [stream, zlib] = await Promise.all([nodeStream(), nodeZlib()]);
  // pipeline (unlike pipe) forwards a read error of the file to the gunzip stream being iterated.
  return stream.pipeline(file, zlib.createGunzip({ chunkSize: 1 << 16 }), () => undefined);
}

/**
 * @internal The lines of a text file (plain or gzip) without their line ends, streamed through
 * node:readline, so only one line is held at a time.
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const [input, readline] = await Promise.all([openInput(path), nodeReadline()]);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * @internal What went wrong, when `error` is zlib's (the file starts as gzip but its data is
 * truncated or corrupt), so readers can throw their own typed error; null for any other error.
 */
export function gzipProblem(error: unknown): { truncated: boolean; detail: string } | null {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('Z_')) return null;
  const truncated = code === 'Z_BUF_ERROR';
  return { truncated, detail: `its gzip data is ${truncated ? 'truncated' : 'corrupt'} (${String(message)})` };
}
