import type { DType, NDArray } from '@dl/tensor';
import { recordSaved } from './saved-versions.js';
import type { Tensor } from './tensor.js';

/** What a backward rule receives besides the output gradient. */
export interface BackwardContext<TArgs extends unknown[] = unknown[]> {
  /** The forward inputs (values only). */
  readonly inputs: readonly NDArray[];
  /** The forward output. */
  readonly out: NDArray;
  /** The forward's full argument list, operands unwrapped to NDArrays (dims, options included). */
  readonly args: TArgs;
  /** Which inputs need a gradient; a rule may skip work for the others. */
  readonly needsGrad: readonly boolean[];
}

/** A backward rule: one gradient per input (null where none flows). */
export type BackwardFn<TArgs extends unknown[] = unknown[]> = (
  dy: NDArray,
  ctx: BackwardContext<TArgs>,
) => readonly (NDArray | null)[];

/**
 * A node of the recorded graph, as PyTorch's `grad_fn`: named `MulBackward`, `MatmulBackward`,
 * ..., with one edge per input to the node that produced it (or an `AccumulateGrad` for a leaf).
 * @viz walk `nextFunctions` from `output.gradFn` to draw the graph.
 */
export class Node {
  /** Display name, e.g. `MulBackward`. */
  readonly name: string;
  /** The op name as registered, e.g. `mul`. */
  readonly op: string;
  /** For each input: the node its gradient flows to, or null (constant or frozen input). */
  readonly nextFunctions: readonly (Node | null)[];
  /** Shapes of the inputs, used to sum broadcast gradients back. */
  readonly inputShapes: readonly (readonly number[])[];
  /** Dtypes of the inputs; gradients are cast back to them. */
  readonly inputDTypes: readonly DType[];
  /** Shape of the output this node produced. */
  readonly outputShape: readonly number[];
  /** @internal */
  ctx: BackwardContext | null;
  /** @internal The in-place write count when the values were saved (see saved-versions.ts). */
  readonly savedAt: number;
  /** @internal */
  readonly backwardFn: BackwardFn | null;
  /** @internal A non-leaf output whose `.grad` should be kept (set by `retainGrad`). */
  retained: Tensor | null = null;

  /** @internal */
  constructor(
    op: string,
    nextFunctions: (Node | null)[],
    ctx: BackwardContext | null,
    backwardFn: BackwardFn | null,
    name = `${op.charAt(0).toUpperCase()}${op.slice(1)}Backward`,
  ) {
    this.op = op;
    this.name = name;
    this.nextFunctions = nextFunctions;
    this.inputShapes = ctx ? ctx.inputs.map((x) => x.shape) : [];
    this.inputDTypes = ctx ? ctx.inputs.map((x) => x.dtype) : [];
    this.outputShape = ctx ? ctx.out.shape : [];
    this.ctx = ctx;
    this.savedAt = recordSaved();
    this.backwardFn = backwardFn;
  }

  /** Shapes of the values this node saved for backward (empty once freed). */
  get savedShapes(): (readonly number[])[] {
    return this.ctx ? [...this.ctx.inputs.map((x) => x.shape), this.ctx.out.shape] : [];
  }
}

/** The graph node that adds incoming gradient into a leaf's `.grad`, as PyTorch's AccumulateGrad. */
export class AccumulateGrad extends Node {
  /** The leaf tensor this node accumulates into. */
  readonly variable: Tensor;

  /** @internal */
  constructor(variable: Tensor) {
    super('accumulateGrad', [], null, null, 'AccumulateGrad');
    this.variable = variable;
  }
}
