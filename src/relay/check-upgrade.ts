import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/relay-protocol.js';

export interface UpgradeRules {
  readonly path: string;
  readonly token: string;
  /** undefined = the loopback default (see RelayOptions.allowedOrigins). */
  readonly allowedOrigins: readonly string[] | undefined;
  readonly allowedHosts: readonly string[];
  /** The address the relay listens on, accepted as a Host name too (when it is a specific address). */
  readonly listenHost: string | undefined;
}

export type UpgradeVerdict =
  | { readonly kind: 'accept' }
  /** Another path: not the relay's request. */
  | { readonly kind: 'not-ours' }
  /** `reason` is logged, and sent as the body of the refusal. */
  | { readonly kind: 'refuse'; readonly status: 400 | 401 | 403; readonly reason: string };

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const LOOPBACK_ORIGIN_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The relay's checks on the page's upgrade request, all made before the upgrade
 * completes (perf-reliability §4.3): the path, the Host header against DNS rebinding
 * (403), the Origin against cross-site pages (403), the token (401) and the protocol
 * version (400). Must not throw: every header is read defensively.
 */
export function checkUpgrade(request: IncomingMessage, rules: UpgradeRules): UpgradeVerdict {
  let pathname: string;
  try {
    pathname = new URL(request.url ?? '/', 'http://relay.invalid').pathname;
  } catch {
    return { kind: 'not-ours' };
  }
  if (pathname !== rules.path) return { kind: 'not-ours' };

  if (!isAllowedHost(request, rules)) {
    return { kind: 'refuse', status: 403, reason: `Host ${JSON.stringify(request.headers.host ?? null)} is not allowed` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !isAllowedOrigin(origin, rules.allowedOrigins)) {
    return { kind: 'refuse', status: 403, reason: `Origin ${JSON.stringify(origin)} is not allowed` };
  }

  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((entry) => entry.trim());
  const presented = offered.find((entry) => entry.startsWith(TOKEN_PROTOCOL_PREFIX));
  if (presented === undefined) return { kind: 'refuse', status: 401, reason: 'no token' };
  if (!tokensMatch(presented.slice(TOKEN_PROTOCOL_PREFIX.length), rules.token)) return { kind: 'refuse', status: 401, reason: 'wrong token' };
  if (!offered.includes(RELAY_SUBPROTOCOL)) {
    return { kind: 'refuse', status: 400, reason: `the client does not speak ${RELAY_SUBPROTOCOL}` };
  }
  return { kind: 'accept' };
}

/** Constant-time comparison; hashing first makes the lengths equal, so length leaks nothing either. */
export function tokensMatch(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The Host rule against DNS rebinding (perf-reliability §4.3.2), for every request:
 * loopback names, the listening address and configured names, on the port the request
 * arrived on; or a configured `name:port` exactly.
 */
export function isAllowedHost(request: IncomingMessage, rules: Pick<UpgradeRules, 'allowedHosts' | 'listenHost'>): boolean {
  const header = request.headers.host;
  const localPort = request.socket.localPort;
  if (header === undefined || header === '') return false;
  const host = header.toLowerCase();
  if (rules.allowedHosts.some((entry) => entry.toLowerCase() === host)) return true;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host);
  if (match === null) return false;
  const [, name = '', portText] = match;
  const port = portText === undefined ? 80 : Number(portText);
  if (port !== localPort) return false;
  const names = [...LOOPBACK_NAMES, ...rules.allowedHosts.map((entry) => entry.toLowerCase())];
  if (rules.listenHost !== undefined)
    names.push(rules.listenHost.includes(':') ? `[${rules.listenHost.toLowerCase()}]` : rules.listenHost.toLowerCase());
  return names.includes(name);
}

/** The Origin rule (perf-reliability §4.3.3): exactly one of `allowed`, or by default a page served from this machine. */
export function isAllowedOrigin(origin: string, allowed: readonly string[] | undefined): boolean {
  if (allowed !== undefined) return allowed.includes(origin);
  // Default: a page served from this machine, any port. Still exact in shape: the
  // header must be the URL's own origin serialisation (no path, no credentials).
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_ORIGIN_HOSTS.has(url.hostname) && url.origin === origin;
}
