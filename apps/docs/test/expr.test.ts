import { describe, expect, it } from 'vitest';
import { countTensorOps, evaluate, evaluationToDot, parseBindings, parseExpression } from '../.vitepress/theme/demos/expr.js';

describe('parseExpression', () => {
  it('follows the usual precedence, with ^ binding to the right', () => {
    expect(parseExpression('1 + 2 * x ^ 2 ^ 3')).toEqual({
      kind: 'binary', op: '+', left: { kind: 'number', value: 1 },
      right: {
        kind: 'binary', op: '*', left: { kind: 'number', value: 2 },
        right: {
          kind: 'binary', op: '^', left: { kind: 'variable', name: 'x' },
          right: { kind: 'binary', op: '^', left: { kind: 'number', value: 2 }, right: { kind: 'number', value: 3 } },
        },
      },
    });
  });

  it('names the column of a syntax error', () => {
    expect(() => parseExpression('x * (y + 1')).toThrow(/expected '\)' at column 11, got the end/);
    expect(() => parseExpression('x $ y')).toThrow(/unexpected '\$' at column 3/);
    expect(() => parseExpression('foo(x)')).toThrow(/unknown function 'foo'/);
  });
});

describe('evaluate', () => {
  it('computes the gradients of (x + y) * z by the chain rule', () => {
    const { output, leaves } = evaluate(parseExpression('(x + y) * z'), parseBindings('x = -2, y = 5, z = -4'));
    expect(output.item()).toBe(-12);
    expect([...leaves.values()].map((leaf) => leaf.grad?.item())).toEqual([-4, -4, 3]);
  });

  it('draws one node per tensor op, plus leaves and the output', () => {
    const source = 'tanh(x * y + exp(z)) - 2 / x + 3 * 4';
    const evaluation = evaluate(parseExpression(source), parseBindings('x = 1, y = 2, z = 0.5'));
    const dot = evaluationToDot(evaluation);
    expect((dot.match(/class="op"/g) ?? []).length).toBe(countTensorOps(parseExpression(source)));
    expect(countTensorOps(parseExpression(source))).toBe(7);
    expect((dot.match(/class="leaf"/g) ?? []).length).toBe(3);
    expect(dot).toContain('TanhBackward');
  });

  it('rejects an expression without variables', () => {
    expect(() => evaluate(parseExpression('2 * 3'), new Map())).toThrow(/no variables/);
  });
});
