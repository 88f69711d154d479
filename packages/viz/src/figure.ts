import type { TopLevelSpec } from 'vega-lite';
import { dotToSvg } from './render/graphviz.js';
import { renderVegaLiteInto, vegaLiteToSvg } from './render/vega.js';

/**
 * The DOM element a figure draws into, typed by shape so that Node programs compiled without
 * the DOM library can still use `@dl/viz` (any `HTMLElement` fits).
 * @example
 * await figure.renderInto(document.getElementById('plot')!);
 */
export interface FigureContainer {
  innerHTML: string;
}

/** What a figure is drawn with; picks the renderer and the interactive HTML template. */
export type FigureKind = 'vega-lite' | 'dot' | 'svg';

/**
 * A picture: a Vega-Lite chart, a Graphviz diagram or a ready SVG. Turn it into an SVG string
 * with `toSVG()`, draw it into a page with `renderInto(element)`, or (in Node) save it with
 * `@dl/viz/node`'s `saveSvg` / `savePng` / `saveHtml`.
 * @example
 * const svg = await lineChart({ loss: [2.3, 1.1, 0.7] }).toSVG();
 */
export abstract class Figure {
  abstract readonly kind: FigureKind;
  /** A short title, used for the HTML page title and file names. */
  abstract readonly title: string;

  /** The picture as an SVG document string. */
  abstract toSVG(): Promise<string>;

  /**
   * Draws the figure into a DOM element (browser); Vega-Lite charts stay interactive there.
   * @example
   * await figure.renderInto(document.querySelector('#plot')!);
   */
  async renderInto(element: FigureContainer): Promise<void> {
    element.innerHTML = await this.toSVG();
  }
}

/** Extra data an interactive embedding page uses: each word's nearest neighbours. */
export interface HoverInfo {
  /** The field of a datum that names it (the word). */
  readonly field: string;
  /** Nearest neighbours of each name, best first. */
  readonly neighbours: Readonly<Record<string, readonly string[]>>;
}

/**
 * A chart described in Vega-Lite: `spec` is the full Vega-Lite JSON (data inlined), so it can be
 * edited, or opened in the Vega editor, before rendering.
 * @example
 * const chart = histogram(randn([1000]));
 * chart.spec.mark; // { type: 'bar', ... }
 */
export class VegaLiteFigure extends Figure {
  readonly kind = 'vega-lite' as const;
  readonly title: string;
  readonly spec: TopLevelSpec;
  /** Set on embedding maps: hovering a point shows its word and neighbours. */
  readonly hover: HoverInfo | undefined;

  constructor(spec: TopLevelSpec, options: { title?: string; hover?: HoverInfo } = {}) {
    super();
    this.spec = spec;
    this.title = options.title ?? 'chart';
    this.hover = options.hover;
  }

  override toSVG(): Promise<string> {
    return vegaLiteToSvg(this.spec);
  }

  override renderInto(element: FigureContainer): Promise<void> {
    return renderVegaLiteInto(element, this.spec);
  }
}

/**
 * A diagram in Graphviz's DOT language (`dot`), laid out by Graphviz compiled to WebAssembly.
 * @example
 * const diagram = drawGraph(loss); diagram.dot.startsWith('digraph'); // true
 */
export class DotFigure extends Figure {
  readonly kind = 'dot' as const;
  readonly title: string;
  readonly dot: string;

  constructor(dot: string, options: { title?: string } = {}) {
    super();
    this.dot = dot;
    this.title = options.title ?? 'graph';
  }

  override toSVG(): Promise<string> {
    return dotToSvg(this.dot);
  }
}

/**
 * A picture that is already an SVG string (tables such as the model summary).
 * @example
 * const figure = new SvgFigure('<svg xmlns="http://www.w3.org/2000/svg"/>');
 */
export class SvgFigure extends Figure {
  readonly kind = 'svg' as const;
  readonly title: string;
  readonly svg: string;

  constructor(svg: string, options: { title?: string } = {}) {
    super();
    this.svg = svg;
    this.title = options.title ?? 'figure';
  }

  override toSVG(): Promise<string> {
    return Promise.resolve(this.svg);
  }
}
