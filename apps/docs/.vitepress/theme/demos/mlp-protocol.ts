// Messages between the MLP demo page and its training worker.
import type { MlpSettings } from './mlp.js';

export type ToWorker =
  | { readonly type: 'reset'; readonly settings: MlpSettings }
  | { readonly type: 'start' }
  | { readonly type: 'pause' }
  | { readonly type: 'learningRate'; readonly value: number };

export type FromWorker =
  | { readonly type: 'ready' }
  | {
      readonly type: 'frame';
      readonly step: number;
      readonly loss: number;
      readonly gridSize: number;
      readonly probabilities: Float32Array;
      readonly points: { readonly x: Float32Array; readonly labels: Int32Array };
    };
