import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { ErrorCode } from '../core/error-codes.js';
import { exclusionEntries, isUsableProxyHost } from '../../core/proxy-rules.js';
import type { ConnectRequest } from '../core/relay-messages.js';
import type { ConnectOptions } from '../core/request-options.js';
import type { DeviceTlsSettings } from './device-tls.js';
import { normalizeHeartbeat, type HeartbeatSettings } from './heartbeat.js';
import type { TunnelRoute } from '../../net/open-tunnel.js';
import type { OutboundGuard } from '../../net/outbound-policy.js';
import { readTlsFiles, type TlsFileSource } from '../../net/sandbox-files.js';
import { selectProxy, type ProxyChoice } from '../../net/select-proxy.js';
import { buildUpstreamHeaders } from './upstream-headers.js';

/** What decides how upstream connections are made: the relay's options, or Node mode's fixed ones. */
export interface UpstreamSettings {
  /** Where caPath and clientCert are read (see TlsFileSource). */
  readonly files: TlsFileSource;
  /** The outbound policy's allowLoopbackOnly (also enforced by the guard; planning needs it for proxied names). */
  readonly allowLoopbackOnly: boolean;
  /** Full TLS verification instead of the device's rules (see DeviceTlsSettings.strict). */
  readonly strictTls: boolean;
  /** Largest message taken from upstream; 0 = no limit, as on the device (WS §4). */
  readonly maxReceiveBytes: number;
  /** The whole way from start() to open or failure: planning, every hop, every phase of each. */
  readonly handshakeTimeoutMs: number;
}

export interface PlanContext {
  readonly settings: UpstreamSettings;
  readonly guard: OutboundGuard;
  readonly env: NodeJS.ProcessEnv;
  /** False once the page has gone (or the handshake timed out): planning stops at the next step. */
  readonly stillWanted: () => boolean;
  /** For remarks that do not stop the connection. */
  readonly warn: (message: string) => void;
}

/** What holds for every hop of one connection (the first request and each redirect). */
export interface UpstreamPlan {
  /** From buildUpstreamHeaders: lower-case names, Sec-WebSocket-Protocol included. */
  readonly headers: Record<string, string>;
  readonly protocols: string | undefined;
  readonly tls: DeviceTlsSettings;
  readonly maxPayload: number;
  readonly heartbeat: HeartbeatSettings;
  /** The page's proxy option, chosen again for each hop's host. */
  readonly proxy: ConnectOptions['proxy'];
}

/** One request of the opening handshake, to one checked place. */
export interface UpstreamHop {
  readonly url: URL;
  /** scheme://host:port/path, without query or credentials: for logs. */
  readonly target: string;
  /** "direct (…)" or "through … proxy host:port". */
  readonly route: string;
  /** The target's host (no brackets) and port, which the connection must go to and nowhere else. */
  readonly host: string;
  readonly port: number;
  /** Answers the target's name from its checked addresses (direct connections). */
  readonly lookup: LookupFunction;
  readonly tunnel: TunnelRoute | undefined;
}

export type UpstreamDecision =
  /** Refused before any upstream traffic: RejectedReply with `code`. */
  | { readonly kind: 'rejected'; readonly target: string | undefined; readonly code: number; readonly why: string }
  /** Accepted, but it cannot get anywhere (DNS): `accepted`, then failed "0", as on the device. */
  | { readonly kind: 'unreachable'; readonly target: string; readonly route: string; readonly why: string }
  | { readonly kind: 'ready'; readonly target: string; readonly plan: UpstreamPlan; readonly hop: UpstreamHop };

/** Where a redirect may go next: refused (by the outbound policy, or for its URL), unreachable (DNS), or the next hop. */
export type RedirectDecision =
  | { readonly kind: 'refused'; readonly why: string; readonly byPolicy: boolean }
  | { readonly kind: 'unreachable'; readonly why: string }
  | { readonly kind: 'ready'; readonly hop: UpstreamHop };

