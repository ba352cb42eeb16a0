import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { exclusionEntries, isUsableProxyHost } from '../../core/proxy-rules.js';
import type { Resolver } from '../../net/outbound-policy.js';
import { selectProxy, type ProxyChoice, type ProxySetting } from '../../net/select-proxy.js';
import { CurlCode, type HttpTransportOptions } from '../core/http-wire.js';
import { basicAuthorization } from './curl-request-headers.js';
import { defaultPort } from './curl-url.js';
import type { HttpEngineContext } from './engine-context.js';

/** The proxy a hop goes through. */
export interface RouteProxy {
  /**
   * How curl uses an HTTP proxy: an https:// target through a CONNECT tunnel, an http://
   * one as an absolute-form request to the proxy itself (HTTP §3 usingProxy: "CONNECT
   * tunnel when the URL contains https://").
   */
  readonly mode: 'tunnel' | 'forward';
  readonly host: string;
  readonly port: number;
  /** An https:// proxy (from the environment): TLS to the proxy itself. */
  readonly secure: boolean;
  /** The proxy's checked addresses (a proxy the app named); undefined for the runner's own ('system'), which is trusted. */
  readonly lookup: LookupFunction | undefined;
  /** Proxy-Authorization (the option's username and password, or the environment URL's), Basic as curl's default. */
  readonly authorization: string | undefined;
  readonly source: 'option' | 'environment';
}

/** Where one hop's request goes, every name in it checked. */
export interface HopRoute {
  readonly url: URL;
  /** The target's host (no brackets, lower case) and port. */
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  /** Answers the target's name from its checked addresses only (a direct connection). */
  readonly lookup: LookupFunction;
  readonly proxy: RouteProxy | undefined;
  /** "direct (…)" or "through … proxy host:port", for a log. */
  readonly via: string;
  /** Hops with the same key may share a connection (within a transfer; the pool adds TLS and more, connection-pool.ts). */
  readonly key: string;
  /**
   * The addresses the outbound guard checked and pinned for this hop's connection (the
   * target's, and an app-named proxy's), so that a pooled connection is only taken by a
   * hop whose checked addresses are the ones it was made to.
   */
  readonly pinned: string;
  /** How long the look-ups took (curl's name-lookup phase), ms. */
  readonly dnsMs: number;
}

export type RouteDecision = { readonly ok: true; readonly route: HopRoute } | { readonly ok: false; readonly code: number; readonly why: string };

export interface RoutePlanner {
  readonly context: HttpEngineContext;
  readonly transport: HttpTransportOptions;
  /** The request's DNS (dnsServers), or undefined for the guard's own. */
  readonly resolver: Resolver | undefined;
}

/**
 * Checks one hop (the first request or a redirect's) before anything is sent: the
 * outbound policy on the target's name and on a proxy the app named, the proxy chosen
 * for this host (HTTP §3 usingProxy; 'system' is the runner's environment), then every
 * address each name resolves to, once, pinned so that the connection asks no DNS again
 * (perf-reliability §4.3.6). addressFamily keeps the addresses of one family (curl's
 * IPRESOLVE: none left is curl 6).
 */
