import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import {
  embeddedIpv4,
  isLinkLocalOrMetadataAddress,
  isLoopbackAddress,
  isUnspecifiedAddress,
  parseIpAddress,
  sameIpAddress,
  type IpAddress,
} from './ip-address.js';

/**
 * Where the relay may open connections for a page (SSRF guard, perf-reliability §4.3.6).
 * Applies to every upstream target, to every redirect the relay follows, and to a
 * proxy the page names (a proxy from the relay's own environment is trusted).
 */
export interface OutboundPolicy {
  /**
   * When given, only these targets are allowed. Each entry is `host` or `host:port`;
   * `*.example.com` matches every subdomain of example.com (not example.com itself),
   * `*` matches every host, IPv6 literals are written in brackets (`[::1]:8080`).
   * Host names compare case-insensitively, on the name in the URL (before DNS).
   * @default undefined (every host, subject to the other rules)
   */
  allowHosts?: readonly string[];
  /**
   * Only loopback addresses (127.0.0.0/8, ::1), after DNS resolution.
   * @default false
   */
  allowLoopbackOnly?: boolean;
  /**
   * Refuse link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10,
   * 100.100.100.200, fd00:ec2::254), "this network" (0.0.0.0/8, ::), broadcast and
   * multicast, after DNS resolution. Turn off only for a device on a link-local network.
   * @default true
   */
  denyLinkLocal?: boolean;
}

/** Resolves a host name to every address, like getaddrinfo (the device's resolver). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export type ResolveOutcome =
  | { readonly kind: 'allowed'; readonly addresses: readonly LookupAddress[] }
  | { readonly kind: 'refused'; readonly reason: string }
  /** DNS failed: not a policy matter, the connection fails as it would on the device. */
  | { readonly kind: 'unresolved'; readonly reason: string };

/** Thrown when a connection is about to go somewhere its plan did not check (a bug, never a page's doing): nothing connects. */
export class OutboundRefusal extends Error {
  readonly code = 'RELAY_ERR_OUTBOUND_REFUSED';
}

/** The ports the relay answers on right now (its own server's, every attached server's). */
export type OwnPorts = () => readonly number[];

interface HostPattern {
  readonly host: string;
  readonly port: number | undefined;
}

export class OutboundGuard {
  readonly #allowHosts: readonly HostPattern[] | undefined;
  readonly #loopbackOnly: boolean;
  readonly #denyLinkLocal: boolean;
  readonly #ownPorts: OwnPorts;
  readonly #resolver: Resolver;

  /**
   * @param ownPorts the ports the relay answers on: an address of this machine on one
   *   of them would make the relay connect to itself.
   */
  constructor(policy: OutboundPolicy, ownPorts: OwnPorts, resolver: Resolver = systemResolver) {
    this.#allowHosts = policy.allowHosts?.map(parseHostPattern);
    this.#loopbackOnly = policy.allowLoopbackOnly ?? false;
    this.#denyLinkLocal = policy.denyLinkLocal ?? true;
    this.#ownPorts = ownPorts;
    this.#resolver = resolver;
  }

  /** Why `hostname:port` is refused before any DNS, or undefined when it may go on. */
  checkName(hostname: string, port: number): string | undefined {
    const host = unbracket(hostname).toLowerCase();
    if (this.#allowHosts !== undefined && !this.#allowHosts.some((pattern) => matchesPattern(pattern, host, port))) {
      return `${formatHostPort(host, port)} is not in the allowed targets`;
    }
    return parseIpAddress(host) === undefined ? undefined : this.checkAddress(host, port);
  }