/**
 * Everything checked and decided before `accepted`, in the device's order where it has
 * one (WS §4): parameters (401), where the connection may go (2302998), certificate
 * files (2302002), then the resolved addresses (2302998, resolved once and pinned,
 * perf-reliability §4.3.6). Returns undefined when the page left meanwhile.
 */
export async function planUpstream(request: Pick<ConnectRequest, 'url' | 'options'>, context: PlanContext): Promise<UpstreamDecision | undefined> {
  const { options } = request;
  const { settings } = context;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { kind: 'rejected', target: undefined, code: ErrorCode.URL_ERROR, why: 'the URL does not parse' };
  }
  // ws refuses a fragment; lws' parser would keep it in the path. Neither sends it as a fragment.
  url.hash = '';
  const target = targetOf(url);
  const rejected = (code: number, why: string): UpstreamDecision => ({ kind: 'rejected', target, code, why });

  const built = buildUpstreamHeaders(url, options);
  if (!built.ok) return rejected(ErrorCode.PARAMETER_ERROR, built.reason);
  const proxyProblem = checkProxyOption(options.proxy);
  if (proxyProblem !== undefined) return rejected(ErrorCode.PARAMETER_ERROR, proxyProblem);
  if (built.dropped.length > 0) context.warn(`reserved handshake headers not sent: ${built.dropped.join(', ')}`);

  const named = checkHopNames(url, options.proxy, context);
  if (named.kind === 'refused') return rejected(ErrorCode.DOMAIN_NOT_ALLOWED, named.why);

  const files = await readTlsFiles(settings.files, options);
  if (!context.stillWanted()) return undefined;
  if (!files.ok) return rejected(ErrorCode.CERT_FILE_MISSING, files.reason);

  const hop = await resolveHop(named, context);
  if (hop === undefined) return undefined;
  if (hop.kind === 'refused') return rejected(ErrorCode.DOMAIN_NOT_ALLOWED, hop.why);
  if (hop.kind === 'unreachable') return { kind: 'unreachable', target, route: routeOf(named.proxy), why: hop.why };
  return {
    kind: 'ready',
    target,
    hop: hop.hop,
    plan: {
      headers: built.headers,
      protocols: built.protocols,
      tls: {
        strict: settings.strictTls,
        skipServerCertVerification: options.skipServerCertVerification === true,
        minSupportTlsProtocol: options.minSupportTlsProtocol,
        files: files.files,
      },
      maxPayload: settings.maxReceiveBytes,
      heartbeat: normalizeHeartbeat(options.pingInterval, options.pongTimeout),
      proxy: options.proxy,
    },
  };
}

/**
 * The next hop after a redirect of the upgrade request (WS §3.4: the device follows
 * them), checked exactly as the first one was, before anything is sent to it: only
 * ws:/wss: (a ws+unix: or http: location is refused), the outbound policy on the
 * name, the proxy chosen for the new host, every resolved address. Returns undefined
 * when the page left meanwhile.
 */
export async function planRedirect(location: string, from: URL, plan: UpstreamPlan, context: PlanContext): Promise<RedirectDecision | undefined> {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    return { kind: 'refused', why: 'redirect to an invalid URL', byPolicy: false };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { kind: 'refused', why: `redirect to a ${url.protocol} URL`, byPolicy: false };
  url.hash = '';
  const named = checkHopNames(url, plan.proxy, context);
  if (named.kind === 'refused') return named;
  return resolveHop(named, context);
}

/** The checks on a proxy option that planning needs before it can use it: 401 when it breaks them. */
function checkProxyOption(proxy: ConnectOptions['proxy']): string | undefined {
  if (typeof proxy !== 'object') return undefined;
  if (!isUsableProxyHost(proxy.host)) return `proxy host ${JSON.stringify(proxy.host)} is not a host name or address`;
  if (exclusionEntries(proxy.exclusionList) === undefined) return 'proxy exclusionList is too long';
  return undefined;
}

interface NamedHop {
  readonly kind: 'named';
  readonly url: URL;
  readonly host: string;
  readonly port: number;
  readonly proxy: ProxyChoice;
  readonly proxyPort: number;
}

