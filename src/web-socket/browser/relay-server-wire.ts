import { deviceError } from '../../core/business-error.js';
import { NORMAL_CLOSURE } from '../../protocol/close-codes.js';
import { MAX_WHY_CHARS } from '../../protocol/relay-protocol.js';
import { SERVER_ENDED_AT_ONCE, type AcceptRequest, type ListenRequest, type RefuseRequest, type StopRequest } from '../core/relay-messages.js';
import { readAcceptReply, readListenReply } from '../core/relay-replies.js';
import type { ListeningServer, ServerListenRequest, ServerWireEvents } from '../core/server-wire.js';
import { reportDiagnostic } from '../../page-relay/report-diagnostic.js';
import { relayUnreachable } from './relay-unreachable.js';
import { openRelayLeg, type RelayAddress } from '../../page-relay/open-relay-leg.js';
import { closeRelayLeg, endOnUnexpectedReply } from './page-relay-leg.js';
import { passEnding } from './wire-ending.js';

/**
 * Accept legs being opened at once, per server. A burst of newcomers queues behind them;
 * one that leaves meanwhile (the relay says `gone`) leaves the queue without a leg, so a
 * burst of clients that come and go at once costs a later client nothing.
 */
const MAX_ACCEPTS_OPENING = 8;

/** Random per page load: the relay limits servers per page by it. */
const PAGE_ID = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * A page's server, listening in the dev relay (relay-messages.ts `listen` and
 * `accept`), each reply read as strictly as the relay reads the page (relay-replies.ts): one listen leg for the server's control traffic, one accept leg per
 * client, so that one slow client never holds up another. The relay holds each
 * client's handshake and asks; the page's core (server-calls.ts) decides (the device's
 * admission), and keeps the device's connection map, results and events. A refused
 * client is answered `refuse` on the listen leg; an admitted one waits in a queue for
 * its accept leg, whose request completes its upgrade at the relay.
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
    /** Admitted clients waiting for an accept leg, in their order of arrival. */
    const queued = new Set<string>();
    let opening = 0;
    let server: string | undefined;
    let settled = false;

    /** Opens accept legs for queued clients while fewer than MAX_ACCEPTS_OPENING are opening. */
    const openAccepts = (): void => {
      for (const id of queued) {
        if (opening >= MAX_ACCEPTS_OPENING || server === undefined) return;
        queued.delete(id);
        opening++;
        const accepted = (): void => {
          opening--;
          openAccepts();
        };
        const forget = (): void => {
          clients.delete(id);
        };
        try {
          clients.set(id, new ClientLeg(relay, { op: 'accept', server, client: id }, id, events, accepted, forget));
        } catch {
          // No leg could be made (the relay's URL went bad): the client is never let in.
          opening--;
          events.onAbandon(id);
        }
      }
    };

    /** The server is stopping or ending: nobody waiting is let in any more. */
    const forgetWaiting = (): void => {
      queued.clear();
      for (const client of [...clients.values()]) client.abandon();
    };

    const listening = (host: string, port: number): ListeningServer => ({
      address: { host, port },
      send: (id, data) => clients.get(id)?.send(data),
      close: (id, code, reason) => clients.get(id)?.close(code, reason),
      stop: () => {
        forgetWaiting();
        const stop: StopRequest = { op: 'stop' };
        if (leg.readyState === leg.OPEN) leg.send(JSON.stringify(stop));
      },
      destroy: () => {
        forgetWaiting();
        leg.close(SERVER_ENDED_AT_ONCE);
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
      const message = readListenReply(data);
      if (typeof message === 'string') {
        endOnUnexpectedReply(leg, relay, "a server's leg", message);
        return;
      }
      switch (message.op) {
        case 'listening':
          server = message.server;
          settled = true;
          resolve(listening(message.host, message.port));
          return;
        case 'listen-failed':
          settled = true;
          reportDiagnostic(serverUrl(request), message.why);
          reject(deviceError(message.code, message.message));
          return;
        case 'connection': {
          if (server === undefined) return;
          const id = message.client;
          const verdict = events.onHandshake(id, message.clientIP, message.clientPort);
          if (verdict.admitted) {
            queued.add(id);
            openAccepts();
          } else {
            const refuse: RefuseRequest = { op: 'refuse', client: id, why: verdict.why.slice(0, MAX_WHY_CHARS) };
            if (leg.readyState === leg.OPEN) leg.send(JSON.stringify(refuse));
          }
          return;
        }
        case 'gone': {
          // The client left (or timed out) before its accept leg asked for it: it never was a client.
          const id = message.client;
          if (queued.delete(id)) events.onAbandon(id);
          else clients.get(id)?.abandon();
          return;
        }
        case 'stopped':
          return;
      }
    });
    leg.addEventListener('close', ({ code, reason }: CloseEvent) => {
      if (!settled) {
        settled = true;
        reject(relayUnreachable(relay.url, serverUrl(request), `closed with ${code}${reason ? ` ${reason}` : ''}`));
        return;
      }
      // The relay went away under the server: its clients are gone with it.
      if (code !== NORMAL_CLOSURE && code !== SERVER_ENDED_AT_ONCE) {
        forgetWaiting();
        for (const client of [...clients.values()]) client.drop();
        events.onGone?.();
      }
    });
  });
}

