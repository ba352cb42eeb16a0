import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { RELAY_SUBPROTOCOL } from '../protocol/relay-protocol.js';
import { checkUpgrade, type UpgradeRules, type UpgradeVerdict } from './check-upgrade.js';
import { OutboundGuard, systemResolver, type OwnPorts, type Resolver } from '../net/outbound-policy.js';
import { refuseUpgrade, RETRY_AFTER_SECONDS } from './refuse-upgrade.js';
import type { LegOperation } from './leg-operation.js';
import { legMaxPayload, RelayLeg, type LegSocket, type RelayConnectionInfo } from './relay-leg.js';
import type { ResolvedRelayOptions } from './relay-options.js';
import type { RelayRoom } from './relay-room.js';
import { sandboxDirProblem } from './sandbox-dir-problem.js';

/**
 * What every relay is, whatever namespaces it carries: mounted on an HTTP(S) server's
 * upgrade path with attach() or handleUpgrade(). Relay adds what its namespaces show.
 */
export interface RelayBase extends AsyncDisposable {
  /** The per-run secret clients must present. Hand it to the page out of band; never log it. */
  readonly token: string;
  /** The URL path the relay answers on. */
  readonly path: string;
  /** A snapshot of the open connections (diagnostics). */
  readonly connections: readonly RelayConnectionInfo[];
  /**
   * Takes an HTTP upgrade request when it is for the relay's path (and then always
   * answers it: a leg, or a refusal), returns false without touching the socket otherwise.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Listens to `server`'s 'upgrade' event for the relay's path; close() detaches it. */
  attach(server: HttpServer | HttpsServer): void;
  /** Ends every leg and upstream connection at once (no close frames) and stops taking new ones. */
  close(): Promise<void>;
}

/** A relay and the rooms its namespaces keep in it (see openRooms). */
export interface RelayWithRooms<Relay, Rooms> {
  readonly relay: Relay;
  readonly rooms: Rooms;
}

/** What a relay carries: the namespaces' rooms, made from the relay's settings. */
export type OpenRooms<Rooms extends readonly RelayRoom[]> = (settings: ResolvedRelayOptions) => Rooms;

/**
 * The registry of operations: what a leg can carry, by the `op` of its request
 * (relay-protocol.ts), from every room. Two namespaces may not name one op alike.
 */
function operationsOf(rooms: readonly RelayRoom[]): ReadonlyMap<string, LegOperation> {
  const operations = new Map<string, LegOperation>();
  for (const room of rooms) {
    for (const operation of room.operations) {
      if (operations.has(operation.op)) throw new Error(`ohos-netkit relay: two operations are named ${JSON.stringify(operation.op)}`);
      operations.set(operation.op, operation);
    }
  }
  return operations;
}

/**
 * A relay to mount on an existing server, carrying the rooms `openRooms` makes (the
 * composition's choice of namespaces); startRelay shares it, knowing its own port. The
 * relay never opens a connection to itself: every port it answers on (`ownPorts`, and
 * each attached server's, read when a target is checked, as a server may listen after
 * attach()) is refused as a target on this machine's addresses. `resolver` is the
 * system's getaddrinfo except in tests that need a name to fail without sending a DNS
 * query off the machine.
 */
