import { version } from '../package.json';
import { VersionMismatchError } from './errors.js';

// NOTE: a bundler or a nested install can load two copies of @dl/tensor. Module-level state (the
// default generator, the backend registry) would then split silently: manualSeed in one copy
// would not seed the other's randn. So that state lives on globalThis under a registry-wide
// symbol, shared by copies of the same version; a copy of another version refuses to load.
const KEY = Symbol.for('@dl/tensor/global-state');

interface GlobalState {
  readonly version: string;
  readonly slots: Record<string, unknown>;
}

/** @internal The version this copy of `@dl/tensor` was built as (its package.json's). */
export const VERSION: string = version;

/**
 * @internal The process-wide value named `name`, made by `create` in the first copy of
 * `@dl/tensor` that asks for it. Throws VersionMismatchError when another version got there first.
 */
export function shared<T>(name: string, create: () => T): T {
  const root = globalThis as { [KEY]?: GlobalState };
  let state = root[KEY];
  if (state === undefined) {
    state = { version: VERSION, slots: {} };
    Object.defineProperty(globalThis, KEY, { value: state, enumerable: false, configurable: true });
  } else if (state.version !== VERSION) {
    throw new VersionMismatchError(
      `@dl/tensor: version ${VERSION} loaded while version ${state.version} is already loaded; ` +
        `two copies would split the seeded generator and the backend registry\n` +
        `hint: install one copy (npm ls @dl/tensor, then npm dedupe or align the @dl versions)`,
    );
  }
  return (state.slots[name] ??= create()) as T;
}
