import type { LookupAddress } from 'node:dns';
import type { Agent } from 'node:http';
import { HttpsProxyAgent, type HttpsProxyAgentOptions } from 'https-proxy-agent';
import { ErrorCode } from '../base/error-codes.js';
import type { ConnectRequest } from '../protocol/relay-protocol.js';
import { normalizeHeartbeat, type HeartbeatSettings } from './heartbeat.js';
import type { UpstreamPlan } from './open-upstream.js';
import type { OutboundGuard } from './outbound-policy.js';
import { readTlsFiles, type TlsFileSource } from './sandbox-files.js';
import { selectProxy } from './select-proxy.js';
import { buildUpstreamHeaders } from './upstream-headers.js';

/** What decides how upstream connections are made: the relay's options, or Node mode's fixed ones. */
export interface UpstreamSettings {
  /** Where caPath and clientCert are read (see TlsFileSource). */
  readonly files: TlsFileSource;
  /** The outbound policy's allowLoopbackOnly (also enforced by the guard; planning needs it for proxied names). */
  readonly allowLoopbackOnly: boolean;
  /** Full TLS verification instead of the device's rules (see DeviceTlsSettings.strict). */
  readonly strictTls: boolean;
  /** Largest message taken from upstream; 0 = no limit, as on the device (OH §4). */
  readonly maxReceiveBytes: number;
  readonly handshakeTimeoutMs: number;
}

export interface PlanContext {
  readonly settings: UpstreamSettings;
  readonly guard: OutboundGuard;
  readonly env: NodeJS.ProcessEnv;
  /** False once the page has gone: planning stops at the next step. */
  readonly stillWanted: () => boolean;
  /** For remarks that do not stop the connection. */
  readonly warn: (message: string) => void;
}

export type UpstreamDecision =
  /** Refused before any upstream traffic: RejectedReply with `code`. */
  | { readonly kind: 'rejected'; readonly target: string | undefined; readonly code: number; readonly why: string }
  /** Accepted, but it cannot get anywhere (DNS): `accepted`, then failed "0", as on the device. */
  | { readonly kind: 'unreachable'; readonly target: string; readonly route: string; readonly why: string }
  | { readonly kind: 'ready'; readonly target: string; readonly route: string; readonly plan: UpstreamPlan; readonly heartbeat: HeartbeatSettings };

/**
 * Everything the relay checks and decides before `accepted`, in the device's order where
 * it has one (OH §4): parameters (401), where the connection may go (2302998),
 * certificate files (2302002), then the resolved addresses (2302998, resolved once and
 * pinned, perf-reliability §4.3.6). Returns undefined when the page left meanwhile.
 */
export async function planUpstream(request: Pick<ConnectRequest, 'url' | 'options'>, context: PlanContext): Promise<UpstreamDecision | undefined> {
  const { options } = request;
  const { settings, guard } = context;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { kind: 'rejected', target: undefined, code: ErrorCode.URL_ERROR, why: 'the URL does not parse' };
  }
  // ws refuses a fragment; lws' parser would keep it in the path. Neither sends it as a fragment.
  url.hash = '';
  // For logs: no query, no credentials.
  const target = `${url.protocol}//${url.host}${url.pathname}`;
  const rejected = (code: number, why: string): UpstreamDecision => ({ kind: 'rejected', target, code, why });

  const built = buildUpstreamHeaders(url, options);
  if (!built.ok) return rejected(ErrorCode.PARAMETER_ERROR, built.reason);
  if (built.dropped.length > 0) context.warn(`reserved handshake headers not sent: ${built.dropped.join(', ')}`);

  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return rejected(ErrorCode.DOMAIN_NOT_ALLOWED, `scheme ${url.protocol} is not ws: or wss:`);
  const port = Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
  const nameRefusal = guard.checkName(url.hostname, port);
  if (nameRefusal !== undefined) return rejected(ErrorCode.DOMAIN_NOT_ALLOWED, nameRefusal);
  const proxy = selectProxy(options.proxy, url, context.env);
  const proxyPort = proxy.kind === 'proxy' ? Number(proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80)) : 0;
  if (proxy.kind === 'proxy' && proxy.source === 'option') {
    const proxyRefusal = guard.checkName(proxy.url.hostname, proxyPort);
    if (proxyRefusal !== undefined) return rejected(ErrorCode.DOMAIN_NOT_ALLOWED, `proxy ${proxyRefusal}`);
  }

  const files = await readTlsFiles(settings.files, options);
  if (!context.stillWanted()) return undefined;
  if (!files.ok) return rejected(ErrorCode.CERT_FILE_MISSING, files.reason);

  const pins = new Map<string, readonly LookupAddress[]>();
  let unreachable: string | undefined;
  const resolved = await guard.resolve(url.hostname, port);
  if (!context.stillWanted()) return undefined;
  if (resolved.kind === 'refused') return rejected(ErrorCode.DOMAIN_NOT_ALLOWED, resolved.reason);
  if (resolved.kind === 'allowed') {
    pins.set(unbracket(url.hostname).toLowerCase(), resolved.addresses);
  } else if (proxy.kind === 'direct') {
    unreachable = resolved.reason;
  } else if (settings.allowLoopbackOnly) {
    // The proxy would resolve it, out of the relay's sight: loopback-only cannot be checked.
    return rejected(ErrorCode.DOMAIN_NOT_ALLOWED, `${resolved.reason}; allowLoopbackOnly needs the relay to resolve it`);
  }
  // Otherwise the proxy resolves the target (a name only it can resolve is fine): the
  // relay's checks then stop at the name, and the proxy's own DNS decides the address.

  let agent: Agent | undefined;
  if (proxy.kind === 'proxy') {
    const agentOptions: HttpsProxyAgentOptions<string> = { keepAlive: false };
    if (proxy.source === 'option') {
      // The page chose this proxy: it gets the same policy and pinning as a target.
      const proxyResolved = await guard.resolve(proxy.url.hostname, proxyPort);
      if (!context.stillWanted()) return undefined;
      if (proxyResolved.kind === 'refused') return rejected(ErrorCode.DOMAIN_NOT_ALLOWED, `proxy ${proxyResolved.reason}`);
      if (proxyResolved.kind === 'unresolved') unreachable ??= `proxy ${proxyResolved.reason}`;
      else agentOptions.lookup = guard.lookupFor(new Map([[unbracket(proxy.url.hostname).toLowerCase(), proxyResolved.addresses]]));
    }
    // Only now: an agent made for a connection that is refused above would be a leak.
    if (unreachable === undefined) agent = new HttpsProxyAgent(proxy.url, agentOptions);
  }

  const route = proxy.kind === 'proxy' ? `through ${proxy.source} proxy ${proxy.url.host}` : `direct (${proxy.why})`;
  if (unreachable !== undefined) return { kind: 'unreachable', target, route, why: unreachable };
  return {
    kind: 'ready',
    target,
    route,
    heartbeat: normalizeHeartbeat(options.pingInterval, options.pongTimeout),
    plan: {
      url,
      headers: built.headers,
      protocols: built.protocols,
      tls: {
        strict: settings.strictTls,
        skipServerCertVerification: options.skipServerCertVerification === true,
        minSupportTlsProtocol: options.minSupportTlsProtocol,
        files: files.files,
      },
      agent,
      lookup: guard.lookupFor(pins),
      guard,
      maxPayload: settings.maxReceiveBytes,
      handshakeTimeoutMs: settings.handshakeTimeoutMs,
    },
  };
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
