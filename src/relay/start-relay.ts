import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isAllowedHost, type UpgradeRules } from './check-upgrade.js';
import { createRelayWith, upgradeRulesFor, type OpenRooms, type RelayBase, type RelayWithRooms } from './create-relay.js';
import { isLoopbackAddress, parseIpAddress } from '../net/ip-address.js';
import type { Resolver } from '../net/outbound-policy.js';
import { refuseConnection } from './refuse-connection.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { describeFiles, describeTargets } from './describe-relay-settings.js';
import type { ResolvedRelayOptions } from './relay-options.js';
import type { RelayRoom } from './relay-room.js';

/** What every relay with its own HTTP server is, whatever namespaces it carries (see RelayBase). */
export interface RelayServerBase extends RelayBase {
  /** Where pages connect: `ws://<host>:<port><path>` (a wildcard host is shown as loopback). */
  readonly url: string;
  /** The address it listens on. */
  readonly host: string;
  /** The port it listens on (the one picked when `port` was 0). */
  readonly port: number;
}

/**
 * Starts a relay carrying the rooms `openRooms` makes on its own HTTP server, on
 * settings.host and settings.port (0: a free one). Resolves once it listens; rejects when
 * it cannot (EADDRINUSE). `resolver`: see createRelayWith.
 */
export async function startRelayWith<Rooms extends readonly RelayRoom[]>(
  settings: ResolvedRelayOptions,
  openRooms: OpenRooms<Rooms>,
  resolver?: Resolver,
): Promise<RelayWithRooms<RelayServerBase, Rooms>> {
  const { logger } = settings;
  let port = 0;
  const { relay, rooms } = createRelayWith(settings, openRooms, () => [port], resolver);
  const rules = upgradeRulesFor(settings);
  const httpServer = createServer((request, response) => answerPlainRequest(request, response, rules));
  // Slow or silent clients do not get to hold a socket open (perf-reliability §4.3.5),
  // and a burst of pages is answered, each one: a leg, or a refusal it can read.
  // The HTTP server never listens itself. A TCP server in front of it takes every
  // connection and hands it over only while fewer than maxPendingUpgrades are waiting
  // for their upgrade; the others are answered 503 before their request is read
  // (refuseConnection), without the HTTP server ever seeing them. Each socket handed
  // over gets its own timer until its upgrade is (Node's own headersTimeout is checked
  // only every 30 s, and only on a server that listens).
  const pending = new Map<Socket, NodeJS.Timeout>();
  /** Every socket not handed to the relay yet (waiting, or turned away and lingering): close() ends them. */
  const unsettled = new Set<Socket>();
  const settle = (socket: Socket | Duplex): void => {
    unsettled.delete(socket as Socket);
    const timer = pending.get(socket as Socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    pending.delete(socket as Socket);
  };
  const front = createTcpServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    unsettled.add(socket);
    socket.once('close', () => settle(socket));
    const from = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    if (pending.size >= settings.maxPendingUpgrades) {
      logger.warn(`refused a connection from ${from}: ${settings.maxPendingUpgrades} connections are waiting for their upgrade already (503)`);
      refuseConnection(socket, 'too many connections waiting for their upgrade');
      return;
    }
    const timer = setTimeout(() => {
      logger.warn(`closed the connection from ${from}: no complete upgrade request within ${settings.handshakeTimeoutMs} ms`);
      socket.destroy();
    }, settings.handshakeTimeoutMs);
    timer.unref();
    pending.set(socket, timer);
    httpServer.emit('connection', socket);
  });
  httpServer.on('upgrade', (request, socket, head) => {
    settle(socket);
    if (!relay.handleUpgrade(request, socket, head)) {
      socket.on('error', () => {});
      logger.warn(`refused an upgrade from ${request.socket.remoteAddress ?? '?'}: not the relay path (404)`);
      refuseUpgrade(socket, 404, 'not the relay path');
    }
  });
  httpServer.on('clientError', (error, socket) => {
    logger.warn(`malformed HTTP request: ${error.message}`);
    socket.destroy();
  });

  if (!isLoopbackHost(settings.host)) {
    logger.warn(`listening on ${settings.host}, which is not a loopback address: other machines can reach the relay (the token is still required)`);
  }
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(settings.port, settings.host, () => {
      front.off('error', reject);
      resolve();
    });
  });
  front.on('error', (error) => logger.error(`server error: ${error.message}`));
  port = (front.address() as AddressInfo).port;
  const shownHost = settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host === '::' ? '::1' : settings.host;
  const url = `ws://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}${settings.path}`;
  logger.info(
    `listening on ${url}; origins: ${settings.allowedOrigins?.join(', ') ?? 'http(s) on localhost, 127.0.0.1, [::1]'}; ` +
      `targets: ${describeTargets(settings.outbound)}; files: ${describeFiles(settings.sandboxDir)}; ` +
      rooms.flatMap((room) => room.describe().map((setting) => `${setting}; `)).join('') +
      `TLS: ${settings.strictTls ? 'strict' : 'as the device'}`,
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // Resolves once every socket it accepted has closed, legs included.
      const serverClosed = new Promise<void>((resolve) => front.close(() => resolve()));
      for (const socket of unsettled) socket.destroy();
      await relay.close();
      await serverClosed;
    })();
    return closing;
  };

  const relayServer: RelayServerBase = {
    url,
    host: settings.host,
    port,
    token: relay.token,
    path: relay.path,
    get connections() {
      return relay.connections;
    },
    handleUpgrade: relay.handleUpgrade,
    attach: relay.attach,
    close,
    [Symbol.asyncDispose]: close,
  };
  return { relay: relayServer, rooms };
}

/** Plain HTTP: nothing to serve, but the same Host rule as for upgrades (no rebinding probes). */
function answerPlainRequest(request: IncomingMessage, response: ServerResponse, rules: UpgradeRules): void {
  let status = 404;
  try {
    if (!isAllowedHost(request, rules)) status = 403;
    else if (new URL(request.url ?? '/', 'http://relay.invalid').pathname === rules.path) status = 426;
  } catch {
    status = 400;
  }
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  response.end(status === 426 ? 'WebSocket only\n' : '\n');
}

function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const ip = parseIpAddress(host);
  return ip !== undefined && isLoopbackAddress(ip);
}
