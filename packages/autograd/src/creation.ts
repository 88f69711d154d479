import * as nd from '@dl/tensor';
import type { CreationOptions, RandomOptions, ShapeLike } from '@dl/tensor';
import { Tensor } from './tensor.js';

/** Creation options plus whether the new leaf requires grad. */
export interface TensorCreationOptions extends CreationOptions {
  requiresGrad?: boolean;
}

/** Random creation options plus whether the new leaf requires grad. */
export interface RandomTensorOptions extends RandomOptions {
  requiresGrad?: boolean;
}

const leaf = (data: nd.NDArray, requiresGrad = false): Tensor => new Tensor(data, requiresGrad);

/** Zeros of `shape`. @example zeros([2, 3], { requiresGrad: true }) */
export const zeros = (shape: ShapeLike, options: TensorCreationOptions = {}): Tensor => leaf(nd.zeros(shape, options), options.requiresGrad);
/** Ones of `shape`. @example ones([2, 3]) */
export const ones = (shape: ShapeLike, options: TensorCreationOptions = {}): Tensor => leaf(nd.ones(shape, options), options.requiresGrad);
/** Unspecified values (zeros in @dl), as torch.empty. @example empty(3) */
export const empty = (shape: ShapeLike, options: TensorCreationOptions = {}): Tensor => leaf(nd.empty(shape, options), options.requiresGrad);
/** `value` everywhere. @example full([2], 7) */
export const full = (shape: ShapeLike, value: number, options: TensorCreationOptions = {}): Tensor =>
  leaf(nd.full(shape, value, options), options.requiresGrad);
/** Zeros like `x` (shape and dtype). @example zerosLike(x) */
export const zerosLike = (x: Tensor | nd.NDArray, options: TensorCreationOptions = {}): Tensor =>
  leaf(nd.zerosLike(Tensor.isTensor(x) ? x.data : x, options), options.requiresGrad);
/** Ones like `x` (shape and dtype). @example onesLike(x) */
export const onesLike = (x: Tensor | nd.NDArray, options: TensorCreationOptions = {}): Tensor =>
  leaf(nd.onesLike(Tensor.isTensor(x) ? x.data : x, options), options.requiresGrad);
/** `start..end` by `step`, as torch.arange. @example arange(5) */
export const arange = (start: number, end?: number, step = 1, options: TensorCreationOptions = {}): Tensor =>
  leaf(nd.arange(start, end, step, options), options.requiresGrad);
/** Evenly spaced values, ends included. @example linspace(0, 1, 5) */
export const linspace = (start: number, end: number, steps: number, options: TensorCreationOptions = {}): Tensor =>
  leaf(nd.linspace(start, end, steps, options), options.requiresGrad);
/** Identity matrix. @example eye(3) */
export const eye = (n: number, m = n, options: TensorCreationOptions = {}): Tensor => leaf(nd.eye(n, m, options), options.requiresGrad);
/** Uniform samples in [0, 1). @example rand([2, 2], { requiresGrad: true }) */
export const rand = (shape: ShapeLike, options: RandomTensorOptions = {}): Tensor => leaf(nd.rand(shape, options), options.requiresGrad);
/** Standard normal samples. @example randn([2, 2], { dtype: 'float64', requiresGrad: true }) */
export const randn = (shape: ShapeLike, options: RandomTensorOptions = {}): Tensor => leaf(nd.randn(shape, options), options.requiresGrad);
/** Uniform integers in [low, high) (int32, never requires grad). @example randint(0, 10, [4]) */
export const randint = (low: number, high: number, shape: ShapeLike, options: RandomOptions = {}): Tensor =>
  leaf(nd.randint(low, high, shape, options));
