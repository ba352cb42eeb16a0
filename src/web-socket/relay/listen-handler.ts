import { NORMAL_CLOSURE, POLICY_VIOLATION } from '../../protocol/close-codes.js';
import { MAX_WHY_CHARS, PAGE_GOING_AWAY } from '../../protocol/relay-protocol.js';
import type { LegControl, LegDescription, LegHandler, MessageLegOperation } from '../../relay/leg-operation.js';
import { whyForPage } from '../../relay/page-diagnostic.js';
import { MAX_CONCURRENT_CLIENTS_NUMBER, MAX_CONNECTIONS_FOR_ONE_CLIENT } from '../core/server-limits.js';
import {
  MAX_ADDRESS_CHARS,
  MAX_ID_CHARS,
  type ConnectionNotice,
  type GoneNotice,
  type ListenFailedReply,
  type ListenRequest,
} from '../core/relay-messages.js';
import type { DeviceServerHandshake } from '../engine/device-server.js';
import type { HostedServer, HostedServers } from './hosted-servers.js';
import { PAGE_MESSAGE_LIMIT } from './page-message-limit.js';

/** What the page may send on its listen leg (relay-messages.ts, listen steps 4 and 5), or why it may not. */
type ListenLegMessage = { readonly op: 'stop' } | { readonly op: 'refuse'; readonly client: string; readonly why: string | undefined };

/**
 * relay-messages.ts `listen`: the app's WebSocketServer, listening in the relay (among
 * `servers`) for the page whose leg this is. Each client's handshake waits, without a 101, for the page's
 * decision: `refuse` hangs up on it, an accept leg (accept-handler.ts) completes it; a
 * client that leaves meanwhile is `gone`. The server lives as long as the leg: `stop` closes its
 * clients with 1001 "server is going away" and gives the port back; a page that goes
 * away (the browser's 1001: a reload, a navigation, a closed tab) closes them with 1001
 * and no reason, as the browser does for each WebSocket of the page; a leg that ends
 * otherwise (a drop, the server ended at once) drops every client. Either way the port
 * is given back, leaving no listener and no socket behind.
 */
export function listenOperation(servers: HostedServers): MessageLegOperation<ListenRequest> {
  return {
    op: 'listen',
    pageMessageLimit: PAGE_MESSAGE_LIMIT,
    passesFrames: false,
    parse: parseListenRequest,
    start: (leg, request) => new ListenHandler(leg, request, servers),
  };
}

/** A `listen` request (relay-messages.ts listen), or the reason of the leg's 1008. */
function parseListenRequest(message: Readonly<Record<string, unknown>>): ListenRequest | string {
  const { config, page } = message;
  if (typeof page !== 'string' || page.length > MAX_ID_CHARS) return 'listen request page must be a short string';
  if (typeof config !== 'object' || config === null) return 'listen request config must be an object';
  const { serverIP, serverPort, maxConcurrentClientsNumber, maxConnectionsForOneClient } = config as Record<string, unknown>;
  if (typeof serverIP !== 'string' || serverIP.length > MAX_ADDRESS_CHARS) return 'listen request config.serverIP must be a string';
  for (const value of [serverPort, maxConcurrentClientsNumber, maxConnectionsForOneClient]) {
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535)
      return 'listen request config numbers must be integers 0…65535';
  }
  // The device's caps (WS §6.1): the page checked them; the relay holds to them too.
  if (
    (maxConcurrentClientsNumber as number) > MAX_CONCURRENT_CLIENTS_NUMBER ||
    (maxConnectionsForOneClient as number) > MAX_CONNECTIONS_FOR_ONE_CLIENT
  )
    return 'listen request limits above the device caps';
  return {
    op: 'listen',
    page,
    config: {
      serverIP,
      serverPort: serverPort as number,
      maxConcurrentClientsNumber: maxConcurrentClientsNumber as number,
      maxConnectionsForOneClient: maxConnectionsForOneClient as number,
    },
  };
}

class ListenHandler implements LegHandler {
  readonly #leg: LegControl;
  readonly #servers: HostedServers;
  readonly closed: Promise<void>;
  #hosted: HostedServer | undefined;
  #phase: 'binding' | 'listening' | 'stopping' | 'ended' = 'binding';

  constructor(leg: LegControl, request: ListenRequest, servers: HostedServers) {
    this.#leg = leg;
    this.#servers = servers;
    this.closed = this.#listen(request).then(() => this.#hosted?.server.closed);
  }

