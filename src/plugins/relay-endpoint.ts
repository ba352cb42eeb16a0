/**
 * The dev relay's address as the dev server's log line gives it: the relay answers on
 * the dev server's own port, and only to loopback names unless `allowedHosts` says
 * otherwise, so a server bound to every interface is named by localhost.
 */

/** What the plugin reads of Node's AddressInfo (named here: the plugin's declarations carry no Node type). */
export interface ListeningAddress {
  address: string;
  port: number;
}

export function relayEndpoint(address: ListeningAddress, path: string, secure: boolean): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? 'localhost' : address.address.includes(':') ? `[${address.address}]` : address.address;
  return `${secure ? 'wss' : 'ws'}://${host}:${address.port}${path}`;
}
