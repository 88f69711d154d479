// `pnpm bench --write` puts the tables into README.md between these markers; the docs site
// includes the same region (<!--@include: ../../README.md#benchmarks-->), so keep the names.

export const REGION_START = '<!-- #region benchmarks -->';
export const REGION_END = '<!-- #endregion benchmarks -->';

/** The README lacks the markers, or has them out of order or more than once. */
export class ReadmeRegionError extends Error {
  override readonly name = 'ReadmeRegionError';
}

/**
 * `text` with everything between the region markers replaced by `content` (markers kept).
 * @example
 * replaceRegion(readme, '| case | ms |\n| --- | ---: |')
 */
export function replaceRegion(text: string, content: string): string {
  const start = text.indexOf(REGION_START);
  const end = text.indexOf(REGION_END);
  const count = (marker: string): number => text.split(marker).length - 1;
  if (count(REGION_START) !== 1 || count(REGION_END) !== 1 || end < start) {
    throw new ReadmeRegionError(
      `replaceRegion: expected one '${REGION_START}' before one '${REGION_END}' ` +
        `(found ${count(REGION_START)} and ${count(REGION_END)}${start >= 0 && end >= 0 && end < start ? ', end before start' : ''})`,
    );
  }
  return `${text.slice(0, start + REGION_START.length)}\n${content.trim()}\n${text.slice(end)}`;
}