/** The checks made on names, before any DNS: the scheme, the target, a page-chosen proxy. */
function checkHopNames(
  url: URL,
  proxyOption: ConnectOptions['proxy'],
  context: PlanContext,
): NamedHop | { readonly kind: 'refused'; readonly why: string; readonly byPolicy: true } {
  const { guard } = context;
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { kind: 'refused', why: `scheme ${url.protocol} is not ws: or wss:`, byPolicy: true };
  const port = portOf(url);
  const nameRefusal = guard.checkName(url.hostname, port);
  if (nameRefusal !== undefined) return { kind: 'refused', why: nameRefusal, byPolicy: true };
  const proxy = selectProxy(proxyOption, url, context.env);
  const proxyPort = proxy.kind === 'proxy' ? Number(proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80)) : 0;
  if (proxy.kind === 'proxy' && proxy.source === 'option') {
    const proxyRefusal = guard.checkName(proxy.url.hostname, proxyPort);
    if (proxyRefusal !== undefined) return { kind: 'refused', why: `proxy ${proxyRefusal}`, byPolicy: true };
  }
  return { kind: 'named', url, host: unbracket(url.hostname).toLowerCase(), port, proxy, proxyPort };
}

/**
 * Resolves the hop's target (and a page-chosen proxy) once, checks every address, and
 * pins them: the connection then asks no DNS again, so a name cannot be rebound
 * between the check and the connect.
 */
async function resolveHop(named: NamedHop, context: PlanContext): Promise<RedirectDecision | undefined> {
  const { guard, settings } = context;
  const { url, host, port, proxy, proxyPort } = named;
  const pins = new Map<string, readonly LookupAddress[]>();
  let unreachable: string | undefined;
  const resolved = await guard.resolve(host, port);
  if (!context.stillWanted()) return undefined;
  if (resolved.kind === 'refused') return { kind: 'refused', why: resolved.reason, byPolicy: true };
  if (resolved.kind === 'allowed') {
    pins.set(host, resolved.addresses);
  } else if (proxy.kind === 'direct') {
    unreachable = resolved.reason;
  } else if (settings.allowLoopbackOnly) {
    // The proxy would resolve it, out of the relay's sight: loopback-only cannot be checked.
    return { kind: 'refused', why: `${resolved.reason}; allowLoopbackOnly needs the relay to resolve it`, byPolicy: true };
  }
  // Otherwise the proxy resolves the target (a name only it can resolve is fine): the
  // relay's checks then stop at the name, and the proxy's own DNS decides the address.

  let tunnel: TunnelRoute | undefined;
  if (proxy.kind === 'proxy') {
    const proxyHost = unbracket(proxy.url.hostname).toLowerCase();
    let proxyLookup: LookupFunction | undefined;
    if (proxy.source === 'option') {
      // The page chose this proxy: it gets the same policy and pinning as a target.
      const proxyResolved = await guard.resolve(proxyHost, proxyPort);
      if (!context.stillWanted()) return undefined;
      if (proxyResolved.kind === 'refused') return { kind: 'refused', why: `proxy ${proxyResolved.reason}`, byPolicy: true };
      if (proxyResolved.kind === 'unresolved') unreachable ??= `proxy ${proxyResolved.reason}`;
      else proxyLookup = guard.lookupFor(new Map([[proxyHost, proxyResolved.addresses]]));
    }
    tunnel = { proxyHost, proxyPort, proxySecure: proxy.url.protocol === 'https:', proxyLookup };
  }
  if (unreachable !== undefined) return { kind: 'unreachable', why: unreachable };
  return {
    kind: 'ready',
    hop: { url, target: targetOf(url), route: routeOf(proxy), host, port, lookup: guard.lookupFor(pins), tunnel },
  };
}

function routeOf(proxy: ProxyChoice): string {
  return proxy.kind === 'proxy' ? `through ${proxy.source} proxy ${proxy.url.host}` : `direct (${proxy.why})`;
}

/** For logs: no query, no credentials. */
function targetOf(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
