import type { Resolver } from '../../../net/outbound-policy.js';
import { startRelayWith, type RelayOptions, type RelayServer } from '../compose-relay.js';

/**
 * Every relay a test starts may reach loopback only: whatever a test or a seed
 * names, no traffic leaves the machine. A test's own outbound options are kept;
 * it can only narrow the policy further.
 */
export function startLoopbackRelay(options: RelayOptions = {}, resolver?: Resolver): Promise<RelayServer> {
  return startRelayWith({ ...options, outbound: { ...options.outbound, allowLoopbackOnly: true } }, resolver);
}
