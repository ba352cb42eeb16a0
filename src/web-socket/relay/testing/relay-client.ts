import type WebSocket from 'ws';
import type { ConnectReply } from '../../core/relay-messages.js';
import { readConnectReply } from '../../core/relay-replies.js';
import type { ConnectOptions } from '../../core/request-options.js';
import { openLeg, whyProblem, type LegOptions, type RelayAddress } from '../../../relay/testing/open-leg.js';
import { within } from '../../../testing/within.js';

export interface LegClose {
  readonly code: number;
  readonly reason: string;
}

/**
 * A page's side of one relay connection, speaking relay-messages.ts `connect`: replies
 * are read as the page reads them (readConnectReply) until the terminal one (opened /
 * failed / rejected), every later frame is data. A reply's `why` (the relay's reason,
 * for the developer) is kept apart, in `whys`, so that the replies read as the app's
 * side of the protocol; every `why` is checked against the protocol's rules
 * (whyProblem), and a reply the page would refuse, or a `why` that breaks the rules,
 * fails the next wait for a reply.
 */
export class RelayTestClient {
  readonly leg: WebSocket;
  /** Settles when the leg closes (code 1005/1006 as ws reports them). */
  readonly closed: Promise<LegClose>;
  /** The `why` of every reply that had one, in order. */
  readonly whys: string[] = [];
  readonly #token: string | undefined;
  readonly #problems: string[] = [];
  readonly #replies: Array<ConnectReply> = [];
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
        const text = buffer.toString('utf8');
        const reply = readConnectReply(text);
        if (typeof reply === 'string') {
          this.#problems.push(`a reply the page refuses (${reply}): ${text.slice(0, 200)}`);
        } else {
          // The page ignores a `why` that is not a string; the relay must not send one.
          const { why } = JSON.parse(text) as { why?: unknown };
          if (why !== undefined) {
            const problem = whyProblem(why, this.#token);
            if (problem !== undefined) this.#problems.push(problem);
            else this.whys.push(why as string);
          }
          if ('why' in reply) delete reply.why;
          if (reply.op === 'opened') this.#open = true;
          this.#replies.push(reply);
        }
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
  static async connect(relay: RelayAddress, url: string, options: ConnectOptions = {}, legOptions: LegOptions = {}): Promise<RelayTestClient> {
    const client = new RelayTestClient(await openLeg(relay, legOptions), relay.token);
    client.leg.send(JSON.stringify({ op: 'connect', url, options }));
    return client;
  }

  /** The next control reply. */
  nextReply(timeoutMs = 5000): Promise<ConnectReply> {
    return this.#next(this.#replies, timeoutMs, 'a relay reply');
  }

  /** The replies up to and including the terminal one: [accepted, opened] for a good connection. */
  async handshake(timeoutMs = 5000): Promise<ConnectReply[]> {
    const replies: ConnectReply[] = [];
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
          if (this.#problems.length > 0) throw new Error(`the relay broke the protocol: ${this.#problems.join('; ')}`);
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
