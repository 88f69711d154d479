import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { FigureContainer } from '../figure.js';

/** @internal The Vega spec of a Vega-Lite spec. */
export function compileVegaLite(spec: TopLevelSpec): object {
  return compile(spec).spec;
}

/** @internal */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  // renderer 'none' builds the scenegraph without a DOM, so this works headlessly in Node.
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** @internal */
export async function renderVegaLiteInto(element: FigureContainer, spec: TopLevelSpec): Promise<void> {
  // FigureContainer is an Element in a browser; typed by shape so Node builds need no DOM types.
  const container = element as unknown as NonNullable<ConstructorParameters<typeof View>[1]>['container'];
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container, hover: true });
  await view.runAsync();
}
