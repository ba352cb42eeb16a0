import { getConfig } from './netkit-config.js';

/**
 * The device conditions of the page or process's config (NetkitConfig.device), read at
 * each call as the device checks them at each call. Isomorphic.
 */

/** WS §4, §7: without ohos.permission.INTERNET every network method fails with 201, first. */
export function lacksInternetPermission(): boolean {
  return getConfig().device?.internetPermission === false;
}

/**
 * WS §4: an atomic service may connect only to the domains configured for it (checked
 * after the permission, before anything else). True when `url`'s host is allowed, or
 * when the app is no atomic service: then synchronously, so that a connect's state is
 * set when the method is called. The matching rules load only for an atomic service
 * (atomic-service-domains.ts): most apps never pay for them.
 */
export function isAtomicServiceDomainAllowed(url: string): true | Promise<boolean> {
  const domains = atomicServiceDomains();
  return domains === undefined || import('./atomic-service-domains.js').then((rules) => rules.allowsHost(domains, url));
}

/** WS §4: the domains of an atomic service (config `device.atomicServiceDomains`); undefined for an app that is none. */
export function atomicServiceDomains(): readonly string[] | undefined {
  return getConfig().device?.atomicServiceDomains;
}
