import type { RelayServerOptions } from './server-options.js';

/**
 * Where the app's WebSocketServers bind (bindingFor with the relay's servers settings),
 * in the words the relay prints at startup and `--help` gives for the default.
 */
export function describeServers(servers: RelayServerOptions): string {
  const address = servers.loopbackOnly === false ? 'on the address the app asks (every interface for an empty serverIP)' : 'on loopback';
  const { ports } = servers;
  let port: string;
  if (ports === 'free') port = 'on free ports';
  else if (ports === undefined || Object.keys(ports).length === 0) port = "on the app's own ports";
  else {
    const mapped = Object.entries(ports).map(([appPort, bound]) => `${appPort} → ${bound === 0 ? 'a free one' : bound}`);
    port = `ports mapped ${mapped.join(', ')}, others the app's own`;
  }
  return `${address}, ${port}`;
}