  async #listen(request: ListenRequest): Promise<void> {
    const leg = this.#leg;
    const outcome = await this.#servers.listen(
      request,
      {
        handshake: (handshake) => this.#onHandshake(handshake),
        abandoned: (id, why) => {
          if (this.#phase !== 'listening') return;
          this.#leg.log('info', `client ${id}'s handshake ended before the page took it (${why})`);
          const gone: GoneNotice = { op: 'gone', client: id };
          this.#leg.reply(gone);
        },
        message: (id, data, isBinary) => this.#hosted?.attached.get(id)?.message(data, isBinary),
        // Only once the client is attached (AcceptHandler asks for frames then).
        frames: (id, parts) => this.#hosted?.attached.get(id)?.frames(parts),
        // A client is attached from its upgrade on (AcceptHandler), so no end comes before.
        closed: (id, code, reason) => this.#hosted?.attached.get(id)?.closed(code, reason),
        dropped: (id) => this.#hosted?.attached.get(id)?.dropped(),
      },
      (level, message) => leg.log(level, `server: ${message}`),
    );
    if (!outcome.ok) {
      leg.log('warn', `refused to listen on the app's port ${request.config.serverPort}: ${outcome.why} → ${outcome.code}`);
      const reply: ListenFailedReply = {
        op: 'listen-failed',
        code: outcome.code,
        message: outcome.message,
        why: whyForPage(outcome.why, leg.options.token),
      };
      leg.reply(reply);
      this.#phase = 'ended';
      leg.end(NORMAL_CLOSURE, '');
      return;
    }
    const hosted = outcome.hosted;
    this.#hosted = hosted;
    if (this.#phase === 'ended') {
      // The page left while the server was being bound.
      this.#release();
      hosted.server.destroy();
      return;
    }
    this.#phase = 'listening';
    const { host, port } = hosted.server.address;
    leg.log('info', `listening for the app's port ${request.config.serverPort} on ${host.includes(':') ? `[${host}]` : host}:${port}`);
    leg.reply({ op: 'listening', server: hosted.id, host, port });
  }

  describe(): LegDescription {
    const address = this.#hosted?.server.address;
    return {
      target: address === undefined ? undefined : `ws://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`,
      phase: this.#phase,
      upstreamBufferedAmount: 0,
      upstreamReadPaused: false,
      legReadPaused: false,
    };
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    const message = parseListenLegMessage(data, isBinary);
    if (typeof message === 'string') {
      this.#leg.log('warn', `${message}; closing the listen leg with 1008`);
      this.abort();
      this.#leg.end(POLICY_VIOLATION, message);
      return;
    }
    if (message.op === 'stop') {
      this.#stop();
      return;
    }
    // A refusal may cross the client's going: then there is nothing left to refuse.
    if (this.#hosted?.server.refuse(message.client) === true)
      this.#leg.log('info', `the app's server turned client ${message.client} away${message.why === undefined ? '' : `: ${message.why}`}`);
  }

  /**
   * The page went away (1001: every client closed with 1001 and no reason), dropped or
   * ended the server at once (every client dropped); the port given back.
   */
  onPageClose(code: number): void {
    const hosted = this.#hosted;
    if (code === PAGE_GOING_AWAY && this.#phase === 'listening' && hosted !== undefined) {
      this.#leg.log('info', "the page went away (1001): closing its server's clients with 1001");
      this.#phase = 'stopping';
      this.#release();
      hosted.server.stop('');
      return;
    }
    if (this.#phase !== 'stopping') this.#leg.log('info', 'the page left: dropping its server and every client');
    this.abort();
  }

  abort(): void {
    const wasStopping = this.#phase === 'stopping';
    this.#phase = 'ended';
    this.#release();
    if (!wasStopping) this.#hosted?.server.destroy();
  }

  /** WS §6.4 stop(): every client closed with 1001 "server is going away", the port given back. */
  #stop(): void {
    const hosted = this.#hosted;
    if (this.#phase !== 'listening' || hosted === undefined) return;
    this.#phase = 'stopping';
    this.#release();
    hosted.server.stop();
    this.#leg.log('info', `stopping the server of the app's port ${hosted.appPort}`);
    this.#leg.reply({ op: 'stopped' });
    void hosted.server.closed.then(() => this.#leg.end(NORMAL_CLOSURE, ''));
  }

  #release(): void {
    if (this.#hosted !== undefined) this.#servers.release(this.#hosted.id);
  }

  /** relay-messages.ts listen step 4: the page decides on each handshake; until then it waits (DeviceServer bounds how many and how long). */
  #onHandshake({ id, clientIP, clientPort }: DeviceServerHandshake): void {
    if (this.#hosted === undefined || this.#phase !== 'listening') {
      this.#hosted?.server.refuse(id);
      return;
    }
    const notice: ConnectionNotice = { op: 'connection', client: id, clientIP, clientPort };
    this.#leg.reply(notice);
  }
}

/** A message of the page on its listen leg, checked (relay-messages.ts listen), or the reason to close the leg (≤ 123 bytes). */
function parseListenLegMessage(data: Buffer, isBinary: boolean): ListenLegMessage | string {
  let message: unknown;
  try {
    message = isBinary ? undefined : JSON.parse(data.toString('utf8'));
  } catch {
    message = undefined;
  }
  if (typeof message !== 'object' || message === null) return 'a listen leg takes stop and refuse only';
  const { op, client, why } = message as Record<string, unknown>;
  if (op === 'stop') return { op };
  if (op !== 'refuse') return 'a listen leg takes stop and refuse only';
  if (typeof client !== 'string' || client.length > MAX_ID_CHARS) return 'refuse needs the client, a short string';
  if (why !== undefined && (typeof why !== 'string' || why.length > MAX_WHY_CHARS)) return 'refuse why must be a string of at most 300 characters';
  return { op, client, why };
}
