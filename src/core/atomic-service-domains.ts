/**
 * WS §4: the domains an atomic service may connect to (config `device.atomicServiceDomains`):
 * an entry is a host name, compared without case, or `*.name` for its subdomains.
 * Loaded by device-conditions.ts only when the app is an atomic service.
 */
export function allowsHost(domains: readonly string[], url: string): boolean {
  const host = hostOf(url);
  return host !== '' && allowsHostName(domains, host);
}

/** Whether `host` (a host name, compared without case) is on the list. Each namespace cuts the host out of its URLs as its own code does. */
export function allowsHostName(domains: readonly string[], host: string): boolean {
  const name = host.toLowerCase();
  return domains.some((entry) => {
    const domain = entry.toLowerCase();
    return domain.startsWith('*.') ? name.endsWith(domain.slice(1)) && name.length > domain.length - 1 : name === domain;
  });
}

/**
 * The host of a URL as the device's own URI parser cuts it (it never fails): after
 * "://", up to the first "/", "?" or "#", without user info and port, brackets off.
 */
function hostOf(url: string): string {
  const start = url.indexOf('://');
  if (start === -1) return '';
  let authority = url.slice(start + 3);
  const end = authority.search(/[/?#]/);
  if (end !== -1) authority = authority.slice(0, end);
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  if (authority.startsWith('[')) return authority.slice(1, authority.indexOf(']') === -1 ? undefined : authority.indexOf(']')).toLowerCase();
  const colon = authority.lastIndexOf(':');
  return (colon === -1 ? authority : authority.slice(0, colon)).toLowerCase();
}
