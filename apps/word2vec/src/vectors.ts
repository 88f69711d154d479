// Reading and writing trained vectors through @dl/io: word2vec binary/text (gensim reads them),
// safetensors (both tables, words in the metadata) and the TensorBoard projector TSV pair.
import { loadWord2VecFormat, safeOpen, saveFile, saveProjectorTsv, saveWord2VecFormat, type WordVectors } from '@dl/io';
import { access, constants, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { TrainResult } from './train.js';

/** Output formats of `train`. */
export type VectorFormat = 'bin' | 'text' | 'safetensors' | 'tsv';

const FORMATS: readonly VectorFormat[] = ['bin', 'text', 'safetensors', 'tsv'];

/** The format named by `--format`, or guessed from the path's extension. */
export function formatOf(path: string, format?: string): VectorFormat {
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new Error(`--format: expected one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
    return format as VectorFormat;
  }
  if (/\.bin$/i.test(path)) return 'bin';
  if (/\.(txt|vec)(\.gz)?$/i.test(path)) return 'text';
  if (/\.safetensors$/i.test(path)) return 'safetensors';
  throw new Error(`cannot tell the format of ${path} from its extension (.bin, .txt, .vec, .safetensors); pass --format`);
}

/** Fails early, before any training, when `path` cannot be written. */
export async function checkWritable(path: string, format: VectorFormat): Promise<void> {
  const folder = format === 'tsv' ? resolve(path, '..') : dirname(resolve(path));
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new Error(`output ${path}: folder ${folder} does not exist or is not writable`);
  }
  const info = await stat(path).catch(() => null);
  if (info && format !== 'tsv' && info.isDirectory()) throw new Error(`output ${path}: is a folder`);
}

/** The input table with its words: what word2vec files hold. */
export function wordVectorsOf(result: Pick<TrainResult, 'vocabulary' | 'model'>): WordVectors {
  return { words: result.vocabulary.words, vectors: result.model.inputEmbedding.weight.data };
}

/** Writes trained vectors atomically in `format`. */
export async function saveVectors(result: Pick<TrainResult, 'vocabulary' | 'model'>, path: string, format: VectorFormat): Promise<void> {
  const vectors = wordVectorsOf(result);
  if (format === 'bin' || format === 'text') return saveWord2VecFormat(vectors, path, { binary: format === 'bin' });
  if (format === 'safetensors') {
    const tensors = { input: vectors.vectors, output: result.model.outputEmbedding.weight.data };
    return saveFile(tensors, path, { metadata: { words: JSON.stringify(vectors.words), format: 'dl-word2vec' } });
  }
  return saveProjectorTsv(vectors, path);
}

/** Loads vectors written by `saveVectors` (or any word2vec file). */
export async function loadVectors(path: string, format?: VectorFormat): Promise<WordVectors> {
  const kind = formatOf(path, format);
  try {
    if (kind === 'safetensors') {
      const file = await safeOpen(path);
      try {
        const words = JSON.parse(file.metadata()?.words ?? '[]') as string[];
        if (!file.keys().includes('input')) throw new Error('no "input" tensor (not written by dl-word2vec train)');
        return { words, vectors: await file.getTensor('input') };
      } finally {
        await file.close();
      }
    }
    if (kind === 'tsv') throw new Error('TSV is an output-only format here');
    return await loadWord2VecFormat(path, { binary: kind === 'bin' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`vectors ${path}: no such file`);
    throw new Error(`vectors ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
}
