import { registerBackend } from '../registry.js';
import { elementwiseKernels } from './elementwise.js';
import { fill } from './fill.js';
import { indexingKernels } from './indexing.js';
import { matmul } from './matmul.js';
import { optimizerKernels } from './optimizer.js';
import { reduce } from './reduce.js';
import { scan } from './scan.js';
import { softmax } from './softmax.js';
import { statistic } from './statistics.js';
import { windowKernels } from './window.js';

// Side effect on import (listed in package.json sideEffects): the cpu backend always exists.
registerBackend({ name: 'cpu', kernels: { ...elementwiseKernels, ...indexingKernels, reduce, statistic, scan, softmax, matmul, ...windowKernels, ...optimizerKernels, fill } });
