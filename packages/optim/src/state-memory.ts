import { NDArray, dispose, keep } from '@dl/tensor';

// An optimizer's state outlives the step that made it (momentum made on the first step is read
// on the second), so under tidy() it is kept, and the optimizer, its only holder, disposes a
// buffer once it stops holding it (a replaced buffer, a state dict loaded over it).

/** The NDArrays among the values of one parameter's state entry. */
export function stateArrays(entry: object): NDArray[] {
  const arrays: NDArray[] = [];
  for (const value of Object.values(entry)) if (NDArray.isNDArray(value)) arrays.push(value);
  return arrays;
}

/** Keeps the arrays `entry` holds past every tidy, and disposes those of `before` it no longer holds. */
export function settleState(entry: object, before: readonly NDArray[] = []): void {
  const now = stateArrays(entry);
  for (const x of now) if (!before.includes(x)) keep(x);
  for (const x of before) if (!now.includes(x)) dispose(x);
}
