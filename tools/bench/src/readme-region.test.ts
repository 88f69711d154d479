import { describe, expect, it } from 'vitest';
import { REGION_END, REGION_START, replaceRegion } from './readme-region.js';

describe('replaceRegion', () => {
  it('replaces only what lies between the markers and keeps them', () => {
    const readme = `# Title\n\n${REGION_START}\nold table\n${REGION_END}\n\n## After\n`;
    expect(replaceRegion(readme, '| new | table |\n')).toBe(`# Title\n\n${REGION_START}\n| new | table |\n${REGION_END}\n\n## After\n`);
  });

  it('gives the same text when run twice with the same content', () => {
    const readme = `${REGION_START}${REGION_END}`;
    const once = replaceRegion(readme, 'x');
    expect(replaceRegion(once, 'x')).toBe(once);
  });

  it('throws ReadmeRegionError naming the markers when one is missing', () => {
    expect(() => replaceRegion(`# no region\n${REGION_END}`, 'x')).toThrow(
      /replaceRegion: expected one '<!-- #region benchmarks -->' before one '<!-- #endregion benchmarks -->' \(found 0 and 1\)/,
    );
  });

  it('throws when the end marker comes first', () => {
    expect(() => replaceRegion(`${REGION_END}\n${REGION_START}`, 'x')).toThrow(/found 1 and 1, end before start/);
  });
});
