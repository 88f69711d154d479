// The line under the tables saying where and when they were measured.
import { cpus, loadavg } from 'node:os';

/** Versions of the contenders that are installed (undefined: not installed). */
export interface Versions {
  readonly tfjs?: string;
  readonly numpy?: string;
  readonly torch?: string;
}

/** The 1-minute load average, one decimal. */
export function loadAverage(): string {
  return loadavg()[0].toFixed(1);
}

/** CPU model and cores, Node and contender versions, date, and load average at start and end. */
export function machineLine(versions: Versions, loadAtStart: string, date: Date): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const parts = [
    `${cpu}, ${cpus().length} cores`,
    `Node ${process.version}`,
    `tfjs ${versions.tfjs ?? 'not installed'}`,
    `numpy ${versions.numpy ?? 'not installed'}`,
    `PyTorch ${versions.torch ?? 'not installed'}`,
  ];
  return `Measured ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${parts.join(', ')}; load average ${loadAtStart} at start, ${loadAverage()} at end (a shared machine: other jobs ran meanwhile).`;
}
