/**
 * ohos-netkit/relay: the Node dev relay. It opens, for a page, the WebSocket connections
 * a browser cannot open itself (custom headers, proxies, client certificates, device TLS
 * rules), with the device's semantics, and pipes their frames to the page unchanged.
 * A development tool: it listens on loopback and requires a per-run token.
 */
export { startRelay, type RelayServer } from './start-relay.js';
export { createRelay, type Relay } from './create-relay.js';
export { createRelayToken, type RelayOptions, type RelayServerOptions } from './relay-options.js';
export type { HostedServerInfo } from './hosted-servers.js';
export type { OutboundPolicy } from '../net/outbound-policy.js';
export type { RelayLogger } from './relay-logger.js';
export type { RelayConnectionInfo, LegPhase } from './relay-leg.js';
