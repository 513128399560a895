/**
 * A minimal static file server for built sites, on loopback, as a static host would serve them:
 * the request path is percent-decoded to find the file, `/` and folders serve `index.html`.
 * Files whose name changes with their bytes get the deploy's year-long `Cache-Control`, as in the
 * bucket, so a browser reuses them as it would there; other files get none, so a test that
 * rebuilds a site never sees an earlier build's page. Every file sent is logged, to count what a
 * page downloaded rather than what it asked its cache for.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { headersFor, IMMUTABLE } from '../../src/deploy/headers';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.opml': 'text/x-opml; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** A file the server sent: its path as requested and the file's size. */
export interface Served {
  path: string;
  bytes: number;
}

export interface StaticServer {
  origin: string;
  /** Every file sent with 200, in order; tests may empty it between measurements. */
  served: Served[];
  close: () => Promise<void>;
}

/** Serves `root` on 127.0.0.1 at a free port. */
export async function serveStatic(root: string): Promise<StaticServer> {
  const served: Served[] = [];
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    let file: string;
    try {
      file = path.join(root, decodeURIComponent(pathname));
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      const notFound = path.join(root, '404.html');
      response.writeHead(404, { 'content-type': TYPES['.html']! });
      if (existsSync(notFound)) createReadStream(notFound).pipe(response);
      else response.end('not found');
      return;
    }
    const key = path.relative(root, file).split(path.sep).join('/');
    const immutable = headersFor(key).cacheControl === IMMUTABLE ? { 'cache-control': IMMUTABLE } : {};
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...immutable });
    served.push({ path: pathname, bytes: statSync(file).size });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
