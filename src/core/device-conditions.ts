import { getConfig } from './netkit-config.js';

/**
 * The device conditions of the page or process's config (NetkitConfig.device), read at
 * each call as the device checks them at each call. Isomorphic.
 */

/** OH §4, §7: without ohos.permission.INTERNET every network method fails with 201, first. */
export function lacksInternetPermission(): boolean {
  return getConfig().device?.internetPermission === false;
}

/**
 * OH §4: an atomic service may connect only to the domains configured for it (checked
 * after the permission, before anything else). True when `url`'s host is allowed, or
 * when the app is no atomic service.
 */
export function isAtomicServiceDomainAllowed(url: string): boolean {
  const domains = getConfig().device?.atomicServiceDomains;
  if (domains === undefined) return true;
  const host = hostOf(url);
  if (host === '') return false;
  return domains.some((entry) => {
    const domain = entry.toLowerCase();
    return domain.startsWith('*.') ? host.endsWith(domain.slice(1)) && host.length > domain.length - 1 : host === domain;
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
