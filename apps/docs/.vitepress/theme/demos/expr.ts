// The graph demo's little language: + - * / ^, unary minus, numbers, variables and a few functions,
// evaluated with @dl tensors so the graph drawn is the one autograd recorded.
import * as ag from '@dl/autograd';
import { Tensor } from '@dl/autograd';

/** A parsed expression. */
export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: 'neg' | FunctionName; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly left: Expr; readonly right: Expr };

export const FUNCTIONS = ['exp', 'log', 'tanh', 'relu', 'sigmoid', 'sin', 'cos', 'sqrt', 'abs'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
const isFunction = (name: string): name is FunctionName => (FUNCTIONS as readonly string[]).includes(name);

/** A parse error with the column it happened at (0-based). */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

interface Token {
  readonly text: string;
  readonly column: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+)|([A-Za-z_]\w*)|(\S))/gy;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    // Exactly one group matched; the others are undefined (the regex's types do not say so).
    const [whole, number, word, symbol] = match as unknown as [string, string?, string?, string?];
    const text = number ?? word ?? symbol ?? '';
    if (symbol !== undefined && !'+-*/^(),'.includes(symbol)) {
      throw new ExpressionError(`unexpected '${text}' at column ${match.index + whole.indexOf(text) + 1}`, match.index);
    }
    tokens.push({ text, column: match.index + whole.indexOf(text) });
  }
  return tokens;
}

/**
 * Parses `tanh(x * y + exp(z)) - 2 / x`: usual precedence, `^` binds tightest and to the right.
 * @example
 * parseExpression('x * (y + 1)'); // { kind: 'binary', op: '*', ... }
 */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): string | undefined => tokens[position]?.text;
  const column = (): number => tokens[position]?.column ?? source.length;
  const expect = (text: string): void => {
    if (peek() !== text) throw new ExpressionError(`expected '${text}' at column ${column() + 1}, got ${peek() === undefined ? 'the end' : `'${peek()}'`}`, column());
    position++;
  };

  const primary = (): Expr => {
    if (position >= tokens.length) throw new ExpressionError('unexpected end of expression', source.length);
    const token = tokens[position];
    position++;
    if (token.text === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    if (/^[\d.]/.test(token.text)) return { kind: 'number', value: Number(token.text) };
    if (/^[A-Za-z_]/.test(token.text)) {
      if (peek() === '(') {
        if (!isFunction(token.text)) throw new ExpressionError(`unknown function '${token.text}' (known: ${FUNCTIONS.join(', ')})`, token.column);
        position++;
        const arg = sum();
        expect(')');
        return { kind: 'unary', op: token.text, arg };
      }
      return { kind: 'variable', name: token.text };
    }
    throw new ExpressionError(`unexpected '${token.text}' at column ${token.column + 1}`, token.column);
  };
  const power = (): Expr => {
    const base = primary();
    if (peek() !== '^') return base;
    position++;
    return { kind: 'binary', op: '^', left: base, right: unary() };
  };
  const unary = (): Expr => {
    if (peek() === '-') {
      position++;
      return { kind: 'unary', op: 'neg', arg: unary() };
    }
    if (peek() === '+') position++;
    return power();
  };
  const product = (): Expr => {
    let left = unary();
    for (let op = peek(); op === '*' || op === '/'; op = peek()) {
      position++;
      left = { kind: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const sum = (): Expr => {
    let left = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      position++;
      left = { kind: 'binary', op, left, right: product() };
    }
    return left;
  };

  const expr = sum();
  if (position < tokens.length) throw new ExpressionError(`unexpected '${peek() ?? ''}' at column ${column() + 1}`, column());
  return expr;
}

/** Parses `x = -2, y = 5` into values; names must be identifiers. */
export function parseBindings(source: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const part of source.split(/[,;\n]/)) {
    if (part.trim() === '') continue;
    const match = /^\s*([A-Za-z_]\w*)\s*=\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*$/.exec(part);
    if (!match) throw new ExpressionError(`cannot read '${part.trim()}' as name = number`, 0);
    values.set(match[1], Number(match[2]));
  }
  return values;
}

/** Variables an expression uses, in order of first use. */
export function variablesOf(expr: Expr, out: string[] = []): string[] {
  if (expr.kind === 'variable' && !out.includes(expr.name)) out.push(expr.name);
  if (expr.kind === 'unary') variablesOf(expr.arg, out);
  if (expr.kind === 'binary') {
    variablesOf(expr.left, out);
    variablesOf(expr.right, out);
  }
  return out;
}

type Value = Tensor | number;

const BINARY = { '+': ag.add, '-': ag.sub, '*': ag.mul, '/': ag.div, '^': ag.pow } as const;
const UNARY = {
  neg: ag.neg, exp: ag.exp, log: ag.log, tanh: ag.tanh, relu: ag.relu, sigmoid: ag.sigmoid, sin: ag.sin, cos: ag.cos,
  sqrt: ag.sqrt, abs: ag.abs,
} as const;
const NUMBER_UNARY: Record<keyof typeof UNARY, (x: number) => number> = {
  neg: (x) => -x, exp: Math.exp, log: Math.log, tanh: Math.tanh, relu: (x) => Math.max(x, 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)), sin: Math.sin, cos: Math.cos, sqrt: Math.sqrt, abs: Math.abs,
};
const NUMBER_BINARY: Record<keyof typeof BINARY, (a: number, b: number) => number> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': (a, b) => a ** b,
};

