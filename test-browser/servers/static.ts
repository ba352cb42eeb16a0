/**
 * Serves the built bundle (dist/) at `/` and the harness pages at `/harness/`, so a
 * page loads `/browser/index.js` exactly as an app would load the published files.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { serveFile } from './serve-file.js';

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Maps a request path to a file under one of the roots, refusing anything that climbs out of it. */
function resolvePath(pathname: string, roots: { dist: string; harness: string }): string | undefined {
  const [root, rest] = pathname.startsWith('/harness/') ? [roots.harness, pathname.slice('/harness/'.length)] : [roots.dist, pathname.slice(1)];
  const file = normalize(join(root, decodeURIComponent(rest)));
  return file.startsWith(root + sep) ? file : undefined;
}

export async function startStatic(roots: { dist: string; harness: string }): Promise<StaticServer> {
  const sockets = new Set<Socket>();
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://static');
    const file = resolvePath(pathname, roots);
    if (file === undefined) {
      response.writeHead(403).end();
      return;
    }
    await serveFile(response, file);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
