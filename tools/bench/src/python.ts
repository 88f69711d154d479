// numpy and PyTorch through Debian's /usr/bin/python3 (reference.py), when it has them. Thread
// counts go through the environment, since BLAS reads them once, when numpy loads.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Clock } from './clock.js';

export const PYTHON = '/usr/bin/python3';

/** What reference.py measures in one run. */
export interface PythonRequest {
  readonly threads: number;
  readonly clock: Clock;
  readonly rounds: number;
  readonly roundMs: number;
  readonly bigRounds: number;
  readonly matmulSizes: readonly number[];
  /** Elements of the element-wise operands, or 0 to skip them. */
  readonly elements: number;
  /** Whether to time the 2x2 add with and without grad. */
  readonly overhead: boolean;
  /** Training-step workloads to time (names of @dl/examples' WORKLOADS). */
  readonly steps: readonly string[];
  /** Rounds for the training steps, when not `rounds`. */
  readonly stepRounds?: number;
}

/** numpy's and PyTorch's versions (null when missing) and ms per call by case key. */
export interface PythonResult {
  readonly numpy: string | null;
  readonly torch: string | null;
  readonly ms: Readonly<Record<string, number>>;
  /** With the wall clock: CPU ms per call of the busiest thread, by case key. */
  readonly critical: Readonly<Record<string, number>>;
}

/** Why there is no Python column: the interpreter is missing or failed. */
export interface PythonFailure {
  readonly failure: string;
}

const script = fileURLToPath(new URL('./reference.py', import.meta.url));
const trainStepScript = createRequire(import.meta.url).resolve('@dl/examples/package.json').replace(/package\.json$/, 'bench/train-step-torch.py');

/** Runs reference.py once; never throws, so a missing Python only costs its columns. */
export function runPython(request: PythonRequest): PythonResult | PythonFailure {
  const config = {
    threads: request.threads,
    clock: request.clock,
    rounds: request.rounds,
    round_ms: request.roundMs,
    big_rounds: request.bigRounds,
    matmul_sizes: request.matmulSizes,
    elements: request.elements,
    overhead: request.overhead,
    steps: request.steps,
    step_rounds: request.stepRounds ?? request.rounds,
    train_step_script: trainStepScript,
  };
  const threads = String(request.threads);
  const env = { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads };
  const result = spawnSync(PYTHON, [script, JSON.stringify(config)], { encoding: 'utf8', env, timeout: 900_000 });
  if (result.error) return { failure: `${PYTHON} not runnable (${result.error.message})` };
  if (result.status !== 0) return { failure: `${PYTHON} failed: ${result.stderr.trim().split('\n').at(-1) ?? `exit ${result.status}`}` };
  return JSON.parse(result.stdout) as PythonResult;
}

/** The result, or undefined for a failure. */
export function pythonOk(result: PythonResult | PythonFailure): PythonResult | undefined {
  return 'failure' in result ? undefined : result;
}
