import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, type RelayConnectOptions, type RelayReply } from '../../protocol/relay-protocol.js';
import { within } from '../../testing/within.js';

/** How a test leg presents itself; every field defaults to what a well-behaved page sends. */
export interface LegOptions {
  /** null = send no token at all. */
  token?: string | null;
  /** Sent as the Origin header; undefined = none (a non-browser client). */
  origin?: string;
  /** Overrides the Host header. */
  host?: string;
  /** Replaces the whole subprotocol list. */
  protocols?: string[];
}

export interface RelayAddress {
  readonly url: string;
  readonly token: string;
}

/** The HTTP status of a refused leg upgrade. */
export class LegRefused extends Error {
  constructor(readonly status: number) {
    super(`relay refused the leg with ${status}`);
  }
}

/** Opens a raw leg (no connect request yet). Rejects with LegRefused when the relay answers without upgrading. */
export function openLeg(relay: RelayAddress, options: LegOptions = {}): Promise<WebSocket> {
  const token = options.token === undefined ? relay.token : options.token;
  const protocols = options.protocols ?? [RELAY_SUBPROTOCOL, ...(token === null ? [] : [`${TOKEN_PROTOCOL_PREFIX}${token}`])];
  const headers: Record<string, string> = {};
  if (options.host !== undefined) headers.host = options.host;
  const leg = new WebSocket(relay.url, protocols, { headers, ...(options.origin === undefined ? {} : { origin: options.origin }) });
  return within(
    new Promise<WebSocket>((resolve, reject) => {
      leg.once('open', () => resolve(leg));
      leg.once('unexpected-response', (_request, response: IncomingMessage) => {
        reject(new LegRefused(response.statusCode ?? 0));
        leg.terminate();
      });
      leg.once('error', reject);
    }),
    5000,
    'leg to open',
  );
}

export interface LegClose {
  readonly code: number;
  readonly reason: string;
}

/**
 * A page's side of one relay connection, speaking relay-protocol.ts: replies are
 * parsed until the terminal one (opened / failed / rejected), every later frame is data.
 */
export class RelayTestClient {
  readonly leg: WebSocket;
  /** Settles when the leg closes (code 1005/1006 as ws reports them). */
  readonly closed: Promise<LegClose>;
  readonly #replies: Array<RelayReply> = [];
  readonly #data: Array<{ data: Buffer; isBinary: boolean }> = [];
  #wake: () => void = () => {};
  #open = false;
  #closedNow = false;

  constructor(leg: WebSocket) {
    this.leg = leg;
    leg.on('message', (data, isBinary) => {
      const buffer = data as Buffer;
      if (this.#open) {
        this.#data.push({ data: buffer, isBinary });
      } else {
        const reply = JSON.parse(buffer.toString('utf8')) as RelayReply;
        if (reply.op === 'opened') this.#open = true;
        this.#replies.push(reply);
      }
      this.#wake();
    });
    leg.on('error', () => {});
    this.closed = new Promise((resolve) =>
      leg.once('close', (code, reason) => {
        this.#closedNow = true;
        this.#wake();
        resolve({ code, reason: reason.toString('utf8') });
      }),
    );
  }

  /** Opens a leg and sends the connect request. */
  static async connect(relay: RelayAddress, url: string, options: RelayConnectOptions = {}, legOptions: LegOptions = {}): Promise<RelayTestClient> {
    const client = new RelayTestClient(await openLeg(relay, legOptions));
    client.leg.send(JSON.stringify({ op: 'connect', url, options }));
    return client;
  }

  /** The next control reply. */
  nextReply(timeoutMs = 5000): Promise<RelayReply> {
    return this.#next(this.#replies, timeoutMs, 'a relay reply');
  }

  /** The replies up to and including the terminal one: [accepted, opened] for a good connection. */
  async handshake(timeoutMs = 5000): Promise<RelayReply[]> {
    const replies: RelayReply[] = [];
    for (;;) {
      const reply = await this.nextReply(timeoutMs);
      replies.push(reply);
      if (reply.op !== 'accepted') return replies;
    }
  }

  /** The next data frame after `opened`. */
  nextData(timeoutMs = 5000): Promise<{ data: Buffer; isBinary: boolean }> {
    return this.#next(this.#data, timeoutMs, 'a data frame');
  }

  async #next<T>(queue: T[], timeoutMs: number, what: string): Promise<T> {
    return within(
      (async () => {
        for (;;) {
          const item = queue.shift();
          if (item !== undefined) return item;
          if (this.#closedNow) throw new Error(`leg closed while waiting for ${what}`);
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
        }
      })(),
      timeoutMs,
      what,
    );
  }
}
