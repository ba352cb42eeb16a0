import { randomBytes } from 'node:crypto';
import type { RelayLogger } from '../../relay/relay-logger.js';
import type { ResolvedRelayOptions } from '../../relay/relay-options.js';
import { ErrorCode } from '../core/error-codes.js';
import type { ListenRequest } from '../core/relay-messages.js';
import { serverError } from '../core/server-error-codes.js';
import { bindingFor, FIRST_APP_PORT } from '../core/server-binding.js';
import { DeviceServer, type DeviceServerEvents } from '../engine/device-server.js';
import type { ResolvedServerOptions } from './server-options.js';

/** What relay.servers shows of one of the app's servers. */
export interface HostedServerInfo {
  /** The port the app asked for. */
  readonly appPort: number;
  /** Where it really listens. */
  readonly host: string;
  readonly port: number;
  /** Clients connected right now. */
  readonly clients: number;
}

/**
 * Handshakes of one server that may wait for the page's decision at once (each holds a
 * socket and its request, no 101 yet). The page answers each within a round trip of its
 * listen leg, so only a burst of newcomers makes them pile up: 32 is a third of the most
 * clients a device's server takes (10 IPs × 10 connections), and with servers.max (16)
 * servers, at most 512 sockets wait in the whole relay.
 */
export const MAX_WAITING_HANDSHAKES = 32;

/** Where an accepted client's messages and end go: its accept leg. */
export interface AttachedClient {
  message(data: Buffer, isBinary: boolean): void;
  /** Whole binary frames, unmasked (DeviceServer passBinaryFrames): they go to the page as they are. */
  frames(parts: Buffer[]): void;
  closed(code: number | undefined, reason: string): void;
  dropped(): void;
}

/** One of the app's servers, listening in the relay for a page's listen leg. */
export interface HostedServer {
  /** Unguessable: only the page that started it can accept its clients. */
  readonly id: string;
  readonly appPort: number;
  readonly page: string;
  readonly server: DeviceServer;
  /** The most clients it may have at once: the page's limits (WS §6.2), maxConcurrentClientsNumber × maxConnectionsForOneClient. */
  readonly maxClients: number;
  /** Clients on their accept legs. */
  readonly attached: Map<string, AttachedClient>;
}

export type ListenOutcome =
  | { readonly ok: true; readonly hosted: HostedServer }
  | { readonly ok: false; readonly code: number; readonly message: string; readonly why: string };

/**
 * The app's WebSocketServers the relay listens for (relay-messages.ts `listen`), by
 * page. The relay decides where they bind (its `servers` option: loopback by default,
 * ports mapped), refuses system ports, and bounds how many a page and the relay may
 * have. A client in a page through this relay that connects to loopback on an app's
 * port reaches the app's server wherever it really listens (targetPort).
 */
export class HostedServers {
  readonly #settings: ResolvedServerOptions;
  readonly #options: ResolvedRelayOptions;
  readonly #logger: RelayLogger;
  readonly #servers = new Map<string, HostedServer>();
  readonly #waiters = new Map<number, Array<(address: { host: string; port: number }) => void>>();

  constructor(options: ResolvedRelayOptions, servers: ResolvedServerOptions) {
    this.#options = options;
    this.#settings = servers;
    this.#logger = options.logger;
    if (!servers.loopbackOnly) {
      this.#logger.warn("servers.loopbackOnly is false: the app's servers bind what it asks, and other machines can reach them");
    }
  }

  get list(): HostedServerInfo[] {
    return [...this.#servers.values()].map(({ appPort, server }) => ({ appPort, ...server.address, clients: server.clientCount }));
  }

  get(id: string): HostedServer | undefined {
    return this.#servers.get(id);
  }

  /** Where a connection to loopback on `port` should go: the real port of the app's server on `port`, if the relay hosts one there. */
  targetPort(port: number): number {
    for (const { appPort, server } of this.#servers.values()) if (appPort === port) return server.address.port;
    return port;
  }

  /** Resolves with where the app's server on `appPort` listens, now or once it does. */
  whenListening(appPort: number): Promise<{ host: string; port: number }> {
    for (const { appPort: port, server } of this.#servers.values()) if (port === appPort) return Promise.resolve(server.address);
    return new Promise((resolve) => this.#waiters.set(appPort, [...(this.#waiters.get(appPort) ?? []), resolve]));
  }

  async listen(request: ListenRequest, events: DeviceServerEvents, log: (level: 'info' | 'warn', message: string) => void): Promise<ListenOutcome> {
    const { serverIP, serverPort } = request.config;
    const occupied = (why: string): ListenOutcome => ({ ok: false, ...serverError(ErrorCode.PORT_OCCUPIED), why });
    const refused = (why: string): ListenOutcome => ({ ok: false, ...serverError(ErrorCode.UNKNOWN_OTHER_ERROR), why });
    const fromPage = [...this.#servers.values()].filter((hosted) => hosted.page === request.page).length;
    if (fromPage >= this.#settings.maxPerPage) return refused(`this page has ${fromPage} servers listening already (the relay's servers.maxPerPage)`);
    if (this.#servers.size >= this.#settings.max) return refused(`${this.#servers.size} servers are listening already (the relay's servers.max)`);
    // WS §6.1: a second server on the app's port is a second bind of it: 2302007.
    if (serverPort !== 0 && [...this.#servers.values()].some((hosted) => hosted.appPort === serverPort))
      return occupied(`the app's port ${serverPort} is taken by another of its servers`);
    const { host, port } = bindingFor(serverIP, serverPort, this.#settings);
    if (port !== 0 && port < FIRST_APP_PORT) return occupied(`port ${port} is a system port, which an app cannot bind`);
    let server: DeviceServer;
    try {
      server = await DeviceServer.listen(
        {
          host,
          port,
          maxPayload: this.#options.maxReceiveBytes,
          // A handshake waits for the page's decision (listen-handler.ts) at most this long.
          handshakeTimeoutMs: this.#options.handshakeTimeoutMs,
          maxWaitingHandshakes: MAX_WAITING_HANDSHAKES,
          // A client's binary messages go on to the page's leg as the frames they came in (no copy).
          passBinaryFrames: true,
          log,
        },
        events,
      );
    } catch (error) {
      return occupied(`cannot bind ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const hosted: HostedServer = {
      id: randomBytes(16).toString('hex'),
      appPort: serverPort,
      page: request.page,
      server,
      maxClients: request.config.maxConcurrentClientsNumber * request.config.maxConnectionsForOneClient,
      attached: new Map(),
    };
    this.#servers.set(hosted.id, hosted);
    for (const resolve of this.#waiters.get(serverPort) ?? []) resolve(server.address);
    this.#waiters.delete(serverPort);
    return { ok: true, hosted };
  }

  /** The server no longer counts: its port is being given back (stop, the page gone). */
  release(id: string): void {
    this.#servers.delete(id);
  }

  /** Drops every server and client at once (relay shutdown). */
  async closeAll(): Promise<void> {
    const servers = [...this.#servers.values()];
    for (const { server } of servers) server.destroy();
    await Promise.all(servers.map(({ server }) => server.closed));
  }
}
