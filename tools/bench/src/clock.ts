// The two clocks of the bench. Op rows use this process's CPU time, so waiting for a core on a
// shared machine does not count. Training steps and two-thread figures use wall time: a step
// allocates, and V8 marks and sweeps on helper threads beside it, which CPU time would add to the
// step (about 2x on a 2-core machine) although the step's own thread never waits for them.

/** Which clock a measurement reads. */
export type Clock = 'cpu' | 'wall';

/** Milliseconds on `clock`: CPU time of this process (all its threads) or wall time. */
export function now(clock: Clock): number {
  if (clock === 'wall') return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** How long and how often each contender runs. */
export interface Rounds {
  /** Timed rounds per contender (after one untimed warm-up round each). */
  readonly rounds: number;
  /** Each round repeats the call until this many milliseconds have passed on the clock. */
  readonly roundMs: number;
  readonly clock: Clock;
}

/** Mean milliseconds per call on both clocks over one round (its length counted on `clock`). */
export interface RoundTime {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Mean milliseconds per call over calls totalling at least `roundMs` on `clock`, on both clocks.
 * Calls run in batches that double until one lasts 1% of the round: reading the CPU clock costs
 * about 2 µs (Python's process_time about the same; reference.py batches alike), as much as a 2x2 op.
 */
export function timeRoundClocks(run: () => void, { roundMs, clock }: Rounds): RoundTime {
  let reps = 0;
  let batch = 1;
  const [wall0, cpu0] = [now('wall'), now('cpu')];
  const start = clock === 'wall' ? wall0 : cpu0;
  for (let batchStart = start; ; ) {
    for (let i = 0; i < batch; i++) run();
    reps += batch;
    const end = now(clock);
    if (end - start >= roundMs) break;
    if (end - batchStart < roundMs / 100) batch *= 2;
    batchStart = end;
  }
  return { wall: (now('wall') - wall0) / reps, cpu: (now('cpu') - cpu0) / reps };
}

/** One contender of a race: `enter` switches backend or thread count, `run` is one call. */
export interface Entrant {
  readonly name: string;
  readonly enter: () => Promise<void>;
  readonly run: () => void;
}

/**
 * Each entrant's best round, on both clocks (the round whose time on `rounds.clock` is least).
 * Entrants take turns round by round, so a burst of load from other jobs hits everyone alike; the
 * best round is the figure least hurt by it. Each starts with an untimed round (JIT tier-up, wasm
 * tier-up, memory growth and V8's young-generation sizing stay out of the timed rounds). No full GC
 * between rounds: V8 then shrinks its young generation and the next round pays for regrowing it
 * (measured: MLP 64-128-10 step 0.21-0.27 ms CPU without, 0.38-0.45 with). An entrant whose call throws is left out of the result (printed as a dash).
 */
export async function raceClocks(entrants: readonly Entrant[], rounds: Rounds): Promise<Map<string, RoundTime>> {
  const best = new Map<string, RoundTime>();
  const live: Entrant[] = [];
  for (const entrant of entrants) {
    try {
      await entrant.enter();
      timeRoundClocks(entrant.run, rounds);
      live.push(entrant);
    } catch (error) {
      console.warn(`bench: ${entrant.name} skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (let round = 0; round < rounds.rounds; round++) {
    for (const entrant of live) {
      await entrant.enter();
      const time = timeRoundClocks(entrant.run, rounds);
      const previous = best.get(entrant.name);
      if (previous === undefined || time[rounds.clock] < previous[rounds.clock]) best.set(entrant.name, time);
    }
  }
  return best;
}

/** Best-of-rounds milliseconds per call of each entrant on `rounds.clock` (see raceClocks). */
export async function race(entrants: readonly Entrant[], rounds: Rounds): Promise<Map<string, number>> {
  const best = await raceClocks(entrants, rounds);
  return new Map([...best].map(([name, time]) => [name, time[rounds.clock]]));
}
