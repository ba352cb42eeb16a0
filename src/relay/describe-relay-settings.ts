import type { OutboundPolicy } from '../net/outbound-policy.js';
import { sandboxDirProblem } from './sandbox-dir-problem.js';

/**
 * What the relay's settings mean, in the words the relay prints at startup (its log
 * line, the command's startup lines) and `--help` gives for the defaults: one wording,
 * so that what the help promises and what a running relay says cannot drift apart.
 * They follow what OutboundGuard and readTlsFiles actually do; a namespace describes
 * its own settings (RelayRoom.describe).
 */

/** Where upstream connections may go (OutboundGuard: names, then every resolved address, then the relay's own ports). */
export function describeTargets(outbound: OutboundPolicy): string {
  const hosts = outbound.allowHosts === undefined ? 'any host' : `only ${outbound.allowHosts.join(', ')}`;
  if (outbound.allowLoopbackOnly === true) return `${hosts}, on loopback addresses only; never the relay itself`;
  if (outbound.denyLinkLocal === false)
    return `${hosts}, link-local, cloud-metadata, broadcast and multicast addresses ALLOWED; never the relay itself`;
  return `${hosts}; never link-local, cloud-metadata, broadcast or multicast addresses, nor the relay itself`;
}

/** Where the files a page names are read (readTlsFiles and uploads, within the sandbox), and whether they can be: in no namespace's words. */
export function describeFiles(sandboxDir: string | undefined): string {
  if (sandboxDir === undefined) return 'none: every file a page names (caPath, clientCert, serverCert and multipart filePath) is missing';
  const problem = sandboxDirProblem(sandboxDir);
  const where = `caPath, clientCert, serverCert and multipart filePath inside ${sandboxDir}`;
  return problem === undefined ? where : `${where}, which ${problem}: every one is missing`;
}
