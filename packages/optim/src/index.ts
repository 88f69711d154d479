/**
 * The version of `@dl/optim`, kept in step with package.json by the release flow.
 *
 * @example
 * import { VERSION } from '@dl/optim';
 * VERSION; // '0.0.0'
 */
export const VERSION = '0.0.0';
