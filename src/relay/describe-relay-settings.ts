import type { OutboundPolicy } from '../net/outbound-policy.js';
import type { RelayServerOptions } from './relay-options.js';
import { sandboxDirProblem } from './sandbox-dir-problem.js';

/**
 * What the relay's settings mean, in the words the relay prints at startup (its log
 * line, the command's startup lines) and `--help` gives for the defaults: one wording,
 * so that what the help promises and what a running relay says cannot drift apart.
 * They follow what OutboundGuard, readTlsFiles and bindingFor actually do.
 */

/** Where upstream connections may go (OutboundGuard: names, then every resolved address, then the relay's own ports). */
export function describeTargets(outbound: OutboundPolicy): string {
  const hosts = outbound.allowHosts === undefined ? 'any host' : `only ${outbound.allowHosts.join(', ')}`;
  if (outbound.allowLoopbackOnly === true) return `${hosts}, on loopback addresses only; never the relay itself`;
  if (outbound.denyLinkLocal === false)
    return `${hosts}, link-local, cloud-metadata, broadcast and multicast addresses ALLOWED; never the relay itself`;
  return `${hosts}; never link-local, cloud-metadata, broadcast or multicast addresses, nor the relay itself`;
}

/** Where caPath, clientCert and serverCert are read (readTlsFiles with the sandbox), and whether they can be. */
export function describeFiles(sandboxDir: string | undefined): string {
  if (sandboxDir === undefined) return 'none: every caPath, clientCert and serverCert is missing (2302002)';
  const problem = sandboxDirProblem(sandboxDir);
  const where = `caPath, clientCert and serverCert inside ${sandboxDir}`;
  return problem === undefined ? where : `${where}, which ${problem}: every one is missing (2302002)`;
}

/** Where the app's WebSocketServers bind (bindingFor with the relay's servers settings). */
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
