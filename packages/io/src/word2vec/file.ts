import { writeFileAtomic } from '../node/atomic-write.js';
import { gzipProblem, openInput } from '../node/input.js';
import { Word2VecParser, word2vecChunks, type Word2VecReadOptions, type Word2VecWriteOptions, type WordVectors } from './word2vec.js';

/**
 * Loads a word2vec text or binary file (gzipped or not) as gensim's
 * `KeyedVectors.load_word2vec_format`, streaming it in chunks. Node only.
 * @example
 * const { words, vectors } = await loadWord2VecFormat('vectors.bin', { binary: true });
 */
export async function loadWord2VecFormat(path: string, options: Word2VecReadOptions = {}): Promise<WordVectors> {
  const parser = new Word2VecParser(options, 'loadWord2VecFormat');
  const input = await openInput(path);
  try {
    for await (const chunk of input) {
      parser.push(chunk as Uint8Array);
      if (parser.done()) break;
    }
  } catch (error) {
    const problem = gzipProblem(error);
    if (problem === null) throw error;
    throw parser.inputError(problem.truncated ? 'TRUNCATED' : 'INVALID_GZIP', problem.detail);
  } finally {
    input.destroy();
  }
  return parser.finish();
}

/**
 * Saves word vectors as gensim's `save_word2vec_format` writes them, atomically (temporary file,
 * fsync, rename). Node only.
 * @example
 * await saveWord2VecFormat({ words, vectors }, 'vectors.txt');
 */
export async function saveWord2VecFormat(vectors: WordVectors, path: string, options: Word2VecWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, word2vecChunks('saveWord2VecFormat', vectors, options));
}
