import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type * as Path from 'node:path';
import type * as Readline from 'node:readline';
import type * as Stream from 'node:stream';
import type * as Zlib from 'node:zlib';

// The browser build must not pull in Node built-ins, yet the path-based functions live in the
// same entry point (subpath exports are limited to '.' and './testing'). So Node modules load
// lazily, on the first call of a function that takes a path. The specifier sits in a variable,
// which bundlers (Vite, webpack, esbuild) leave untouched instead of trying to resolve it for
// the browser; `import type` above is erased, so no Node import survives in the bundle.
async function nodeModule<T>(specifier: string): Promise<T> {
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
}

/** @internal */
export const nodeFsPromises = (): Promise<typeof FsPromises> => nodeModule('node:fs/promises');
/** @internal */
export const nodeFs = (): Promise<typeof Fs> => nodeModule('node:fs');
/** @internal */
export const nodePath = (): Promise<typeof Path> => nodeModule('node:path');
/** @internal */
export const nodeZlib = (): Promise<typeof Zlib> => nodeModule('node:zlib');
/** @internal */
export const nodeReadline = (): Promise<typeof Readline> => nodeModule('node:readline');
/** @internal */
export const nodeCrypto = (): Promise<typeof Crypto> => nodeModule('node:crypto');
/** @internal */
export const nodeStream = (): Promise<typeof Stream> => nodeModule('node:stream');
