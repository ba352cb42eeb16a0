/**
 * `npm start`: the live preview. Serves a page with an editor holding the seed's
 * ArkTS examples (the page is bundled into dist/preview/ by build.ts), type-checks
 * them in the browser, runs them there against a built-in echo server through an
 * in-process dev relay (and a CONNECT proxy for the example that names one, and a local
 * HTTP server for the http example), all on 127.0.0.1, and shows their log and a timeline of their connections.
 *
 *   npm start [-- --port 5280]
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isAllowedHost } from '../src/relay/check-upgrade.js';
import { createRelay, type Relay } from '../src/entries/relay/compose-relay.js';
import { serveFile, serveJson } from '../test-browser/servers/serve-file.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { startConnectProxy, type ConnectProxy } from '../src/testing/connect-proxy.js';
import { startLocalHttpServer, type LocalHttpServer } from './local-http-server.js';
import { COMPILER_OPTIONS, type CheckerFiles } from './page/check-protocol.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The page's own code, bundled with the editor (CodeMirror) by `npm run build:preview`. */
const BUNDLE = join(ROOT, 'dist/preview');

/**
 * URL prefix → directory it is served from, first match wins. Nothing outside these
 * directories is reachable.
 */
const MOUNTS: readonly [prefix: string, dir: string][] = [
  ['/browser/', join(ROOT, 'dist/browser')],
  ['/examples/', join(ROOT, 'examples')],
  ['/preview/build/', BUNDLE],
  ['/preview/', join(ROOT, 'preview/page')],
  // TypeScript's own compiler, in a worker of the page: it type-checks the code as it is
  // edited and strips the annotations for Run, with no server round trip. Its lib files
  // and our declarations (types/) are what the checker compiles against.
  ['/typescript/', join(ROOT, 'node_modules/typescript/lib')],
  ['/types/', join(ROOT, 'types')],
];

/** The origin the request's own Host names (checked by isAllowedHost): a page of the preview sends exactly this. */
function ownOrigin(request: IncomingMessage): string {
  return `http://${(request.headers.host ?? '').toLowerCase()}`;
}

/**
 * What the page's checker compiles against: the lib files of COMPILER_OPTIONS.lib with
 * every lib they reference (`/// <reference lib="…" />`), so that the page fetches them
 * all at once; and our declarations, the ambient '@kit.*' modules and what they re-export.
 */
async function checkerFiles(): Promise<CheckerFiles> {
  const libs = new Set<string>();
  const visit = async (lib: string): Promise<void> => {
    const file = `lib.${lib.toLowerCase()}.d.ts`;
    if (libs.has(file)) return;
    libs.add(file);
    const text = await readFile(join(ROOT, 'node_modules/typescript/lib', file), 'utf8');
    await Promise.all([...text.matchAll(/^\/\/\/\s*<reference\s+lib="([^"]+)"/gm)].map(([, referenced]) => visit(referenced!)));
  };
  await Promise.all(COMPILER_OPTIONS.lib.map(visit));
  const types = (await readdir(join(ROOT, 'types'))).filter((name) => name.endsWith('.d.ts'));
  return { libs: [...libs].sort(), types: types.sort() };
}

function resolveFile(pathname: string): string | undefined {
  if (pathname === '/') return join(ROOT, 'preview/page/index.html');
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, decodeURIComponent(pathname.slice(prefix.length))));
    return file.startsWith(dir + sep) ? file : undefined;
  }
  return undefined;
}

export interface Preview {
  url: string;
  upstream: UpstreamServer;
  proxy: ConnectProxy;
  /** What the http example requests in place of its seed's www.example.com. */
  http: LocalHttpServer;
  relay: Relay;
  close(): Promise<void>;
}

/** Starts the preview on 127.0.0.1 (port 0 picks a free one, as the tests do). */
export async function startPreview(port = 0): Promise<Preview> {
  if (!existsSync(join(BUNDLE, 'preview.js'))) {
    throw new Error(`the preview's page is not built (${BUNDLE} is missing): run \`npm run build\` first (\`npm start\` does)`);
  }
  const checker = await checkerFiles();
  const upstream = await startUpstreamServer();
  const proxy = await startConnectProxy();
  // Its CORS answers are for the preview's own pages: known once the preview listens.
  const own: { port?: number } = {};
  const ownOrigins = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d+)$/;
  const http = await startLocalHttpServer({ allowOrigin: (origin) => Number(ownOrigins.exec(origin)?.[2]) === own.port });
  // Whatever an example names, the preview's traffic stays on this machine.
  const relay = createRelay({ outbound: { allowLoopbackOnly: true }, servers: { ports: 'free' } });
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (request, response) => {
    // The relay's rules for the preview's own pages too: only this machine's names in
    // Host (no DNS rebinding), and the config, which holds the relay's token, only for
    // the preview's own pages.
    if (!isAllowedHost(request, { allowedHosts: [], listenHost: '127.0.0.1' })) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Host not allowed\n');
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://preview');
    if (pathname === '/preview-config.json') {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== ownOrigin(request)) {
        response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Origin not allowed\n');
        return;
      }
      // The page asks where its servers are: it fills in the examples' addresses and
      // sends every connection through the relay (the token never leaves this origin);
      // and which files its checker loads.
      serveJson(response, {
        echoUrl: `${upstream.origin}/bye`,
        httpHost: http.host,
        proxy: { host: proxy.host, port: proxy.port },
        relay: { path: relay.path, token: relay.token },
        checker,
      });
      return;
    }
    const file = resolveFile(pathname);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    await serveFile(response, file);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  relay.attach(server);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (error) {
    await Promise.all([relay.close(), upstream.close(), proxy.close(), http.close()]);
    throw error;
  }
  const { port: bound } = server.address() as AddressInfo;
  own.port = bound;
  return {
    url: `http://127.0.0.1:${bound}/`,
    upstream,
    proxy,
    http,
    relay,
    async close() {
      await relay.close();
      for (const socket of sockets) socket.destroy();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), upstream.close(), proxy.close(), http.close()]);
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '5280' } } });
  const wanted = Number(values.port);
  let preview: Preview;
  try {
    preview = await startPreview(wanted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.log(`port ${wanted} is taken; picking a free one`);
    preview = await startPreview(0);
  }
  console.log(`ohos-netkit live preview: ${preview.url}`);
  console.log(
    `echo server ${preview.upstream.origin}, proxy 127.0.0.1:${preview.proxy.port}, http server ${preview.http.host}, relay on the preview's port: loopback only. Ctrl+C stops.`,
  );
  const stop = () => void preview.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === normalize(process.argv[1])) await main();
