import type { ConnectOptions } from '../core/request-options.js';

/** The request headers of the upstream handshake, on top of what ws itself sends. */
export interface UpstreamHeaders {
  /** Lower-case names; values are Latin-1 strings holding the UTF-8 bytes to send. */
  readonly headers: Record<string, string>;
  /** The Sec-WebSocket-Protocol value sent, when any: the list the server's answer must come from. */
  readonly protocols: string | undefined;
  /** User header names the relay did not send (reserved ones), for the log. */
  readonly dropped: readonly string[];
}

export type UpstreamHeadersOutcome = ({ readonly ok: true } & UpstreamHeaders) | { readonly ok: false; readonly reason: string };

/**
 * Names only the handshake itself may set. On the device lws writes its own handshake
 * headers first and then appends every user header (LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER,
 * WS §5), so a user `Host` or `Sec-WebSocket-Key` is sent twice and the server decides
 * which one counts (Node keeps the first Host; a doubled key breaks the handshake).
 * ws cannot send duplicates of these and a user value must not replace the real one,
 * so the relay drops them, sends the handshake's own value (the one most servers
 * would have used) and logs the drop.
 */
const RESERVED = new Set(['host', 'connection', 'upgrade', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions']);

// RFC 9110 token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Control characters other than HTAB, and DEL: CR/LF would inject headers, the others
// are refused by Node's HTTP client anyway.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_VALUE_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * Builds the handshake headers the device would send for `url` and the page's options
 * (WS §5): the device Origin, then the user headers with lower-cased names, sorted by
 * name (netstack keeps them in a std::map), non-empty string values only.
 *
 * A name or value that is not valid in HTTP is refused (the caller answers 401
 * "Parameter error") instead of being injected into the request.
 */
export function buildUpstreamHeaders(url: URL, options: Pick<ConnectOptions, 'header' | 'protocol' | 'supportOriginPort'>): UpstreamHeadersOutcome {
  // WS §5 supportOriginPort: netstack passes the host, with ":port" only when the option
  // is true and the port is not the scheme's default (websocket_exec.cpp ParseHost).
  // lws then writes "Origin: http://<that>" for ws and wss alike (LWS client-http.c,
  // no LWS_SERVER_OPTION_JUST_USE_RAW_ORIGIN in netstack's context options).
  // WHATWG URL already drops a default port from `host`.
  // A Map, then fromEntries: a user header named "__proto__" stays a header.
  const headers = new Map<string, string>([
    // lws sends these two on every client handshake.
    ['pragma', 'no-cache'],
    ['cache-control', 'no-cache'],
    ['origin', `http://${options.supportOriginPort === true ? url.host : url.hostname}`],
  ]);
  const dropped: string[] = [];
  const protocols: string[] = [];
  if (typeof options.protocol === 'string' && options.protocol !== '') protocols.push(options.protocol);

  const entries = Object.entries(options.header ?? {})
    .map(([name, value]): [string, unknown] => [name.toLowerCase(), value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of entries) {
    // WS §5 header: only non-empty string values are added; others are dropped silently.
    if (typeof value !== 'string' || value === '') continue;
    if (!TOKEN.test(name)) return { ok: false, reason: `header name ${JSON.stringify(name)} is not a valid HTTP token` };
    if (INVALID_VALUE_CHAR.test(value)) return { ok: false, reason: `header ${name} has a control character (CR, LF, NUL…) in its value` };
    if (RESERVED.has(name)) {
      dropped.push(name);
    } else if (name === 'sec-websocket-protocol') {
      // On the device this line goes out next to lws' own Sec-WebSocket-Protocol; two
      // lines of a list header mean the same as one line joined with ", " (RFC 9110 §5.3).
      protocols.push(value);
    } else {
      // `origin` lands here too: the app's own Origin replaces the generated one
      // instead of being sent as a second, contradictory Origin line.
      headers.set(name, toWireValue(value));
    }
  }

  const protocolList = protocols.join(', ');
  if (INVALID_VALUE_CHAR.test(protocolList)) return { ok: false, reason: 'protocol has a control character (CR, LF, NUL…)' };
  if (protocolList !== '') headers.set('sec-websocket-protocol', toWireValue(protocolList));
  return { ok: true, headers: Object.fromEntries(headers), protocols: protocolList === '' ? undefined : protocolList, dropped };
}

/**
 * The device writes the value's UTF-8 bytes as they are. Node writes header strings as
 * Latin-1 (one byte per char), so the UTF-8 bytes are spelled as Latin-1 chars.
 */
function toWireValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII, control characters included
  return /^[\x00-\x7f]*$/.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1');
}

/**
 * lws' check of the server's Sec-WebSocket-Protocol against the list the client sent
 * (LWS client-ws.c): the answer must equal one entry of the comma-separated list,
 * where spaces after a comma are skipped. No answer is always fine.
 */
export function isOfferedProtocol(offered: string | undefined, answer: string): boolean {
  if (offered === undefined) return false;
  return offered.split(',').some((entry, index) => (index === 0 ? entry : entry.replace(/^ +/, '')) === answer);
}
