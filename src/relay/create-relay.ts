import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { RELAY_SUBPROTOCOL } from '../protocol/relay-protocol.js';
import { checkUpgrade, type UpgradeRules, type UpgradeVerdict } from './check-upgrade.js';
import { OutboundGuard, systemResolver, type OwnPorts, type Resolver } from '../net/outbound-policy.js';
import { refuseUpgrade, RETRY_AFTER_SECONDS } from './refuse-upgrade.js';
import { connectOperation } from './handlers/connect-handler.js';
import { acceptOperation } from './handlers/accept-handler.js';
import { filesOperation } from './handlers/files-handler.js';
import { listenOperation } from './handlers/listen-handler.js';
import { HostedServers, type HostedServerInfo } from './hosted-servers.js';
import type { LegOperation } from './leg-operation.js';
import { LEG_MAX_PAYLOAD, RelayLeg, type LegSocket, type RelayConnectionInfo } from './relay-leg.js';
import { resolveRelayOptions, type RelayOptions, type ResolvedRelayOptions } from './relay-options.js';
import { sandboxDirProblem } from './sandbox-dir-problem.js';

/**
 * The relay without a listening socket of its own: mount it on any HTTP(S) server's
 * upgrade path (a dev server's, for example) with attach() or handleUpgrade().
 */
export interface Relay extends AsyncDisposable {
  /** The per-run secret clients must present. Hand it to the page out of band; never log it. */
  readonly token: string;
  /** The URL path the relay answers on. */
  readonly path: string;
  /** A snapshot of the open connections (diagnostics). */
  readonly connections: readonly RelayConnectionInfo[];
  /** The app's WebSocketServers listening through this relay right now. */
  readonly servers: readonly HostedServerInfo[];
  /**
   * Where the app's server on `appPort` listens (its `serverPort`; the relay's
   * `servers.ports` may map it elsewhere), now or once it does.
   */
  whenListening(appPort: number): Promise<{ host: string; port: number }>;
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

/** What a leg can carry, by the `op` of its request (relay-protocol.ts): one handler per operation. */
const OPERATIONS: ReadonlyMap<string, LegOperation> = new Map<string, LegOperation>(
  [connectOperation, listenOperation, acceptOperation, filesOperation].map((operation) => [operation.op, operation as LegOperation]),
);

/** Creates a relay to mount on an existing server (see Relay). */
export function createRelay(options?: RelayOptions): Relay {
  return createRelayWith(resolveRelayOptions(options), () => []);
}

/**
 * @internal shared with startRelay, which knows its own port. The relay never opens a
 * connection to itself: every port it answers on (`ownPorts`, and each attached
 * server's, read when a target is checked, as a server may listen after attach()) is
 * refused as a target on this machine's addresses. `resolver` is the system's
 * getaddrinfo except in tests that need a name to fail without sending a DNS query off
 * the machine.
 */
export function createRelayWith(settings: ResolvedRelayOptions, ownPorts: OwnPorts, resolver: Resolver = systemResolver): Relay {
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
        `sandboxDir ${settings.sandboxDir} ${problem}: the relay runs, but every caPath, clientCert and serverCert a page names is missing (2302002)`,
      );
    }
  }
  const hostedServers = new HostedServers(settings);
  const guard = new OutboundGuard(settings.outbound, () => [...ownPorts(), ...attachedPorts(), ...upgradePorts], resolver);
  const rules = upgradeRulesFor(settings);
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: LEG_MAX_PAYLOAD,
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
          operations: OPERATIONS,
          hostedServers,
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
      await hostedServers.closeAll();
      server.close();
    })();
    return closing;
  };

  return {
    token: settings.token,
    path: settings.path,
    get connections() {
      return [...legs].map((leg) => leg.info);
    },
    get servers() {
      return hostedServers.list;
    },
    whenListening: (appPort) => hostedServers.whenListening(appPort),
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