export async function planRoute(url: URL, planner: RoutePlanner): Promise<RouteDecision> {
  const { context, transport } = planner;
  const { guard } = context;
  const host = unbracket(url.hostname).toLowerCase();
  const port = defaultPort(url);
  const secure = url.protocol === 'https:';
  const refused = (why: string): RouteDecision => ({ ok: false, code: CurlCode.DOMAIN_NOT_ALLOWED, why });

  if (transport.socks5Proxy !== undefined)
    return { ok: false, code: CurlCode.COULDNT_CONNECT, why: 'SOCKS5 proxies are not supported by this engine' };
  const nameRefusal = guard.checkName(url.hostname, port);
  if (nameRefusal !== undefined) return refused(nameRefusal);

  const option = proxySetting(transport.proxy);
  if (typeof option === 'object') {
    if (!isUsableProxyHost(option.host) || exclusionEntries(option.exclusionList) === undefined) {
      return { ok: false, code: CurlCode.COULDNT_RESOLVE_PROXY, why: 'the proxy option names no usable host' };
    }
  }
  const choice = selectProxy(option, url, context.env);
  const proxyPort = choice.kind === 'proxy' ? Number(choice.url.port || (choice.url.protocol === 'https:' ? 443 : 80)) : 0;
  if (choice.kind === 'proxy' && choice.source === 'option') {
    const proxyRefusal = guard.checkName(choice.url.hostname, proxyPort);
    if (proxyRefusal !== undefined) return refused(`proxy ${proxyRefusal}`);
  }

  const started = performance.now();
  const family = transport.addressFamily === 'ONLY_V4' ? 4 : transport.addressFamily === 'ONLY_V6' ? 6 : undefined;
  const pins = new Map<string, readonly LookupAddress[]>();
  const resolved = await guard.resolve(host, port, planner.resolver);
  if (resolved.kind === 'refused') return refused(resolved.reason);
  if (resolved.kind === 'allowed') {
    const usable = resolved.addresses.filter((entry) => family === undefined || entry.family === family);
    if (usable.length > 0) pins.set(host, usable);
    else if (choice.kind === 'direct') return { ok: false, code: CurlCode.COULDNT_RESOLVE_HOST, why: `${host} has no IPv${family} address` };
  } else if (choice.kind === 'direct') {
    return { ok: false, code: CurlCode.COULDNT_RESOLVE_HOST, why: resolved.reason };
  } else if (context.allowLoopbackOnly) {
    // Only the proxy could resolve it, out of the runner's sight: loopback-only cannot be shown.
    return refused(`${resolved.reason}; allowLoopbackOnly needs the relay to resolve it`);
  }

  let proxy: RouteProxy | undefined;
  let proxyPinned = '';
  if (choice.kind === 'proxy') {
    const proxyHost = unbracket(choice.url.hostname).toLowerCase();
    let lookup: LookupFunction | undefined;
    if (choice.source === 'option') {
      const proxyResolved = await guard.resolve(proxyHost, proxyPort, planner.resolver);
      if (proxyResolved.kind === 'refused') return refused(`proxy ${proxyResolved.reason}`);
      const usable =
        proxyResolved.kind === 'allowed' ? proxyResolved.addresses.filter((entry) => family === undefined || entry.family === family) : [];
      if (usable.length === 0) {
        return {
          ok: false,
          code: CurlCode.COULDNT_RESOLVE_PROXY,
          why: proxyResolved.kind === 'unresolved' ? `proxy ${proxyResolved.reason}` : `proxy ${proxyHost} has no usable address`,
        };
      }
      lookup = guard.lookupFor(new Map([[proxyHost, usable]]));
      proxyPinned = addressList(usable);
    }
    proxy = {
      mode: secure ? 'tunnel' : 'forward',
      host: proxyHost,
      port: proxyPort,
      secure: choice.url.protocol === 'https:',
      lookup,
      authorization: proxyAuthorization(transport.proxy, choice),
      source: choice.source,
    };
  }
  const dnsMs = performance.now() - started;
  const via = choice.kind === 'proxy' ? `through ${choice.source} proxy ${choice.url.host}` : `direct (${choice.why})`;
  const key =
    proxy?.mode === 'forward'
      ? `forward ${proxy.host}:${proxy.port}`
      : `${url.protocol}//${host}:${port} ${proxy === undefined ? 'direct' : `via ${proxy.host}:${proxy.port}`}`;
  const pinned = `${addressList(pins.get(host) ?? [])} | ${proxy === undefined ? '' : `${proxyPinned || proxy.host} ${proxy.authorization ?? ''}`}`;
  return { ok: true, route: { url, host, port, secure, lookup: guard.lookupFor(pins), proxy, via, key, pinned, dnsMs } };
}

function addressList(addresses: readonly LookupAddress[]): string {
  return addresses.map((entry) => entry.address).join(',');
}

function proxySetting(proxy: HttpTransportOptions['proxy']): ProxySetting {
  if (proxy === 'none') return 'no-proxy';
  if (proxy === 'system') return 'system';
  return { host: proxy.host, port: proxy.port, exclusionList: proxy.exclusionList };
}

function proxyAuthorization(option: HttpTransportOptions['proxy'], choice: Extract<ProxyChoice, { kind: 'proxy' }>): string | undefined {
  if (typeof option === 'object' && choice.source === 'option') {
    return option.username === undefined || option.username === '' ? undefined : basicAuthorization(option.username, option.password ?? '');
  }
  if (choice.url.username === '') return undefined;
  return basicAuthorization(decodeURIComponent(choice.url.username), decodeURIComponent(choice.url.password));
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
