/**
 * The version of `@dl/viz`, kept in step with package.json by the release flow.
 *
 * @example
 * import { VERSION } from '@dl/viz';
 * VERSION; // '0.0.0'
 */
export const VERSION = '0.0.0';
