import type { ServerListenSettings } from '../../core/netkit-config.js';

/** Ports below this are the system's: an app cannot bind them (the wire answers 2302007). */
export const FIRST_APP_PORT = 1024;

/**
 * Where a wire binds an app's server: the port after `settings.ports`, and the address
 * for its serverIP ('' and 0.0.0.0 are every interface; with loopbackOnly everything is
 * loopback, ::1 for an IPv6 address). Isomorphic: the Node entry and the relay decide
 * alike.
 */
export function bindingFor(serverIP: string, serverPort: number, settings: ServerListenSettings): { host: string; port: number } {
  const mapped = settings.ports === 'free' ? 0 : (settings.ports?.[serverPort] ?? serverPort);
  const ipv6 = serverIP.includes(':');
  let host: string;
  if (settings.loopbackOnly === true) host = ipv6 ? '::1' : '127.0.0.1';
  else if (serverIP === '') host = '::';
  else host = serverIP;
  return { host, port: mapped };
}
