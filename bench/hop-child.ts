/**
 * The least any relay costs: a bare Node pass-through between the page and the bench's
 * HTTP server, in its own process as the relay is, for the http bench's `hop` and
 * `undiciHop` paths.
 *
 * It forwards each GET (one kept-alive connection per request in flight) and pipes the
 * answer back with CORS for the page: no device rules, no protocol, no flow control of
 * its own beyond the streams'. What the page's fetch loses through it is the price of
 * one more process and two more sockets on this machine, which no relay can avoid; the
 * relay is measured against it too (http-workloads.ts). With `client: 'node'` it asks
 * upstream with Node's own http client; with `client: 'undici'`, with undici 7, the
 * client the relay's engine is built on (issue 17): the most a relay that uses it reaches.
 *
 * Config: `{ upstream, client }`, the bench server's origin. Ready: `{ origin }`.
 */
import { Agent, createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent as UndiciAgent, request as undiciRequest } from 'undici';
import { childConfig, serveParent } from './bench-child.js';

export interface HopChildConfig {
  upstream: string;
  client: 'node' | 'undici';
}

export interface HopChildReady {
  /** e.g. http://127.0.0.1:41237 (no trailing slash) */
  origin: string;
}

const { upstream, client } = childConfig<HopChildConfig>();
const agent = new Agent({ keepAlive: true });
const undiciAgent = new UndiciAgent();
const CORS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };

/** No Origin is passed on: the bench server counts what came straight from the page by it. */
function forwardWithNode(request: IncomingMessage, response: ServerResponse): void {
  const forwarded = get(`${upstream}${request.url ?? '/'}`, { agent }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, { ...CORS, 'content-length': answer.headers['content-length'] ?? '0' });
    answer.pipe(response);
  });
  forwarded.on('error', () => response.destroy());
  response.on('close', () => forwarded.destroy());
}

function forwardWithUndici(request: IncomingMessage, response: ServerResponse): void {
  const abort = new AbortController();
  response.on('close', () => abort.abort());
  undiciRequest(`${upstream}${request.url ?? '/'}`, { dispatcher: undiciAgent, signal: abort.signal }).then(
    (answer) => {
      response.writeHead(answer.statusCode, { ...CORS, 'content-length': String(answer.headers['content-length'] ?? '0') });
      answer.body.pipe(response);
    },
    () => response.destroy(),
  );
}

const server = createServer((request, response) => {
  response.on('error', () => {});
  if (request.method !== 'GET') return void response.writeHead(405, CORS).end();
  if (client === 'undici') forwardWithUndici(request, response);
  else forwardWithNode(request, response);
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
    await undiciAgent.close();
    await new Promise((resolve) => server.close(resolve));
  },
});
