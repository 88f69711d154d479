import { nodeCrypto, nodeFsPromises, nodePath } from './builtins.js';

/**
 * Options of `writeFileAtomic`.
 * @example
 * await saveFile(tensors, 'scratch.safetensors', { fsync: false });
 */
export interface AtomicWriteOptions {
  /** fsync the file and its folder (default true); false trades crash safety for speed. */
  fsync?: boolean;
}

// Node rejects single writes above 2 GiB; 1 GiB pieces stay well below.
const MAX_WRITE = 2 ** 30;

/**
 * The name of the temporary file a save writes first: hidden, in the target's folder (a rename
 * across file systems is not atomic) and ending in `.tmp`, so nothing mistakes it for data.
 * @example
 * isTempFileName('.model.safetensors.3f2a9c.tmp', 'model.safetensors') // true
 */
export function isTempFileName(fileName: string, targetName: string): boolean {
  return fileName.startsWith(`.${targetName}.`) && fileName.endsWith('.tmp');
}

/** A write in progress: the file it replaces (once known) and when its rename is over. */
interface PendingWrite {
  target: Promise<string | null>;
  finished: Promise<void>;
}

// Writes not yet renamed, in call order: a write renames only after every earlier write to the
// same file, so concurrent saves to one path leave the data of the last call, not of the slowest.
const pendingWrites = new Set<PendingWrite>();

/**
 * Writes `chunks` to `path` so that a crash at any moment leaves either the old file or the new
 * one, never a mix: write a temporary file in the same folder, fsync it, rename it over `path`
 * (atomic on POSIX and NTFS), then fsync the folder so the rename itself survives a power cut.
 * Concurrent calls for one file write their temporary files in parallel and rename them in call
 * order, so the file ends up holding the data of the last call. Node only.
 * @example
 * await writeFileAtomic('vectors.bin', [header, body]);
 */
export async function writeFileAtomic(path: string, chunks: Iterable<Uint8Array>, options: AtomicWriteOptions = {}): Promise<void> {
  // Registered synchronously, before the first await, so the order is the order of the calls.
  const earlier = [...pendingWrites];
  let setTarget: (target: string | null) => void = () => undefined;
  let finish: () => void = () => undefined;
  const pending: PendingWrite = {
    target: new Promise((resolve) => (setTarget = resolve)),
    finished: new Promise((resolve) => (finish = resolve)),
  };
  pendingWrites.add(pending);
  try {
    await writeThenRename(path, chunks, options, earlier, setTarget);
  } finally {
    setTarget(null); // a no-op once set; unblocks later writes when this one failed early
    pendingWrites.delete(pending);
    finish();
  }
}

async function writeThenRename(path: string, chunks: Iterable<Uint8Array>, options: AtomicWriteOptions, earlier: readonly PendingWrite[], setTarget: (target: string) => void): Promise<void> {
  const fsync = options.fsync ?? true;
  const [fs, pathModule, crypto] = await Promise.all([nodeFsPromises(), nodePath(), nodeCrypto()]);
  const target = pathModule.resolve(path);
  setTarget(target);
  const folder = pathModule.dirname(target);
  const temp = pathModule.join(folder, `.${pathModule.basename(path)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  // Keep the permissions of the file being replaced, as editors do; new files get 0o666 & ~umask.
  const mode = await fs.stat(path).then((stats) => stats.mode & 0o7777, () => 0o666);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    let position = 0;
    for (const chunk of chunks) {
      for (let start = 0; start < chunk.length; ) {
        const piece = chunk.subarray(start, start + MAX_WRITE);
        const { bytesWritten } = await handle.write(piece, 0, piece.length, position);
        start += bytesWritten;
        position += bytesWritten;
      }
    }
    if (fsync) await handle.sync();
    await handle.close();
    for (const write of earlier) if ((await write.target) === target) await write.finished;
    await fs.rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  if (fsync) await syncFolder(folder);
}

async function syncFolder(folder: string): Promise<void> {
  const fs = await nodeFsPromises();
  let handle;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync a folder (EISDIR/EPERM); its rename is durable on its own.
    const code = (error as { code?: string }).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