/**
 * One client of the page's server, on its accept leg. The leg's request completes the
 * client's upgrade at the relay: `connect` is emitted as it is sent (WS §6.3), so the
 * server knows the client before the client sees its 101. Before that the client may
 * still leave (abandon()) without ever having been one.
 */
class ClientLeg {
  readonly #leg: WebSocket;
  readonly #events: ServerWireEvents;
  readonly #id: string;
  readonly #forget: () => void;
  #accepted: (() => void) | undefined;
  /** What the app sent before the relay accepted the leg; undefined once accepted. */
  #early: Array<string | ArrayBuffer> | undefined = [];
  /** The accept request went out: from then on the client is the server's, and its end an event. */
  #requested = false;
  #ended = false;

  /**
   * @param accepted called once the relay answered, or the leg ended first: the page may open another.
   * @param forget called once the leg is over.
   */
  constructor(relay: RelayAddress, request: AcceptRequest, id: string, events: ServerWireEvents, accepted: () => void, forget: () => void) {
    this.#events = events;
    this.#id = id;
    this.#forget = forget;
    this.#accepted = accepted;
    const leg = openRelayLeg(relay);
    this.#leg = leg;
    leg.addEventListener('open', () => {
      if (this.#ended) return;
      // WS §6.3: connect, and the client in the connection map, before its 101 exists.
      if (!events.onConnect(id)) {
        this.abandon();
        return;
      }
      this.#requested = true;
      leg.send(JSON.stringify(request));
    });
    leg.addEventListener('message', ({ data }: MessageEvent) => {
      if (this.#early === undefined) {
        events.onMessage(id, data as string | ArrayBuffer);
        return;
      }
      const reply = readAcceptReply(data);
      if (typeof reply === 'string') {
        endOnUnexpectedReply(leg, relay, "a client's leg", reply);
        return;
      }
      const early = this.#early;
      this.#early = undefined;
      this.#settleAccept();
      for (const message of early) leg.send(message);
    });
    leg.addEventListener('close', ({ code, reason }: CloseEvent) => {
      if (this.#ended) return;
      this.#ended = true;
      this.#settleAccept();
      forget();
      // The relay refused the accept (the client left as it was sent): a drop, as on the device once connected.
      if (this.#early !== undefined) {
        if (this.#requested) events.onDrop(id);
        else events.onAbandon(id);
        return;
      }
      passEnding({ code, reason }, { onDrop: () => events.onDrop(id), onClose: (code, reason) => events.onClose(id, code, reason) });
    });
  }

  send(data: string | ArrayBuffer): void {
    if (this.#early !== undefined) this.#early.push(data);
    else if (this.#leg.readyState === this.#leg.OPEN) this.#leg.send(data);
  }

  close(code: number, reason: string): void {
    closeRelayLeg(this.#leg, code, reason);
  }

  /** The client left, or the server stopped, before the accept request went out: no event, it never was a client. */
  abandon(): void {
    if (this.#ended || this.#requested) return;
    this.#ended = true;
    this.#settleAccept();
    this.#forget();
    this.#leg.close();
    this.#events.onAbandon(this.#id);
  }

  /** The server ended at once, or the relay went away: the client is a drop. */
  drop(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#settleAccept();
    this.#forget();
    this.#leg.close();
    if (this.#requested) this.#events.onDrop(this.#id);
    else this.#events.onAbandon(this.#id);
  }

  #settleAccept(): void {
    const accepted = this.#accepted;
    this.#accepted = undefined;
    accepted?.();
  }
}

/** Where the app asked its server to listen, as a URL: what a diagnostic of its start() is about. */
function serverUrl({ serverIP, serverPort }: ServerListenRequest): string {
  // An empty serverIP is every interface, on the device as here.
  const host = serverIP === '' ? '0.0.0.0' : serverIP.includes(':') ? `[${serverIP}]` : serverIP;
  return `ws://${host}:${serverPort}`;
}
