import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { MAX_WHY_CHARS, RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, type RelayConnectOptions, type RelayReply } from '../../protocol/relay-protocol.js';
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
 * What is wrong with a reply's `why` (relay-protocol.ts, Why), or undefined: it must be
 * a non-empty string on one line, at most MAX_WHY_CHARS long, without the relay's token.
 */
export function whyProblem(why: unknown, token: string | undefined): string | undefined {
  if (typeof why !== 'string' || why === '') return `why is not a non-empty string: ${JSON.stringify(why)}`;
  // eslint-disable-next-line no-control-regex -- a control character is what must not be there
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(why)) return `why is not one line of text: ${JSON.stringify(why)}`;
  if (why.length > MAX_WHY_CHARS) return `why is ${why.length} characters long`;
  if (token !== undefined && why.includes(token)) return 'why holds the relay token';
  return undefined;
}

/**
 * A page's side of one relay connection, speaking relay-protocol.ts: replies are
 * parsed until the terminal one (opened / failed / rejected), every later frame is data.
 * A reply's `why` (the relay's reason, for the developer) is kept apart, in `whys`, so
 * that the replies read as the app's side of the protocol; every `why` is checked
 * against the protocol's rules (whyProblem), and one that breaks them fails the next
 * wait for a reply.
 */
export class RelayTestClient {
  readonly leg: WebSocket;
  /** Settles when the leg closes (code 1005/1006 as ws reports them). */
  readonly closed: Promise<LegClose>;
  /** The `why` of every reply that had one, in order. */
  readonly whys: string[] = [];
  readonly #token: string | undefined;
  readonly #problems: string[] = [];
  readonly #replies: Array<RelayReply> = [];
  readonly #data: Array<{ data: Buffer; isBinary: boolean }> = [];
  #wake: () => void = () => {};
  #open = false;
  #closedNow = false;

  /** `token`: the relay's, which no `why` may hold. */
  constructor(leg: WebSocket, token?: string) {
    this.leg = leg;
    this.#token = token;
    leg.on('message', (data, isBinary) => {
      const buffer = data as Buffer;
      if (this.#open) {
        this.#data.push({ data: buffer, isBinary });
      } else {
        const { why, ...reply } = JSON.parse(buffer.toString('utf8')) as RelayReply & { why?: unknown };
        if (why !== undefined) {
          const problem = whyProblem(why, this.#token);
          if (problem !== undefined) this.#problems.push(problem);
          else this.whys.push(why as string);
        }
        if (reply.op === 'opened') this.#open = true;
        this.#replies.push(reply as RelayReply);
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
    const client = new RelayTestClient(await openLeg(relay, legOptions), relay.token);
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
          if (this.#problems.length > 0) throw new Error(`the relay broke the rules of a reply's why: ${this.#problems.join('; ')}`);
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
