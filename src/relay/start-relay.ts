import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isAllowedHost, type UpgradeRules } from './check-upgrade.js';
import { createRelayWith, upgradeRulesFor, type Relay } from './create-relay.js';
import { isLoopbackAddress, parseIpAddress } from '../net/ip-address.js';
import type { Resolver } from '../net/outbound-policy.js';
import { refuseConnection } from './refuse-connection.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { describeFiles, describeServers, describeTargets } from './describe-relay-settings.js';
import { resolveRelayOptions, type RelayOptions } from './relay-options.js';

/** A relay with its own HTTP server. */
export interface RelayServer extends Relay {
  /** Where pages connect: `ws://<host>:<port><path>` (a wildcard host is shown as loopback). */
  readonly url: string;
  /** The address it listens on. */
  readonly host: string;
  /** The port it listens on (the one picked when `port` was 0). */
  readonly port: number;
}

/**
 * Starts the dev relay on its own HTTP server, by default on 127.0.0.1 and a free port.
 * Resolves once it listens; rejects when it cannot (EADDRINUSE, a bad option).
 */
export function startRelay(options?: RelayOptions): Promise<RelayServer> {
  return startRelayWith(options);
}

/** @internal startRelay with a resolver of the test's choosing (see createRelayWith). */
export async function startRelayWith(options?: RelayOptions, resolver?: Resolver): Promise<RelayServer> {
  const settings = resolveRelayOptions(options);
  const { logger } = settings;
  let port = 0;
  const relay = createRelayWith(settings, () => [port], resolver);
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
      `app servers: ${describeServers(settings.servers)}; TLS: ${settings.strictTls ? 'strict' : 'as the device'}`,
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

  return {
    url,
    host: settings.host,
    port,
    token: relay.token,
    path: relay.path,
    get connections() {
      return relay.connections;
    },
    get servers() {
      return relay.servers;
    },
    whenListening: relay.whenListening,
    handleUpgrade: relay.handleUpgrade,
    attach: relay.attach,
    close,
    [Symbol.asyncDispose]: close,
  };
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
