import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { MAX_WHY_CHARS, RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../protocol/relay-protocol.js';
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
