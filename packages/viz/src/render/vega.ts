import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { FigureContainer } from '../figure.js';

// NOTE: vega is loaded on first render, not at import: its vega-canvas dependency uses top-level
// await, which would make `require('@dl/viz')` (require(esm), Node >= 20.19) fail for everyone.
let runtime: Promise<[typeof Vega, typeof VegaLite]> | undefined;
const loadVega = () => (runtime ??= Promise.all([import('vega'), import('vega-lite')]));

/** @internal The Vega spec of a Vega-Lite spec. */
export async function compileVegaLite(spec: TopLevelSpec): Promise<object> {
  const [, vegaLite] = await loadVega();
  return vegaLite.compile(spec).spec;
}

/** @internal */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await loadVega();
  // renderer 'none' builds the scenegraph without a DOM, so this works headlessly in Node.
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** @internal */
export async function renderVegaLiteInto(element: FigureContainer, spec: TopLevelSpec): Promise<void> {
  const [vega, vegaLite] = await loadVega();
  // FigureContainer is an Element in a browser; typed by shape so Node builds need no DOM types.
  const container = element as unknown as NonNullable<ConstructorParameters<typeof Vega.View>[1]>['container'];
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'svg', container, hover: true });
  await view.runAsync();
}
