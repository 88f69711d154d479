import { describe, expect, it } from 'vitest';
import {
  array, DTypeError, gather, IndexError, logSoftmax, manualSeed, mul, neg, randn, reshape, ShapeError, softmax, softmaxCrossEntropy,
  softmaxCrossEntropyBackward, sub, zeros,
} from '../index.js';
import { expectClose, forEachBackend } from '../testing/index.js';

manualSeed(0);

const labelsOf = (values: number[]) => array(values, { dtype: 'int32' });

/** The unfused reference: -logSoftmax(x)[label] and (softmax(x) - onehot(label)) · grad. */
function reference(logits: ReturnType<typeof randn>, labels: number[], grad: number[]) {
  const index = reshape(labelsOf(labels), [labels.length, 1]);
  const loss = reshape(neg(gather(logSoftmax(logits, 1), 1, index)), [labels.length]);
  const onehot = zeros(logits.shape);
  const data = onehot.data;
  labels.forEach((label, n) => (data[n * logits.shape[1] + label] = 1));
  return { loss, dx: mul(sub(softmax(logits, 1), onehot), reshape(array(grad), [labels.length, 1])) };
}

forEachBackend(() => {
  describe('softmaxCrossEntropy', () => {
    it('matches logSoftmax + gather, forward and backward', () => {
      for (const [rows, classes] of [[5, 7], [64, 10], [3, 9000]]) {
        const logits = mul(randn([rows, classes]), 4);
        const labels = Array.from({ length: rows }, (_, n) => (n * 7) % classes);
        const grad = Array.from({ length: rows }, (_, n) => 0.5 + n / rows);
        const expected = reference(logits, labels, grad);
        expectClose(softmaxCrossEntropy(logits, labelsOf(labels)), expected.loss, { atol: 1e-5, rtol: 1e-5 });
        expectClose(softmaxCrossEntropyBackward(logits, labelsOf(labels), array(grad)), expected.dx, { atol: 1e-6, rtol: 1e-5 });
      }
    });

    it('stays finite for logits of ±1e4 (no log of a rounded-off 0)', () => {
      const logits = array([[1e4, -1e4, 0]]);
      expect(softmaxCrossEntropy(logits, labelsOf([1])).toArray()).toEqual([2e4]);
      expectClose(softmaxCrossEntropyBackward(logits, labelsOf([1]), array([1])), array([[1, -1, 0]]));
    });

    it('keeps float64 logits in float64', () => {
      const logits = randn([2, 3], { dtype: 'float64' });
      expect(softmaxCrossEntropy(logits, labelsOf([0, 2])).dtype).toBe('float64');
      expect(softmaxCrossEntropyBackward(logits, labelsOf([0, 2]), array([1, 1])).dtype).toBe('float64');
    });

    it('names the bad shape, dtype or label', () => {
      expect(() => softmaxCrossEntropy(zeros([2, 3]), labelsOf([0, 3]))).toThrow(IndexError);
      expect(() => softmaxCrossEntropy(zeros([2, 3]), labelsOf([0, 3]))).toThrow(/^softmaxCrossEntropy: label 3 at index 1 is out of range for 3 classes/);
      expect(() => softmaxCrossEntropy(zeros([2, 3]), labelsOf([0]))).toThrow(ShapeError);
      expect(() => softmaxCrossEntropy(zeros([2, 3]), labelsOf([0]))).toThrow(/expected logits \[N, C\] and labels \[N\], got \[2, 3\] and \[1\]/);
      expect(() => softmaxCrossEntropy(zeros([2, 3]), array([0, 1]))).toThrow(DTypeError);
      expect(() => softmaxCrossEntropyBackward(zeros([2, 3]), labelsOf([0, 1]), zeros([3]))).toThrow(/^softmaxCrossEntropyBackward: expected a gradient of shape \[2\] \(one per row\), got \[3\]/);
    });
  });
});
