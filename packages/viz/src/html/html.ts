import { ArgumentError } from '@dl/tensor';
import { VegaLiteFigure, type Figure } from '../figure.js';
import { compileVegaLite } from '../render/vega.js';

/**
 * What the HTML page needs besides the figure: the Vega runtime's source (`vega/build/vega.min.js`),
 * inlined so the page works from disk with no network. `@dl/viz/node`'s `toHtml` reads it for you.
 * @example
 * figureToHtml(chart, { vegaSource: await (await fetch(vegaUrl)).text() });
 */
export interface HtmlOptions {
  readonly vegaSource?: string;
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// JSON and scripts inside <script>: a literal "</script" would end the element early.
const scriptSafe = (text: string): string => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

const STYLE = `body{font-family:'DejaVu Sans',system-ui,sans-serif;margin:16px;color:#222}
#tooltip{position:fixed;pointer-events:none;background:#fff;border:1px solid #999;border-radius:4px;padding:6px 8px;font-size:12px;box-shadow:0 2px 6px rgba(0,0,0,.2);max-width:320px}
#tooltip b{font-size:13px} #help{color:#777;font-size:12px;margin-top:6px}
#view svg{max-width:none}`;

const VEGA_SCRIPT = `(async () => {
  const spec = JSON.parse(document.getElementById('spec').textContent);
  const hover = JSON.parse(document.getElementById('hover').textContent);
  const tip = document.getElementById('tooltip');
  const show = (event, html) => {
    tip.innerHTML = html;
    tip.hidden = false;
    tip.style.left = (event.clientX + 14) + 'px';
    tip.style.top = (event.clientY + 14) + 'px';
  };
  const esc = (text) => String(text).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
  const view = new vega.View(vega.parse(spec), { renderer: 'svg', container: '#view', hover: true });
  view.tooltip((handler, event, item, value) => {
    if (value == null || value === '') { tip.hidden = true; return; }
    const datum = item && item.datum;
    if (hover && datum && datum[hover.field] !== undefined) {
      const word = datum[hover.field];
      const near = hover.neighbours[word] || [];
      show(event, '<b class="word">' + esc(word) + '</b>' + (datum.group ? ' <span>(' + esc(datum.group) + ')</span>' : '') +
        (near.length ? '<div class="neighbours">neighbours: ' + near.map(esc).join(', ') + '</div>' : ''));
      return;
    }
    const rows = typeof value === 'object' ? Object.entries(value).map(([k, v]) => esc(k) + ': <b>' + esc(v) + '</b>') : [esc(value)];
    show(event, rows.join('<br>'));
  });
  await view.runAsync();
  window.vizView = view;
  document.body.dataset.ready = 'true';
})().catch((error) => { document.body.dataset.error = String(error); throw error; });`;

const SVG_SCRIPT = `(() => {
  const svg = document.querySelector('#view svg');
  const box = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal : { x: 0, y: 0, width: svg.width.baseVal.value, height: svg.height.baseVal.value };
  let [x, y, w, h] = [box.x, box.y, box.width, box.height];
  const set = () => svg.setAttribute('viewBox', x + ' ' + y + ' ' + w + ' ' + h);
  svg.addEventListener('wheel', (event) => {
    event.preventDefault();
    const scale = event.deltaY > 0 ? 1.15 : 1 / 1.15;
    const r = svg.getBoundingClientRect();
    const px = x + ((event.clientX - r.left) / r.width) * w, py = y + ((event.clientY - r.top) / r.height) * h;
    w *= scale; h *= scale; x = px - (px - x) * scale; y = py - (py - y) * scale; set();
  }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (event) => { drag = [event.clientX, event.clientY]; });
  window.addEventListener('pointerup', () => { drag = null; });
  window.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    x -= ((event.clientX - drag[0]) / r.width) * w; y -= ((event.clientY - drag[1]) / r.height) * h;
    drag = [event.clientX, event.clientY]; set();
  });
  document.body.dataset.ready = 'true';
})();`;

/**
 * A self-contained interactive HTML page of a figure: Vega-Lite charts run in the inlined Vega
 * runtime (zoom and pan, tooltips, legend toggles; embedding maps show a word's neighbours on
 * hover); diagrams and tables are inline SVG with wheel zoom and drag pan.
 * @example
 * const html = await figureToHtml(drawGraph(loss));
 */
export async function figureToHtml(figure: Figure, options: HtmlOptions = {}): Promise<string> {
  const title = escapeHtml(figure.title);
  const head = `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`;
  if (figure instanceof VegaLiteFigure) {
    const vega = options.vegaSource;
    if (vega === undefined) throw new ArgumentError('figureToHtml: a chart page needs the Vega runtime source (options.vegaSource); toHtml from @dl/viz/node fills it in');
    const chart = figure;
    const compiled = await compileVegaLite(chart.spec);
    const help = chart.hover === undefined ? 'Scroll to zoom, drag to pan, click a legend entry to toggle a series, hover for values.' : 'Scroll to zoom, drag to pan, hover a point for its word and nearest neighbours.';
    return `${head}<div id="view"></div>\n<div id="help">${help}</div>\n<div id="tooltip" role="tooltip" hidden></div>
<script>${scriptSafe(vega)}</script>
<script type="application/json" id="spec">${scriptSafe(JSON.stringify(compiled))}</script>
<script type="application/json" id="hover">${scriptSafe(JSON.stringify(chart.hover ?? null))}</script>
<script>${VEGA_SCRIPT}</script>\n</body>\n</html>\n`;
  }
  const svg = (await figure.toSVG()).replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
  return `${head}<div id="view">${svg}</div>\n<div id="help">Scroll to zoom, drag to pan.</div>\n<script>${SVG_SCRIPT}</script>\n</body>\n</html>\n`;
}
