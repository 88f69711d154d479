import { Tensor, type Node } from '@dl/autograd';
import { ArgumentError, formatShape } from '@dl/tensor';
import { DotFigure } from '../figure.js';

/**
 * Options of `drawGraph` / `graphToDot`.
 * @example
 * drawGraph(loss, { params: model.namedParameters(), showSaved: false });
 */
export interface GraphOptions {
  /** Names for leaves, e.g. `model.namedParameters()` (`0.weight`); else a leaf's own `name`. */
  readonly params?: Iterable<readonly [string, Tensor]> | Readonly<Record<string, Tensor>>;
  /** Names of the output tensors, in the order given (default `output`, `output 1`, ...). */
  readonly outputNames?: readonly string[];
  /** Show the shapes each op saved for backward under its name (default true). */
  readonly showSaved?: boolean;
  /** Layout direction: top to bottom (default, as torchviz) or left to right. */
  readonly rankdir?: 'TB' | 'LR';
}

/** One box of the drawn graph. */
export interface GraphNode {
  readonly id: string;
  /** `op` for a backward node, `leaf` for a tensor that accumulates a gradient, `output` for a root. */
  readonly type: 'op' | 'leaf' | 'output';
  /** `MulBackward`, a leaf's name (`0.weight`, `x`) or an output's name. */
  readonly name: string;
  /** The output shape of an op, or the tensor's shape. */
  readonly shape: readonly number[];
  /** Shapes an op saved for backward (empty for leaves and outputs, or once freed). */
  readonly savedShapes: readonly (readonly number[])[];
}

/** The graph behind a tensor, as `drawGraph` lays it out: nodes and `from → to` edges (gradient flow reversed, as torchviz draws). */
export interface GraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly (readonly [from: string, to: string])[];
}

const toRoots = (output: Tensor | readonly Tensor[]): readonly Tensor[] => (Tensor.isTensor(output) ? [output] : output);

function leafNames(params: GraphOptions['params']): Map<Tensor, string> {
  const names = new Map<Tensor, string>();
  if (params === undefined) return names;
  const entries: Iterable<readonly [string, Tensor]> =
    Symbol.iterator in params ? params : Object.entries(params);
  for (const [name, tensor] of entries) if (!names.has(tensor)) names.set(tensor, name);
  return names;
}

/**
 * Walks the recorded graph from `output.gradFn` along `nextFunctions`, as torchviz's
 * `make_dot`: one node per backward op, one per leaf that gets a gradient (named from
 * `params` or the tensor's `name`), one per output; constants are left out.
 * @example
 * const { nodes } = traceGraph(x.add(y).mul(z));
 * nodes.map((node) => node.name); // ['output', 'MulBackward', 'AddBackward', 'z', 'x', 'y']
 */
export function traceGraph(output: Tensor | readonly Tensor[], options: GraphOptions = {}): GraphModel {
  const roots = toRoots(output);
  if (roots.length === 0) throw new ArgumentError('drawGraph: no output tensors given');
  const names = leafNames(options.params);
  const nodes: GraphNode[] = [];
  const edges: (readonly [string, string])[] = [];
  const ids = new Map<Node | Tensor, string>();
  let unnamed = 0;

  const leafNode = (tensor: Tensor): string => {
    let id = ids.get(tensor);
    if (id === undefined) {
      id = `n${ids.size}`;
      ids.set(tensor, id);
      const name = names.get(tensor) ?? tensor.name ?? `leaf ${unnamed++}`;
      nodes.push({ id, type: 'leaf', name, shape: tensor.shape, savedShapes: [] });
    }
    return id;
  };

  // Iterative depth-first walk: deep chains (100,000 ops) must not overflow the stack.
  const stack: Node[] = [];
  const visit = (node: Node): string => {
    // By the field, not instanceof: a second copy of @dl/autograd would fail an instanceof check.
    if ('variable' in node && Tensor.isTensor(node.variable)) return leafNode(node.variable);
    let id = ids.get(node);
    if (id === undefined) {
      id = `n${ids.size}`;
      ids.set(node, id);
      nodes.push({ id, type: 'op', name: node.name, shape: node.outputShape, savedShapes: node.savedShapes });
      stack.push(node);
    }
    return id;
  };

  roots.forEach((root, k) => {
    const id = `out${k}`;
    const name = options.outputNames?.[k] ?? (roots.length === 1 ? 'output' : `output ${k}`);
    nodes.push({ id, type: 'output', name, shape: root.shape, savedShapes: [] });
    if (root.gradFn) edges.push([visit(root.gradFn), id]);
    else if (root.requiresGrad) edges.push([leafNode(root), id]);
  });
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const id = ids.get(node) ?? '';
    for (const next of node.nextFunctions) if (next !== null) edges.push([visit(next), id]);
  }
  return { nodes, edges };
}

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const STYLES: Record<GraphNode['type'], string> = {
  op: 'fillcolor="#e8e8e8"',
  leaf: 'fillcolor="#add8e6"',
  output: 'fillcolor="#caff70"',
};

function label(node: GraphNode, showSaved: boolean): string {
  if (node.type !== 'op') return `${node.name}\n${formatShape(node.shape)}`;
  if (!showSaved || node.savedShapes.length === 0) return node.name;
  return `${node.name}\nsaved: ${node.savedShapes.map((shape) => formatShape(shape)).join(', ')}`;
}

/**
 * The graph behind `output` in Graphviz's DOT language (see `traceGraph` for what is drawn).
 * @example
 * graphToDot(loss, { params: model.namedParameters() }); // 'digraph autograd { ... }'
 */
export function graphToDot(output: Tensor | readonly Tensor[], options: GraphOptions = {}): string {
  const graph = traceGraph(output, options);
  const showSaved = options.showSaved ?? true;
  const lines = [
    'digraph autograd {',
    `  graph [rankdir=${options.rankdir ?? 'TB'}, fontname="DejaVu Sans", nodesep=0.3, ranksep=0.4];`,
    '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=11, height=0.3];',
    '  edge [arrowsize=0.7];',
  ];
  for (const node of graph.nodes) lines.push(`  ${node.id} [label=${quote(label(node, showSaved))}, ${STYLES[node.type]}];`);
  for (const [from, to] of graph.edges) lines.push(`  ${from} -> ${to};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * Draws the computational graph behind `output`, as torchviz: grey op nodes (`MulBackward`)
 * with the shapes they saved, blue leaves named from `params` (`0.weight`) and shapes, green outputs.
 * @example
 * const x = tensor([1, 2], { requiresGrad: true }); x.name = 'x';
 * const svg = await drawGraph(x.mul(x).sum()).toSVG();
 */
export function drawGraph(output: Tensor | readonly Tensor[], options: GraphOptions = {}): DotFigure {
  return new DotFigure(graphToDot(output, options), { title: 'autograd graph' });
}
