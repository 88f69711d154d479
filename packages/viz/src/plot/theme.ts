import type { Config } from 'vega-lite';

/** @internal The font every chart uses; PNG rendering ships the same font (DejaVu Sans). */
export const FONT = 'DejaVu Sans';

/** @internal Shared Vega-Lite config: one font (so SVG and PNG text agree), white background. */
export const CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  axis: { labelFontSize: 11, titleFontSize: 12, labelOverlap: 'parity' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
  header: { labelFontSize: 11, titleFontSize: 12 },
};

/** Size and title options every chart takes. */
export interface ChartOptions {
  /** Title printed above the chart. */
  readonly title?: string;
  /** Width of the plotting area in pixels. */
  readonly width?: number;
  /** Height of the plotting area in pixels. */
  readonly height?: number;
}
