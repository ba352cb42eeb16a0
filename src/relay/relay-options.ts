import { randomBytes } from 'node:crypto';
import type { OutboundPolicy } from '../net/outbound-policy.js';
import { consoleLogger, singleLineLogger, type RelayLogger } from './relay-logger.js';

/** The options of every relay, whatever namespaces it carries (RelayOptions adds theirs). Every one is optional. */
export interface RelayBaseOptions {
  /**
   * Address to listen on (startRelay only). Anything but a loopback address exposes
   * the relay to the network; it is honoured only when given explicitly, with a
   * warning, and the token is still required.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Port to listen on (startRelay only); 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * URL path of the relay's WebSocket endpoint. Upgrades on other paths are not the
   * relay's (answered 404 by startRelay's own server, left alone when attached).
   * @default '/ohos-netkit-relay'
   */
  path?: string;
  /**
   * The per-run secret every client must present (as the subprotocol
   * `ohos-netkit.token.<token>`). At least 32 characters, RFC 9110 token characters
   * only. Never logged.
   * @default 32 random bytes from crypto.randomBytes, hex (256 bits)
   */
  token?: string;
  /**
   * Origins allowed to open a leg, compared exactly as `scheme://host[:port]` (the
   * browser's serialisation: no default port, no trailing slash). A request without
   * an Origin header (not a browser) is allowed, and still needs the token.
   * `'null'` allows opaque origins (file:// pages, sandboxed frames).
   * @default http and https on localhost, 127.0.0.1 and [::1], any port
   */
  allowedOrigins?: readonly string[];
  /**
   * Extra Host header values accepted, against DNS rebinding. `name` accepts that name
   * on the port the request came in on; `name:port` accepts exactly that. localhost,
   * 127.0.0.1, [::1] and the listening address are always accepted on that port.
   * @default []
   */
  allowedHosts?: readonly string[];
  /**
   * Stands in for the app's files directory: caPath, clientCert, serverCert and an upload's
   * filePath are resolved inside it (relative paths from it, absolute ones only under it), as realpath would,
   * and must stay inside. One that leaves it (`..`, a symlink out) is missing, with the
   * same answer whether anything exists out there or not: nothing outside the
   * directory is ever looked up. Without it the relay reads no file at all: each namespace answers a
   * file it cannot read as its device does (webSocket: 2302002 "Websocket certificate file
   * does not exist"; http: a CA is skipped, a client certificate is curl 58, an upload 26).
   * @default undefined (no file access)
   */
  sandboxDir?: string;
  /** Where upstream connections may go (SSRF guard). */
  outbound?: OutboundPolicy;
  /**
   * false: TLS as the device does it (self-signed certificates accepted, host name not
   * checked, expired or untrusted ones refused unless the page sets
   * skipServerCertVerification). true: full verification with host name, whatever the
   * page asks.
   * @default false
   */
  strictTls?: boolean;
  /**
   * Largest message accepted from upstream (ws maxPayload); bigger ones close the
   * upstream connection with 1009. The device itself has no limit.
   * @default 104857600 (100 MiB)
   */
  maxReceiveBytes?: number;
  /**
   * The time a connection may take to open, start to end: from the page's upgrade to
   * the relay's `opened` or `failed` (the connect request, reading certificate files,
   * DNS, the TCP connection to the server or a proxy, the proxy's answer to CONNECT,
   * TLS, the upgrade and every redirect). Past it the page gets `failed "0"` (1008
   * before a connect request). Also the time a connection to the relay's own server
   * may take to send its upgrade request. The device's lws connect timeout is 20 s.
   * @default 20000
   */
  handshakeTimeoutMs?: number;
  /**
   * Legs open at once; more are refused with 503 (and Retry-After) before the upgrade.
   * @default 256
   */
  maxConnections?: number;
  /**
   * Connections to the relay's own server (startRelay) that may wait for their upgrade
   * at once: a burst of pages up to this size is taken in whole. More are answered 503
   * (with Retry-After) before their request is read, then closed. Each waiting one is
   * closed when its upgrade request is not complete within handshakeTimeoutMs.
   * @default maxConnections, and at least 64
   */
  maxPendingUpgrades?: number;
  /** Where the relay reports what it does and what it refuses, one line per message. @default console, prefixed `[ohos-netkit relay]` */
  logger?: RelayLogger;
}

