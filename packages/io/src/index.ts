// The public API of @dl/io: explicit named exports only (STYLE §6).
// Functions that take a file path are Node only; they load Node built-ins lazily (src/node/builtins.ts),
// so browser bundles of the Uint8Array functions never see a Node import.

export {
  SafetensorsError, Word2VecFormatError, CsvFormatError, CorpusFormatError, CheckpointError,
  type SafetensorsErrorCode, type Word2VecErrorCode,
} from './errors.js';

// safetensors
export { save, load, readHeader, type TensorMap, type SaveOptions, type LoadOptions } from './safetensors/safetensors.js';
export { saveFile, loadFile, safeOpen, SafetensorsFile } from './safetensors/file.js';
export { MAX_HEADER_LENGTH, type SafetensorsHeader, type TensorInfo } from './safetensors/header.js';
export { type SafetensorsDType } from './safetensors/dtypes.js';
export { writeFileAtomic, isTempFileName, type AtomicWriteOptions } from './node/atomic-write.js';

// word2vec and projector formats
export { readWord2Vec, writeWord2Vec, type WordVectors, type Word2VecReadOptions, type Word2VecWriteOptions } from './word2vec/word2vec.js';
export { loadWord2VecFormat, saveWord2VecFormat } from './word2vec/file.js';
export { readProjectorTsv, writeProjectorTsv, saveProjectorTsv, loadProjectorTsv, type ProjectorTsv } from './word2vec/projector.js';

// data
export { TensorDataset, Subset, randomSplit, type Dataset } from './data/dataset.js';
export { DataLoader, defaultCollate, type DataLoaderOptions, type Collated } from './data/data-loader.js';
export {
  parseCsv, readCsv, labeledFromRows, loadLabeledCsv, loadDigits, loadIris,
  type CsvOptions, type LabeledData, type LabeledCsvOptions,
} from './data/csv.js';
export { LineCorpus, whitespaceTokenizer, type Tokenizer, type LineCorpusOptions } from './data/corpus.js';
export { Vocabulary, type VocabularyOptions } from './data/vocabulary.js';

// training checkpoints
export {
  writeCheckpoint, readCheckpoint, saveCheckpoint, loadCheckpoint,
  type CheckpointState, type CheckpointTargets, type CheckpointInfo, type CheckpointMetadata,
  type CheckpointModel, type CheckpointOptimizer, type CheckpointScheduler,
} from './checkpoint.js';
