/**
 * The version of `@dl/io`, kept in step with package.json by the release flow.
 *
 * @example
 * import { VERSION } from '@dl/io';
 * VERSION; // '0.0.0'
 */
export const VERSION = '0.0.0';
