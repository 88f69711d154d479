/**
 * The version of `@dl/nn`, kept in step with package.json by the release flow.
 *
 * @example
 * import { VERSION } from '@dl/nn';
 * VERSION; // '0.0.0'
 */
export const VERSION = '0.0.0';
