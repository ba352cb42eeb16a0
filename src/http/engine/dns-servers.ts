import type { LookupAddress } from 'node:dns';
import { Resolver as DnsResolver } from 'node:dns/promises';
import type { Resolver } from '../../net/outbound-policy.js';

export interface DnsServerResolver {
  readonly resolve: Resolver;
  /** Stops the queries under way (they fail with ECANCELLED). */
  cancel(): void;
}

/**
 * HTTP §3 dnsServers: the device hands its resolver (c-ares, USE_ARES) these servers
 * instead of the system's. A Resolver of node:dns asks them directly (A and AAAA
 * queries; `family` keeps to one of them, as addressFamily does). Each entry is an IP
 * literal, optionally with a port (`127.0.0.1:5353`, `[::1]:5353`: tests run their own
 * server on loopback). Returns undefined when no entry is usable, and the system's DNS
 * is asked instead.
 */
export function dnsServerResolver(servers: readonly string[], family: 4 | 6 | undefined): DnsServerResolver | undefined {
  const resolver = new DnsResolver({ timeout: 2000, tries: 2 });
  try {
    resolver.setServers([...servers]);
  } catch {
    return undefined;
  }
  if (resolver.getServers().length === 0) return undefined;
  const resolve: Resolver = async (hostname) => {
    const asked: Array<Promise<LookupAddress[]>> = [];
    if (family !== 6) asked.push(resolver.resolve4(hostname).then((list) => list.map((address) => ({ address, family: 4 }))));
    if (family !== 4) asked.push(resolver.resolve6(hostname).then((list) => list.map((address) => ({ address, family: 6 }))));
    const answers = await Promise.allSettled(asked);
    const addresses = answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
    if (addresses.length > 0) return addresses;
    const failure = answers.find((answer): answer is PromiseRejectedResult => answer.status === 'rejected');
    throw failure?.reason ?? Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
  };
  return { resolve, cancel: () => resolver.cancel() };
}
