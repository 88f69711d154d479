// What the bench measures in each mode. The full run stays under about 15 minutes on a busy
// 2-core machine: big sizes get fewer rounds, and pathologically slow contenders skip them.

/** Sizes, rounds and step counts of one bench run. */
export interface BenchConfig {
  readonly quick: boolean;
  /** matmul n x n @ n x n sizes, one thread. */
  readonly matmulSizes: readonly number[];
  /** matmul sizes also run on two threads (issue #11: n >= 512). */
  readonly threadSizes: readonly number[];
  /** @dl cpu and tfjs-cpu (about 1 GFLOP/s) stop above this size; tfjs-wasm's transposed products above twice it. */
  readonly slowLimit: number;
  /** Elements of the element-wise operands. */
  readonly elements: number;
  readonly rounds: number;
  /** Rounds for matmul sizes below 1024: their figures are the targets, and the best of 3 still moved by 10%. */
  readonly matmulRounds: number;
  readonly roundMs: number;
  /** Rounds for matmul sizes of 1024 and up, where one call already takes a second on the slow paths. */
  readonly bigRounds: number;
  /** Rounds of the training steps (wall time: more rounds, since one bad round costs more there). */
  readonly stepRounds: number;
  /**
   * Rounds of the two-thread table's matmuls and of its training step, 1 and 2 threads taking
   * turns. Wall time on two busy cores swings for seconds at a time on the shared VM: three
   * back-to-back runs of the MLP step's best-of-5 rounds gave 1.52x, 1.09x and 1.22x (2026-12-04
   * 17:15), best-of-30 runs 1.60x, 1.61x and 1.60x; with 10 rounds matmul 1024 gave 1.77x in
   * one run (its median over round pairs 1.95x). So the table takes the best of many rounds.
   */
  readonly threadRounds: number;
  readonly threadStepRounds: number;
  /** Epochs of the digits MLP recipe. */
  readonly digitsEpochs: number | undefined;
  /** The steps of the memory run at which RSS, heap and wasm memory are read. */
  readonly memorySteps: readonly number[];
}

export const FULL: BenchConfig = {
  quick: false,
  matmulSizes: [64, 128, 256, 512, 1024, 2048],
  threadSizes: [512, 1024, 2048],
  slowLimit: 512,
  elements: 1_000_000,
  rounds: 3,
  matmulRounds: 5,
  roundMs: 200,
  bigRounds: 3,
  stepRounds: 5,
  threadRounds: 15,
  threadStepRounds: 40,
  digitsEpochs: undefined,
  memorySteps: [100, 10_000, 30_000],
};

/** Tiny sizes and one short round: proves the bench code works, the figures mean little. */
export const QUICK: BenchConfig = {
  quick: true,
  matmulSizes: [16, 32],
  threadSizes: [32],
  slowLimit: 16,
  elements: 1000,
  rounds: 1,
  matmulRounds: 1,
  roundMs: 5,
  bigRounds: 1,
  stepRounds: 1,
  threadRounds: 1,
  threadStepRounds: 1,
  digitsEpochs: 1,
  memorySteps: [10, 30, 50],
};
