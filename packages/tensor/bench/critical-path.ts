// The critical path of a multi-threaded call: CPU time of this process's busiest thread. On a
// loaded machine threads wait for cores, which wall time counts and this does not: it is the
// time the call would take with a core per thread. Linux only (/proc); elsewhere NaN.
import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds used so far by each thread of this process (10 ms ticks), empty off Linux. */
export function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      // Fields after the parenthesized name: utime and stime are fields 14 and 15 of stat.
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch {
    // Not Linux, or /proc hidden: no figure.
  }
  return out;
}

/** The largest per-thread CPU milliseconds between two readings, or NaN without readings. */
export function busiestThreadMs(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): number {
  let busiest = NaN;
  for (const [tid, ms] of after) busiest = Math.max(Number.isNaN(busiest) ? 0 : busiest, ms - (before.get(tid) ?? 0));
  return busiest;
}