export function createRelayWith<Rooms extends readonly RelayRoom[]>(
  settings: ResolvedRelayOptions,
  openRooms: OpenRooms<Rooms>,
  ownPorts: OwnPorts,
  resolver: Resolver = systemResolver,
): RelayWithRooms<RelayBase, Rooms> {
  const { logger } = settings;
  const legs = new Set<RelayLeg>();
  const attached = new Map<HttpServer | HttpsServer, (request: IncomingMessage, socket: Duplex, head: Buffer) => void>();
  const attachedPorts = (): number[] =>
    [...attached.keys()].flatMap((httpServer) => {
      const address = httpServer.address();
      return address !== null && typeof address === 'object' ? [address.port] : [];
    });
  /** Ports the relay's own upgrades arrived on: how a relay mounted with handleUpgrade() alone learns where it answers. */
  const upgradePorts = new Set<number>();
  if (settings.sandboxDir !== undefined) {
    const problem = sandboxDirProblem(settings.sandboxDir);
    if (problem !== undefined) {
      logger.warn(
        `sandboxDir ${settings.sandboxDir} ${problem}: the relay runs, but every file a page names (caPath, clientCert, serverCert and multipart filePath) is missing`,
      );
    }
  }
  const rooms = openRooms(settings);
  const operations = operationsOf(rooms);
  const maxPayload = legMaxPayload(operations.values());
  const guard = new OutboundGuard(settings.outbound, () => [...ownPorts(), ...attachedPorts(), ...upgradePorts], resolver);
  const rules = upgradeRulesFor(settings);
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload,
    // The leg's frame tap (frame-tap.ts) counts on it; ws' default, said here.
    allowSynchronousEvents: true,
    // Answer with the protocol version only: the token must not be echoed back.
    handleProtocols: () => RELAY_SUBPROTOCOL,
  });
  let nextId = 1;
  let closing: Promise<void> | undefined;

  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    let verdict: UpgradeVerdict;
    try {
      verdict = checkUpgrade(request, rules);
    } catch (error) {
      // checkUpgrade reads headers defensively; this is the last line, not the plan.
      verdict = { kind: 'refuse', status: 400, reason: `malformed upgrade request (${String(error)})` };
    }
    if (verdict.kind === 'not-ours') return false;
    if (request.socket.localPort !== undefined) upgradePorts.add(request.socket.localPort);
    // First thing once the socket is ours: a reset must not become an uncaught 'error'.
    const onSocketError = (error: Error): void => logger.warn(`page socket error before the upgrade: ${error.message}`);
    socket.on('error', onSocketError);
    const from = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    if (verdict.kind === 'refuse') {
      logger.warn(`refused an upgrade from ${from}: ${verdict.reason} (${verdict.status})`);
      refuseUpgrade(socket, verdict.status, verdict.reason);
      return true;
    }
    if (closing !== undefined) {
      logger.warn(`refused an upgrade from ${from}: the relay is shutting down (503)`);
      refuseUpgrade(socket, 503, 'the relay is shutting down');
      return true;
    }
    if (legs.size >= settings.maxConnections) {
      logger.warn(`refused an upgrade from ${from}: ${settings.maxConnections} connections are open already (503)`);
      refuseUpgrade(socket, 503, 'too many connections', { retryAfterSeconds: RETRY_AFTER_SECONDS });
      return true;
    }
    try {
      server.handleUpgrade(request, socket, head, (webSocket) => {
        // From here on the leg's own 'error' listener (in RelayLeg) reports socket errors.
        socket.off('error', onSocketError);
        const id = nextId++;
        logger.info(`leg #${id}: opened from ${from}${request.headers.origin === undefined ? '' : ` (origin ${request.headers.origin})`}`);
        const leg = new RelayLeg(webSocket, socket as LegSocket, {
          id,
          options: settings,
          guard,
          env: process.env,
          operations,
          maxPayload,
        });
        legs.add(leg);
        void leg.ended.then(() => legs.delete(leg));
      });
    } catch (error) {
      logger.error(`upgrade from ${from} failed: ${String(error)}`);
      socket.destroy();
    }
    return true;
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const [httpServer, listener] of attached) httpServer.off('upgrade', listener);
      attached.clear();
      await Promise.all([...legs].map((leg) => leg.destroy()));
      for (const room of rooms) await room.close();
      server.close();
    })();
    return closing;
  };

  const relay: RelayBase = {
    token: settings.token,
    path: settings.path,
    get connections() {
      return [...legs].map((leg) => leg.info);
    },
    handleUpgrade,
    attach(httpServer) {
      if (attached.has(httpServer)) return;
      const listener = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
        handleUpgrade(request, socket, head);
      };
      attached.set(httpServer, listener);
      httpServer.on('upgrade', listener);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
  return { relay, rooms };
}

export function upgradeRulesFor(settings: ResolvedRelayOptions): UpgradeRules {
  return {
    path: settings.path,
    token: settings.token,
    allowedOrigins: settings.allowedOrigins,
    allowedHosts: settings.allowedHosts,
    listenHost: isSpecificAddress(settings.host) ? settings.host : undefined,
  };
}

/** A concrete address, neither a wildcard nor a name. */
function isSpecificAddress(host: string): boolean {
  return isIP(host) !== 0 && host !== '0.0.0.0' && host !== '::';
}
