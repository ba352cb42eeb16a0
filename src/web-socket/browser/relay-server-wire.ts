import { deviceError } from '../../core/business-error.js';
import { type AcceptRequest, type ListenRequest, type StopRequest } from '../../protocol/relay-protocol.js';
import type { ListeningServer, ServerListenRequest, ServerWireEvents } from '../core/server-wire.js';
import { reportDiagnostic } from './report-diagnostic.js';
import { relayUnreachable } from './relay-unreachable.js';
import { closeRelayLeg, openRelayLeg, parseControl, passLegEnding, type RelayAddress } from './page-relay-leg.js';

/** The page ends its server at once (the §6.3 quirk): a leg close code the relay does not read as a stop. */
const ENDED_AT_ONCE = 4999;

/** Random per page load: the relay limits servers per page by it. */
const PAGE_ID = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * A page's server, listening in the dev relay (relay-protocol.ts `listen` and
 * `accept`): one listen leg for the server's control traffic, one accept leg per
 * client, so that one slow client never holds up another. The relay applies the
 * device's admission and reports clients; the page's core (server-calls.ts) keeps the
 * device's connection map, results and events.
 */
export function listenThroughRelay(relay: RelayAddress, request: ServerListenRequest, events: ServerWireEvents): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    let leg: WebSocket;
    try {
      leg = openRelayLeg(relay);
    } catch (error) {
      reject(relayUnreachable(relay.url, serverUrl(request), error));
      return;
    }
    const clients = new Map<string, ClientLeg>();
    let server: string | undefined;
    let settled = false;

    const listening = (host: string, port: number): ListeningServer => ({
      address: { host, port },
      send: (id, data) => clients.get(id)?.send(data),
      close: (id, code, reason) => clients.get(id)?.close(code, reason),
      stop: () => {
        const stop: StopRequest = { op: 'stop' };
        if (leg.readyState === leg.OPEN) leg.send(JSON.stringify(stop));
      },
      destroy: () => {
        leg.close(ENDED_AT_ONCE);
        for (const client of clients.values()) client.drop();
      },
    });

    leg.addEventListener('open', () => {
      const listen: ListenRequest = {
        op: 'listen',
        page: PAGE_ID,
        config: {
          serverIP: request.serverIP,
          serverPort: request.serverPort,
          maxConcurrentClientsNumber: request.limits.maxConcurrentClientsNumber,
          maxConnectionsForOneClient: request.limits.maxConnectionsForOneClient,
        },
      };
      leg.send(JSON.stringify(listen));
    });
    leg.addEventListener('message', ({ data }: MessageEvent) => {
      const message = parseControl(data);
      switch (message?.op) {
        case 'listening':
          server = String(message.server);
          settled = true;
          resolve(listening(String(message.host), Number(message.port)));
          return;
        case 'listen-failed':
          settled = true;
          reportDiagnostic(serverUrl(request), message.why);
          reject(deviceError(Number(message.code), String(message.message)));
          return;
        case 'connection': {
          if (server === undefined) return;
          const id = String(message.client);
          clients.set(
            id,
            new ClientLeg(relay, { op: 'accept', server, client: id }, id, String(message.clientIP), Number(message.clientPort), events, () =>
              clients.delete(id),
            ),
          );
          return;
        }
        case 'refused':
          events.onRefused('the relay turned a handshake away');
          return;
        case 'stopped':
          return;
        default:
          console.error(`[ohos-netkit] unexpected message from the dev relay at ${relay.url} on a server's leg; closing it`);
          leg.close();
      }
    });
    leg.addEventListener('close', ({ code, reason }: CloseEvent) => {
      if (!settled) {
        settled = true;
        reject(relayUnreachable(relay.url, serverUrl(request), `closed with ${code}${reason ? ` ${reason}` : ''}`));
        return;
      }
      // The relay went away under the server: its clients are gone with it.
      if (code !== 1000 && code !== ENDED_AT_ONCE) {
        for (const client of [...clients.values()]) client.drop();
        events.onGone?.();
      }
    });
  });
}

/** One client of the page's server, on its accept leg. */
class ClientLeg {
  readonly #leg: WebSocket;
  readonly #events: ServerWireEvents;
  readonly #id: string;
  readonly #forget: () => void;
  /** What the app sent before the leg was accepted. */
  #early: Array<string | ArrayBuffer> | undefined = [];
  #ended = false;

  constructor(
    relay: RelayAddress,
    request: AcceptRequest,
    id: string,
    clientIP: string,
    clientPort: number,
    events: ServerWireEvents,
    forget: () => void,
  ) {
    this.#events = events;
    this.#id = id;
    this.#forget = forget;
    const leg = openRelayLeg(relay);
    this.#leg = leg;
    leg.addEventListener('open', () => leg.send(JSON.stringify(request)));
    leg.addEventListener('message', ({ data }: MessageEvent) => {
      if (this.#early === undefined) {
        events.onMessage(id, data as string | ArrayBuffer);
        return;
      }
      if (parseControl(data)?.op !== 'accepted') {
        leg.close();
        return;
      }
      const early = this.#early;
      this.#early = undefined;
      // OH §6.3: connect is the first event of a client; its messages follow.
      events.onConnect(id, clientIP, clientPort);
      for (const message of early) leg.send(message);
    });
    leg.addEventListener('close', ({ code, reason }: CloseEvent) => {
      if (this.#ended) return;
      this.#ended = true;
      forget();
      if (this.#early !== undefined) return;
      passLegEnding({ code, reason }, { onDrop: () => events.onDrop(id), onClose: (code, reason) => events.onClose(id, code, reason) });
    });
  }

  send(data: string | ArrayBuffer): void {
    if (this.#early !== undefined) this.#early.push(data);
    else if (this.#leg.readyState === this.#leg.OPEN) this.#leg.send(data);
  }

  close(code: number, reason: string): void {
    closeRelayLeg(this.#leg, code, reason);
  }

  /** The server ended at once, or the relay went away: the client is a drop. */
  drop(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#forget();
    this.#leg.close();
    if (this.#early === undefined) this.#events.onDrop(this.#id);
  }
}

/** Where the app asked its server to listen, as a URL: what a diagnostic of its start() is about. */
function serverUrl({ serverIP, serverPort }: ServerListenRequest): string {
  // An empty serverIP is every interface, on the device as here.
  const host = serverIP === '' ? '0.0.0.0' : serverIP.includes(':') ? `[${serverIP}]` : serverIP;
  return `ws://${host}:${serverPort}`;
}
