// The VitePress site: guides in the order the library is built, the TypeDoc API reference
// (generated into api/ by `pnpm api`, never committed) and live demos that run @dl in a worker.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type DefaultTheme } from 'vitepress';

/** The sub-path the site is served under, e.g. `/dl/` on GitHub Pages (default `/`). */
function siteBase(): string {
  const base = process.env.DOCS_BASE ?? '/';
  return `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

/**
 * Keeps the @dl modules that register things on import (the cpu kernels, the method tables) and
 * the entry files that import them. The packages' `sideEffects` lists name `./dist/index.js` but
 * not `./src/index.ts`, so a bundle built from sources (the @dl/source condition) would skip the
 * side-effect-free entry and, with it, the registrations: "the cpu backend is not registered".
 */
function keepRegistrations() {
  const registering = /\/packages\/(?:tensor|autograd)\/src\/(?:index|kernels\/cpu\/register|methods)\.ts$/;
  return {
    name: 'dl-keep-registrations',
    transform(code: string, id: string) {
      return registering.test(id) ? { code, moduleSideEffects: true, map: null } : null;
    },
  };
}

/**
 * @dl/tensor's thread pool starts `new Worker(new URL('./threads-worker.js', import.meta.url))`,
 * the script its build emits; bundled from the sources, that script is src/threads/worker.ts.
 */
function sourceThreadsWorker() {
  const built = /(\/packages\/tensor\/src\/threads\/)threads-worker\.js(\?.*)?$/;
  return {
    name: 'dl-source-threads-worker',
    enforce: 'pre' as const,
    resolveId(id: string) {
      return built.test(id) ? id.replace(built, '$1worker.ts$2') : null;
    },
  };
}

/**
 * The API sidebars, one per package, from the sidebar typedoc-vitepress-theme writes next to the
 * generated pages: every page's HTML holds its sidebar, so one sidebar of all ~650 pages would
 * make the site ten times larger.
 */
function apiSidebars(): DefaultTheme.SidebarMulti {
  const file = new URL('../api/typedoc-sidebar.json', import.meta.url);
  if (!existsSync(file)) return {};
  const packages = JSON.parse(readFileSync(file, 'utf8')) as DefaultTheme.SidebarItem[];
  const index = { text: 'All packages', link: '/api/' };
  const sidebars: DefaultTheme.SidebarMulti = {
    '/api/': [index, ...packages.map(({ text, link }) => ({ text, link }))],
  };
  for (const item of packages) {
    if (item.link) sidebars[item.link] = [index, { ...item, collapsed: false }];
  }
  return sidebars;
}

const guides: DefaultTheme.SidebarItem[] = [
  { text: 'Scalar graph and gradients', link: '/guide/scalar-graph' },
  { text: 'Tensors: shape and strides', link: '/guide/tensors' },
  { text: 'Matmul and its gradient', link: '/guide/matmul' },
  { text: 'Linear, ReLU, Softmax', link: '/guide/layers' },
  { text: 'Training on the digits', link: '/guide/training' },
  { text: 'Visualising', link: '/guide/visualising' },
  { text: 'Saving and PyTorch', link: '/guide/saving' },
  { text: 'word2vec', link: '/guide/word2vec' },
  { text: 'Performance and backends', link: '/guide/performance' },
  { text: 'Contributing', link: '/guide/contributing' },
];

const base = siteBase();

export default defineConfig({
  title: '@dl',
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${base}favicon.svg` }]],
  description: 'A PyTorch-like deep-learning library in TypeScript',
  base,
  cleanUrls: false,
  // The map of ~700 page chunks goes into one cached file instead of every page's HTML (92 kB each).
  metaChunk: true,
  lastUpdated: false,
  // The API reference is generated; a link into a page TypeDoc did not write must fail the build.
  ignoreDeadLinks: false,
  appearance: true,
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      { text: 'Guide', link: '/guide/scalar-graph' },
      { text: 'Demos', link: '/demos/mlp' },
      { text: 'Benchmarks', link: '/benchmarks' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/guide/': [{ text: 'Guide', items: guides }],
      '/demos/': [
        {
          text: 'Live demos',
          items: [
            { text: 'MLP on a 2-D task', link: '/demos/mlp' },
            { text: 'Autograd graph', link: '/demos/graph' },
            { text: 'Word embedding explorer', link: '/demos/embeddings' },
          ],
        },
      ],
      ...apiSidebars(),
    },
  },
  // The package READMEs TypeDoc copies into the API pages link to pictures as files (not as
  // images, which VitePress bundles): ship TypeDoc's media folder as it is.
  buildEnd({ outDir }) {
    const media = new URL('../api/_media', import.meta.url);
    if (existsSync(media)) cpSync(media, join(outDir, 'api', '_media'), { recursive: true });
  },
  vite: {
    // Resolve @dl/* to their sources, as every other check in the repository does (STYLE §8),
    // so the site never waits for (or drifts from) the packages' builds.
    resolve: { conditions: ['@dl/source'] },
    ssr: { resolve: { conditions: ['@dl/source'] }, noExternal: [/^@dl\//] },
    plugins: [keepRegistrations(), sourceThreadsWorker()],
    worker: { format: 'es', plugins: () => [keepRegistrations(), sourceThreadsWorker()] },
    build: {
      // Vega's ES module (the embedding explorer's map) awaits an optional `import('canvas')` at
      // top level; every browser the demos need (WASM SIMD, module workers) runs ES2022.
      target: 'es2022',
      chunkSizeWarningLimit: 4000,
      // Vega (inside @dl/viz) has a Node build that may load the optional 'canvas' package. Only the
      // server-side render resolves that build, and it never draws; the browser build needs no canvas.
      rollupOptions: { external: ['canvas'] },
    },
  },
});
