import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

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
export async function renderVegaLiteInto(element: HTMLElement, spec: TopLevelSpec): Promise<void> {
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container: element, hover: true });
  await view.runAsync();
}
