// Progress output as fastText and gensim print it: a live bar on a TTY, plain periodic lines
// otherwise, one JSON object per report with --json, nothing with --quiet.
import type { ProgressReport } from './train.js';

/** How progress is shown. */
export type ProgressMode = 'auto' | 'json' | 'quiet';

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** One human-readable report line (without the bar). */
export function formatReport(report: ProgressReport, threads: number): string {
  const percent = (100 * report.progress).toFixed(1).padStart(5);
  const speed = Math.round(report.wordsPerSecond).toLocaleString('en-US');
  const perThread = Math.round(report.wordsPerSecondPerThread).toLocaleString('en-US');
  return `epoch ${report.epoch}/${report.epochs} ${percent}%  words/s ${speed} (${perThread}/thread x${threads})  lr ${report.lr.toFixed(6)}  loss ${report.loss.toFixed(4)}  elapsed ${duration(report.elapsedSeconds)}  eta ${duration(report.etaSeconds)}`;
}

/** A reporter writing to `stream` (stderr by default). */
export function progressPrinter(mode: ProgressMode, threads: number, stream: NodeJS.WriteStream = process.stderr): (report: ProgressReport) => void {
  if (mode === 'quiet') return () => undefined;
  if (mode === 'json') return (report) => { process.stdout.write(`${JSON.stringify({ type: 'progress', ...report, etaSeconds: Number.isFinite(report.etaSeconds) ? report.etaSeconds : null })}\n`); };
  if (stream.isTTY) {
    return (report) => {
      const width = 20;
      const filled = Math.round(width * Math.min(report.progress, 1));
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      stream.write(`\r${bar} ${formatReport(report, threads)}\x1b[K${report.done ? '\n' : ''}`);
    };
  }
  return (report) => { stream.write(`${formatReport(report, threads)}\n`); };
}
