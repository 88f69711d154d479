import { Word2VecFormatError } from '../index.js';

/** The Word2VecFormatError `fn` throws, so a test can check its code and message; anything else fails. */
export function thrown(fn: () => unknown): Word2VecFormatError {
  try {
    fn();
  } catch (error) {
    if (Word2VecFormatError.isInstance(error)) return error as Word2VecFormatError;
    throw error;
  }
  throw new Error('expected a Word2VecFormatError');
}
