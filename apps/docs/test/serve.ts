// A static server for the built site, mounted at the base it was built with, on 127.0.0.1.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.wasm': 'application/wasm', '.txt': 'text/plain',
};

/** The base the site in `dist` was built with, read from its home page's asset URLs. */
export function builtBase(dist: string): string {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const match = /<script type="module" src="([^"]*?)assets\//.exec(html);
  return match?.[1] ?? '/';
}

/** A running server: its origin and the site's root URL (`origin + base`). */
export interface SiteServer {
  readonly root: string;
  readonly server: Server;
}

/** Serves `dist` under `base`; anything outside it, or missing, is a 404. */
export async function serveSite(dist: string, base: string): Promise<SiteServer> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(base)) {
      response.writeHead(404).end('outside the base');
      return;
    }
    let file = normalize(join(dist, path.slice(base.length)));
    if (!file.startsWith(dist)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { root: `http://127.0.0.1:${port}${base}`, server };
}
