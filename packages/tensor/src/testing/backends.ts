import { afterAll, beforeAll, describe } from 'vitest';
import { getBackend, listBackends, setBackend } from '../kernels/registry.js';

/**
 * Runs a suite once per registered backend (`describe.each`), with that backend active for the
 * suite's tests and the previous one restored afterwards, as tfjs runs its core tests per backend.
 * @example
 * forEachBackend((backend) => {
 *   it('adds', () => expectClose(add(array([1]), 1), [2]));
 * });
 */
export function forEachBackend(fn: (backend: string) => void): void {
  describe.each(listBackends())('backend %s', (backend) => {
    let previous = getBackend();
    beforeAll(() => {
      previous = getBackend();
      setBackend(backend);
    });
    afterAll(() => {
      setBackend(previous);
    });
    fn(backend);
  });
}
