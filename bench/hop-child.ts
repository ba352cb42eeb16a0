/**
 * The least any relay costs: a bare Node pass-through between the page and the bench's
 * HTTP server, in its own process as the relay is, for the http bench's `hop` path.
 *
 * It forwards each GET with Node's own client (one kept-alive connection per request
 * in flight) and pipes the answer back with CORS for the page: no device rules, no
 * protocol, no flow control of its own beyond the sockets'. What the page's fetch loses
 * through it is the price of one more process and two more sockets on this machine,
 * which no relay can avoid; the relay is measured against it too (http-workloads.ts).
 *
 * Config: `{ upstream }`, the bench server's origin. Ready: `{ origin }`.
 */
import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childConfig, serveParent } from './bench-child.js';

export interface HopChildConfig {
  upstream: string;
}

export interface HopChildReady {
  /** e.g. http://127.0.0.1:41237 (no trailing slash) */
  origin: string;
}

const { upstream } = childConfig<HopChildConfig>();
const agent = new Agent({ keepAlive: true });

const server = createServer((request, response) => {
  response.on('error', () => {});
  const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
  if (request.method !== 'GET') return void response.writeHead(405, cors).end();
  // No Origin is passed on: the bench server counts what came straight from the page by it.
  const forwarded = get(`${upstream}${request.url ?? '/'}`, { agent }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, { ...cors, 'content-length': answer.headers['content-length'] ?? '0' });
    answer.pipe(response);
  });
  forwarded.on('error', () => response.destroy());
  response.on('close', () => forwarded.destroy());
});
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const { port } = server.address() as AddressInfo;

serveParent({ origin: `http://127.0.0.1:${port}` } satisfies HopChildReady, {
  stop: async () => {
    server.closeAllConnections();
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  },
});
