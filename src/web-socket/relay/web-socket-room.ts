import type { LegOperation } from '../../relay/leg-operation.js';
import type { RelayDefaults, ResolvedRelayOptions } from '../../relay/relay-options.js';
import type { RelayRoom } from '../../relay/relay-room.js';
import { HANDSHAKE_TIMEOUT_MS } from '../core/device-limits.js';
import { acceptOperation } from './accept-handler.js';
import { connectOperation } from './connect-handler.js';
import { describeServers } from './describe-servers.js';
import { filesOperation } from './files-handler.js';
import { HostedServers, type HostedServerInfo } from './hosted-servers.js';
import { listenOperation } from './listen-handler.js';
import type { ResolvedServerOptions } from './server-options.js';

/**
 * What webSocket asks of a relay's defaults: a connection through it may take the
 * device's time to open, so that it gives up when the device's would.
 */
export const WEB_SOCKET_RELAY_DEFAULTS: RelayDefaults = { handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS };

/** What a relay that carries webSocket shows of it (part of the public Relay). */
export interface WebSocketRelayFields {
  /** The app's WebSocketServers listening through this relay right now. */
  readonly servers: readonly HostedServerInfo[];
  /**
   * Where the app's server on `appPort` listens (its `serverPort`; the relay's
   * `servers.ports` may map it elsewhere), now or once it does.
   */
  whenListening(appPort: number): Promise<{ host: string; port: number }>;
}

/**
 * webSocket's room in a relay: its operations (relay-messages.ts: connect, listen,
 * accept, files) and the app's servers the relay listens for, which a relay's shutdown
 * ends and the relay shows as `servers` and `whenListening`.
 */
export class WebSocketRelayRoom implements RelayRoom, WebSocketRelayFields {
  readonly operations: readonly LegOperation[];
  readonly #servers: HostedServers;
  readonly #serverOptions: ResolvedServerOptions;

  constructor(settings: ResolvedRelayOptions, servers: ResolvedServerOptions) {
    this.#serverOptions = servers;
    this.#servers = new HostedServers(settings, servers);
    this.operations = [connectOperation(this.#servers), listenOperation(this.#servers), acceptOperation(this.#servers), filesOperation];
  }

  get servers(): readonly HostedServerInfo[] {
    return this.#servers.list;
  }

  whenListening(appPort: number): Promise<{ host: string; port: number }> {
    return this.#servers.whenListening(appPort);
  }

  describe(): readonly string[] {
    return [`app servers: ${describeServers(this.#serverOptions)}`];
  }

  close(): Promise<void> {
    return this.#servers.closeAll();
  }
}