  /**
   * Why a resolved address is refused, or undefined. Every form of the address is
   * judged: the address itself and each IPv4 address embedded in it (NAT64, 6to4,
   * Teredo, IPv4-compatible…, see embeddedIpv4), so a forbidden address cannot be
   * spelled past the policy.
   */
  checkAddress(address: string, port: number): string | undefined {
    const ip = parseIpAddress(address);
    if (ip === undefined) return `${address} is not an IP address`;
    if (this.#loopbackOnly && !isLoopbackAddress(ip)) return `${address} is not a loopback address (allowLoopbackOnly)`;
    if (this.#denyLinkLocal && isLinkLocalOrMetadataAddress(ip)) {
      return `${address} is link-local, cloud-metadata, broadcast or multicast (denyLinkLocal)`;
    }
    if (this.#ownPorts().includes(port) && isThisMachine(ip)) return `${formatHostPort(address, port)} is the relay itself`;
    return undefined;
  }

  /**
   * Resolves `hostname` once and checks every address it yields: one bad address
   * refuses the whole name, so a name cannot smuggle a metadata address in among
   * good ones. The caller pins the result (see lookupFor) so that no second
   * resolution can rebind the name. `resolver`: another DNS than the guard's (an http
   * request's dnsServers), whose answers meet the same checks.
   */
  async resolve(hostname: string, port: number, resolver: Resolver = this.#resolver): Promise<ResolveOutcome> {
    const host = unbracket(hostname);
    let addresses: LookupAddress[];
    if (parseIpAddress(host) !== undefined) {
      addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
    } else {
      try {
        addresses = await resolver(host);
      } catch (error) {
        return { kind: 'unresolved', reason: `cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
      }
    }
    if (addresses.length === 0) return { kind: 'unresolved', reason: `cannot resolve ${host}: no address` };
    for (const { address } of addresses) {
      const refusal = this.checkAddress(address, port);
      if (refusal !== undefined) return { kind: 'refused', reason: `${host} resolves to ${refusal}` };
    }
    return { kind: 'allowed', addresses };
  }

  /**
   * A `lookup` for net/tls/http that answers the names of `pins` from their checked
   * addresses, without asking DNS again, and refuses every other name: a connection
   * only ever goes to an address its plan checked.
   */
  lookupFor(pins: ReadonlyMap<string, readonly LookupAddress[]>): LookupFunction {
    const lookup = (hostname: string, options: { family?: number | string; all?: boolean }, callback: LookupCallback): void => {
      const pinned = pins.get(unbracket(hostname).toLowerCase());
      if (pinned === undefined) {
        callback(new OutboundRefusal(`${hostname} was not checked by the outbound policy`), '', 0);
        return;
      }
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
      const usable = family === 4 || family === 6 ? pinned.filter((entry) => entry.family === family) : [...pinned];
      const first = usable[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`no usable address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      } else if (options.all === true) {
        callback(null, usable, 0);
      } else {
        callback(null, first.address, first.family);
      }
    };
    return lookup as unknown as LookupFunction;
  }
}

/**
 * Whether a connection to `ip` stays on this machine: loopback, "this network" (which
 * Linux routes to the host itself), or an address of one of its interfaces (read at
 * each check: interfaces come and go). For a relay that listens on every interface,
 * each of them reaches it.
 */
function isThisMachine(ip: IpAddress): boolean {
  if (isLoopbackAddress(ip) || isUnspecifiedAddress(ip)) return true;
  if (embeddedIpv4(ip).some((form) => isLoopbackAddress(form) || isUnspecifiedAddress(form))) return true;
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      const own = parseIpAddress(entry.address);
      if (own !== undefined && sameIpAddress(own, ip)) return true;
    }
  }
  return false;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family: number) => void;

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 literal. */
export function parseHostPattern(pattern: string): HostPattern {
  const text = pattern.trim().toLowerCase();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    const host = text.slice(1, end === -1 ? undefined : end);
    const rest = end === -1 ? '' : text.slice(end + 1);
    return { host, port: rest.startsWith(':') ? Number(rest.slice(1)) : undefined };
  }
  const colon = text.lastIndexOf(':');
  if (colon === -1 || text.indexOf(':') !== colon) return { host: text, port: undefined };
  return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
}

function matchesPattern(pattern: HostPattern, host: string, port: number): boolean {
  if (pattern.port !== undefined && pattern.port !== port) return false;
  if (pattern.host === '*') return true;
  if (pattern.host.startsWith('*.')) return host.endsWith(pattern.host.slice(1)) && host.length > pattern.host.length - 1;
  return host === pattern.host;
}