/** The evaluated expression: the output, its leaves and every intermediate tensor. */
export interface Evaluation {
  readonly output: Tensor;
  readonly leaves: ReadonlyMap<string, Tensor>;
  /** Each op's output, keyed by its graph node, for the values and gradients drawn on the nodes. */
  readonly results: ReadonlyMap<ag.Node, Tensor>;
}

/**
 * Evaluates `expr` with float64 leaf tensors (one per variable, value from `values`, default 1),
 * then runs `backward()`, keeping every intermediate's gradient. Number-only parts fold to constants.
 * @example
 * evaluate(parseExpression('x * y'), new Map([['x', 2], ['y', 3]])).leaves.get('x')?.grad?.item(); // 3
 */
export function evaluate(expr: Expr, values: ReadonlyMap<string, number>): Evaluation {
  const leaves = new Map<string, Tensor>();
  for (const name of variablesOf(expr)) {
    const leaf = ag.tensor(values.get(name) ?? 1, { requiresGrad: true, dtype: 'float64' });
    leaf.name = name;
    leaves.set(name, leaf);
  }
  const results = new Map<ag.Node, Tensor>();
  const keep = (out: Tensor): Tensor => {
    if (out.gradFn) {
      out.retainGrad();
      results.set(out.gradFn, out);
    }
    return out;
  };
  const run = (node: Expr): Value => {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'variable':
        return leaves.get(node.name) ?? node.name.length;
      case 'unary': {
        const arg = run(node.arg);
        return typeof arg === 'number' ? NUMBER_UNARY[node.op](arg) : keep(UNARY[node.op](arg));
      }
      case 'binary': {
        const left = run(node.left);
        const right = run(node.right);
        if (typeof left === 'number' && typeof right === 'number') return NUMBER_BINARY[node.op](left, right);
        // One tensor operand is enough: the other is a constant (PyTorch's `2 * x`).
        const a = typeof left === 'number' ? ag.tensor(left, { dtype: 'float64' }) : left;
        return keep(BINARY[node.op](a, right));
      }
    }
  };
  const result = run(expr);
  if (typeof result === 'number') throw new ExpressionError('the expression has no variables, so there is nothing to differentiate', 0);
  result.backward();
  return { output: result, leaves, results };
}

const format = (value: number | undefined): string => (value === undefined ? '–' : Number(value.toPrecision(4)).toString());

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/**
 * The recorded graph in DOT, walked from `output.gradFn` along `nextFunctions` as `@dl/viz`'s
 * traceGraph does, with each node's value and gradient: op nodes grey, leaves blue.
 * @example
 * evaluationToDot(evaluate(parseExpression('x * y'), new Map())); // 'digraph expression { ... }'
 */
export function evaluationToDot(evaluation: Evaluation, options: { dark?: boolean } = {}): string {
  const lines = [
    'digraph expression {',
    `  graph [rankdir=BT, bgcolor="transparent", nodesep=0.3, ranksep=0.35];`,
    `  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11];`,
    `  edge [arrowsize=0.7${options.dark ? ', color="#aaaaaa"' : ''}];`,
  ];
  const ids = new Map<unknown, string>();
  const leafNames = new Map<Tensor, string>([...evaluation.leaves].map(([name, leaf]) => [leaf, name]));
  const stack: ag.Node[] = [];
  const visit = (node: ag.Node): string => {
    const variable = 'variable' in node ? (node as { variable: unknown }).variable : undefined;
    const key = Tensor.isTensor(variable) ? variable : node;
    let id = ids.get(key);
    if (id !== undefined) return id;
    id = `n${ids.size}`;
    ids.set(key, id);
    if (Tensor.isTensor(variable)) {
      const label = `${leafNames.get(variable) ?? variable.name ?? 'leaf'} = ${format(variable.item())}\ngrad ${format(variable.grad?.item())}`;
      lines.push(`  ${id} [label=${quote(label)}, fillcolor="#add8e6", class="leaf"];`);
    } else {
      const result = evaluation.results.get(node);
      const label = `${node.name}\nvalue ${format(result?.item())}\ngrad ${format(result?.grad?.item())}`;
      lines.push(`  ${id} [label=${quote(label)}, fillcolor="#e8e8e8", class="op"];`);
      stack.push(node);
    }
    return id;
  };
  const root = evaluation.output.gradFn;
  if (root) {
    const outputId = 'out';
    lines.push(`  ${outputId} [label=${quote(`output = ${format(evaluation.output.item())}`)}, fillcolor="#caff70", class="output"];`);
    lines.push(`  ${visit(root)} -> ${outputId};`);
  }
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const id = ids.get(node) ?? '';
    for (const next of node.nextFunctions) if (next !== null) lines.push(`  ${visit(next)} -> ${id};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** How many ops the expression performs on tensors (number-only parts fold away). */
export function countTensorOps(expr: Expr): number {
  const hasVariable = (node: Expr): boolean => variablesOf(node).length > 0;
  if (!hasVariable(expr)) return 0;
  if (expr.kind === 'unary') return 1 + countTensorOps(expr.arg);
  if (expr.kind === 'binary') return 1 + countTensorOps(expr.left) + countTensorOps(expr.right);
  return 0;
}
