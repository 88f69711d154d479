import { describe, expect, it } from 'vitest';
import { allocate, checkDType } from './dtype.js';
import {
  DEFAULT_DTYPE,
  DTYPES,
  DTypeError,
  isFloating,
  parseDType,
  promoteTypes,
  resultTypeWithScalar,
  type DType,
} from './index.js';

describe('DTYPES', () => {
  it('lists every dtype, float32 being the default', () => {
    expect(DTYPES).toEqual(['float32', 'float64', 'int32', 'bool']);
    expect(DEFAULT_DTYPE).toBe('float32');
  });
});

describe('allocate', () => {
  it.each([
    ['float32', Float32Array],
    ['float64', Float64Array],
    ['int32', Int32Array],
    ['bool', Uint8Array],
  ] as const)('gives zeroed %s storage', (dtype, Storage) => {
    const data = allocate(dtype, 3);
    expect(data).toBeInstanceOf(Storage);
    expect([...data]).toEqual([0, 0, 0]);
  });
});

describe('isFloating', () => {
  it('is true for float32 and float64 only', () => {
    expect(DTYPES.filter(isFloating)).toEqual(['float32', 'float64']);
  });
});

describe('promoteTypes', () => {
  // torch.promote_types with int64 standing in for our int32.
  const TABLE: Record<DType, Record<DType, DType>> = {
    bool: { bool: 'bool', int32: 'int32', float32: 'float32', float64: 'float64' },
    int32: { bool: 'int32', int32: 'int32', float32: 'float32', float64: 'float64' },
    float32: { bool: 'float32', int32: 'float32', float32: 'float32', float64: 'float64' },
    float64: { bool: 'float64', int32: 'float64', float32: 'float64', float64: 'float64' },
  };

  it('matches torch.promote_types for every pair, in both orders', () => {
    for (const a of DTYPES)
      for (const b of DTYPES) expect(promoteTypes(a, b), `${a}, ${b}`).toBe(TABLE[a][b]);
  });
});

describe('resultTypeWithScalar', () => {
  it('lets a scalar lift the category only, as torch.result_type', () => {
    expect(resultTypeWithScalar('int32', 2.5)).toBe('float32');
    expect(resultTypeWithScalar('int32', 2)).toBe('int32');
    expect(resultTypeWithScalar('float32', 2)).toBe('float32');
    expect(resultTypeWithScalar('float64', 1)).toBe('float64');
    expect(resultTypeWithScalar('float32', 1e300)).toBe('float32');
    expect(resultTypeWithScalar('bool', 1)).toBe('int32');
    expect(resultTypeWithScalar('bool', 0.5)).toBe('float32');
    expect(resultTypeWithScalar('bool', true)).toBe('bool');
    expect(resultTypeWithScalar('int32', true)).toBe('int32');
  });

  it('treats NaN and infinities as float scalars', () => {
    expect(resultTypeWithScalar('int32', NaN)).toBe('float32');
    expect(resultTypeWithScalar('int32', -Infinity)).toBe('float32');
  });
});

describe('checkDType', () => {
  it('accepts allowed dtypes and throws DTypeError naming the op otherwise', () => {
    expect(() => {
      checkDType('indexSelect', 'index', 'int32', ['int32']);
    }).not.toThrow();
    expect(() => {
      checkDType('indexSelect', 'index', 'float32', ['int32', 'bool']);
    }).toThrow(/^indexSelect: index must be int32 or bool, got float32$/);
  });
});

describe('parseDType', () => {
  it('returns known dtypes', () => {
    for (const dtype of DTYPES) expect(parseDType(dtype)).toBe(dtype);
  });

  it('throws DTypeError listing the dtypes, naming the op when given', () => {
    expect(() => parseDType('float16')).toThrow(DTypeError);
    expect(() => parseDType('float16')).toThrow(
      /^unknown dtype "float16" \(expected float32, float64, int32, bool\)$/,
    );
    expect(() => parseDType(7, 'zeros')).toThrow(
      /^zeros: unknown dtype 7 \(expected float32, float64, int32, bool\)$/,
    );
  });
});
