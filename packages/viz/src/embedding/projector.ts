import { writeProjectorTsv, type ProjectorTsv } from '@dl/io';
import { ArgumentError, fromTypedArray, ShapeError } from '@dl/tensor';
import type { Values } from '../plot/values.js';
import { matrix } from './matrix.js';

/**
 * Files for the TensorBoard Embedding Projector (projector.tensorflow.org → Load): `vectors.tsv`
 * and `metadata.tsv`, through @dl/io's projector writer; with `groups`, the metadata gets a
 * header and a second column to colour by.
 * @example
 * const { vectors, metadata } = projectorFiles(wordVectors, words, { groups: clusters });
 */
export function projectorFiles(vectors: Values, words: readonly string[], options: { groups?: readonly (string | number)[] } = {}): ProjectorTsv {
  const { data, n, d } = matrix('projectorFiles', vectors);
  if (words.length !== n) throw new ShapeError(`projectorFiles: ${words.length} words for ${n} vectors`);
  const files = writeProjectorTsv({ words, vectors: fromTypedArray(Float32Array.from(data), [n, d]) });
  const { groups } = options;
  if (groups === undefined) return files;
  if (groups.length !== n) throw new ShapeError(`projectorFiles: ${groups.length} groups for ${n} vectors`);
  const bad = groups.findIndex((group) => /[\t\n\r]/.test(String(group)));
  if (bad >= 0) throw new ArgumentError(`projectorFiles: group at index ${bad} contains a tab or newline`);
  const metadata = `word\tgroup\n${words.map((word, i) => `${word}\t${String(groups[i])}\n`).join('')}`;
  return { vectors: files.vectors, metadata };
}
