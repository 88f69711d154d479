import { shared } from '../global-state.js';
import type { StorageRecord } from './storage.js';

// The innermost open tidy() scope, which every NDArray constructed while it is open joins.
// Kept apart from tidy.ts so that ndarray.ts reads one field per construction and imports
// nothing that imports NDArray.

/** One open tidy() scope: the arrays made while it was innermost. */
export interface Scope {
  readonly arrays: object[];
  /** Resident storage allocated while it was innermost (storage.ts's watchSurvivors). */
  readonly residents: StorageRecord[];
  readonly parent: Scope | null;
}

/** @internal `current` is the innermost open scope, null outside every tidy(). */
export const scopes: { current: Scope | null; depth: number } = shared('memoryScopes', () => ({ current: null, depth: 0 }));