/** RelayBaseOptions with every default applied and checked. */
export interface ResolvedRelayOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly token: string;
  readonly allowedOrigins: readonly string[] | undefined;
  readonly allowedHosts: readonly string[];
  readonly sandboxDir: string | undefined;
  readonly outbound: OutboundPolicy;
  readonly strictTls: boolean;
  readonly maxReceiveBytes: number;
  readonly handshakeTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxPendingUpgrades: number;
  readonly logger: RelayLogger;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PATH = '/ohos-netkit-relay';
export const DEFAULT_MAX_RECEIVE_BYTES = 100 * 1024 * 1024;
/**
 * The defaults a relay takes from the namespaces it carries, chosen where it is composed
 * (src/entries/relay): the relay knows no device, so it knows no device's times.
 */
export interface RelayDefaults {
  /** handshakeTimeoutMs when the options give none (webSocket's: the device's own time for an opening handshake). */
  readonly handshakeTimeoutMs: number;
}
export const DEFAULT_MAX_CONNECTIONS = 256;
/**
 * The least maxPendingUpgrades defaults to: a browser keeps spare connections open to
 * a server it talks to, and they wait here like any other, so even a relay with a
 * small maxConnections leaves room for them.
 */
export const MIN_DEFAULT_PENDING_UPGRADES = 64;
/** 32 characters: 128 bits as hex, the least that is still a secret against guessing. */
export const MIN_TOKEN_LENGTH = 32;
/** RFC 9110 token characters: what a subprotocol value (Sec-WebSocket-Protocol) may hold, in browsers and in ws. */
const TOKEN_CHARS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A fresh per-run token: 256 bits from the CSPRNG, hex. */
export function createRelayToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Why `token` cannot be the relay's token, or undefined when it can. The answer never
 * quotes the token: it ends up in logs and terminals.
 */
export function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `token must be at least ${MIN_TOKEN_LENGTH} characters (this one has ${token.length})`;
  if (!TOKEN_CHARS.test(token)) {
    return "token may hold only letters, digits and !#$%&'*+-.^_`|~ (it travels as a WebSocket subprotocol value)";
  }
  return undefined;
}

/** Applies the defaults (the relay's own, and `defaults`); throws a TypeError/RangeError with code RELAY_ERR_BAD_OPTIONS on a bad option. */
export function resolveRelayOptions(options: RelayBaseOptions = {}, defaults: RelayDefaults): ResolvedRelayOptions {
  const token = options.token ?? createRelayToken();
  const problem = tokenProblem(token);
  if (problem !== undefined) throw badOption(RangeError, problem);
  const path = options.path ?? DEFAULT_PATH;
  if (!path.startsWith('/') || path.includes('?') || path.includes('#'))
    throw badOption(TypeError, `path must start with "/" and hold no query: ${path}`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badOption(RangeError, `port must be an integer 0…65535: ${port}`);
  const maxConnections = positive('maxConnections', options.maxConnections, DEFAULT_MAX_CONNECTIONS);
  return {
    host: options.host ?? DEFAULT_HOST,
    port,
    path,
    token,
    allowedOrigins: options.allowedOrigins,
    allowedHosts: options.allowedHosts ?? [],
    sandboxDir: options.sandboxDir,
    outbound: options.outbound ?? {},
    strictTls: options.strictTls ?? false,
    maxReceiveBytes: positive('maxReceiveBytes', options.maxReceiveBytes, DEFAULT_MAX_RECEIVE_BYTES),
    handshakeTimeoutMs: positive('handshakeTimeoutMs', options.handshakeTimeoutMs, defaults.handshakeTimeoutMs),
    maxConnections,
    // As many may wait for their upgrade as may be open: a burst the relay can open in
    // whole is never turned away at the door, and waiting sockets cost no more than the
    // legs they become (a socket and a timer each; the timer frees a slowloris).
    maxPendingUpgrades: positive('maxPendingUpgrades', options.maxPendingUpgrades, Math.max(maxConnections, MIN_DEFAULT_PENDING_UPGRADES)),
    logger: singleLineLogger(options.logger ?? consoleLogger),
  };
}

/** `value`, or `fallback` when it is undefined, as a positive integer; a bad option (badOption) otherwise. */
export function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen <= 0) throw badOption(RangeError, `${name} must be a positive integer: ${chosen}`);
  return chosen;
}

/** The error of a bad option, a namespace's too: the relay's prefix, code RELAY_ERR_BAD_OPTIONS. */
export function badOption(Kind: typeof TypeError | typeof RangeError, message: string): Error {
  return Object.assign(new Kind(`ohos-netkit relay: ${message}`), { code: 'RELAY_ERR_BAD_OPTIONS' });
}
