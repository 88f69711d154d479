// Entering a contender: @dl's backend (setBackend) or tfjs's (setBackend on its global engine).
import { setBackend } from '@dl/tensor';
import type { Entrant } from './clock.js';
import { useTfBackend, type TfBench } from './tfjs.js';

/** An entrant running `run` on @dl's `backend` ('cpu' or 'wasm'), named `@dl <backend>` unless told. */
export function dlEntrant(backend: 'cpu' | 'wasm', run: () => void, name = `@dl ${backend}`): Entrant {
  return {
    name,
    enter: () => {
      setBackend(backend);
      return Promise.resolve();
    },
    run,
  };
}

/** An entrant running `run` on tfjs's `backend`; tfjs tensors belong to the backend active when made. */
export function tfEntrant(tf: TfBench, backend: 'cpu' | 'wasm', run: () => void): Entrant {
  return { name: `tfjs-${backend}`, enter: () => useTfBackend(tf, backend), run };
}
