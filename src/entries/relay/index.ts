/**
 * ohos-netkit/relay: the Node dev relay. It opens, for a page, the WebSocket connections
 * a browser cannot open itself (custom headers, proxies, client certificates, device TLS
 * rules), with the device's semantics, and pipes their frames to the page unchanged.
 * A development tool: it listens on loopback and requires a per-run token.
 */
export { startRelay, createRelay, type RelayServer, type Relay, type RelayOptions } from './compose-relay.js';
export { createRelayToken } from '../../relay/relay-options.js';
export type { RelayServerOptions } from '../../web-socket/relay/server-options.js';
export type { HostedServerInfo } from '../../web-socket/relay/hosted-servers.js';
export type { OutboundPolicy } from '../../net/outbound-policy.js';
export type { RelayLogger } from '../../relay/relay-logger.js';
export type { RelayConnectionInfo, LegPhase } from '../../relay/relay-leg.js';
