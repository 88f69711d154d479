// The two clocks of the bench. One-thread figures use this process's CPU time, so waiting for a
// core on a shared machine does not count; two-thread figures must use wall time, since threads
// only pay off in wall time.

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
  /** Timed rounds per contender (after one warm-up call each). */
  readonly rounds: number;
  /** Each round repeats the call until this many milliseconds have passed on the clock. */
  readonly roundMs: number;
  readonly clock: Clock;
}

/** Mean milliseconds per call over calls totalling at least `roundMs`. */
export function timeRound(run: () => void, { roundMs, clock }: Rounds): number {
  let reps = 0;
  const start = now(clock);
  do {
    run();
    reps++;
  } while (now(clock) - start < roundMs);
  return (now(clock) - start) / reps;
}

/** One contender of a race: `enter` switches backend or thread count, `run` is one call. */
export interface Entrant {
  readonly name: string;
  readonly enter: () => Promise<void>;
  readonly run: () => void;
}

/**
 * Best-of-rounds milliseconds per call of each entrant. Entrants take turns round by round, so a
 * burst of load from other jobs hits everyone alike; the best round is the figure least hurt by
 * it. An entrant whose call throws is left out of the result (printed as a dash).
 */
export async function race(entrants: readonly Entrant[], rounds: Rounds): Promise<Map<string, number>> {
  const best = new Map<string, number>();
  const live: Entrant[] = [];
  for (const entrant of entrants) {
    try {
      await entrant.enter();
      // Warm-up for a whole round: JIT, wasm tier-up (compiled on a background thread, whose CPU
      // time counts) and memory growth stay out of the timed rounds.
      timeRound(entrant.run, rounds);
      live.push(entrant);
    } catch (error) {
      console.warn(`bench: ${entrant.name} skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (let round = 0; round < rounds.rounds; round++) {
    for (const entrant of live) {
      await entrant.enter();
      best.set(entrant.name, Math.min(best.get(entrant.name) ?? Infinity, timeRound(entrant.run, rounds)));
    }
  }
  return best;
}
