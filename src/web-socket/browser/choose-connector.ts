import { ErrorCode, messageFor, webSocketError } from '../core/error-codes.js';
import type { RelayConnectOptions } from '../../protocol/relay-protocol.js';
import { getConfig } from '../../core/netkit-config.js';
import { connectNative } from './native-transport.js';
import { relayOnlyOptions } from '../core/request-options.js';
import type { Connector } from '../core/transport.js';

/** Why each device feature is out of a browser's reach (shown in warnings and strict-mode errors). */
const BROWSER_LIMITS: Readonly<Record<string, string>> = {
  header: 'a browser cannot send handshake headers',
  proxy: 'a browser cannot pick an HTTP proxy per connection',
  caPath: 'a browser cannot trust a CA file per connection',
  clientCert: 'a browser cannot present a client certificate per connection',
  skipServerCertVerification: 'a browser cannot relax certificate checks per connection',
  minSupportTlsProtocol: 'a browser cannot set a minimum TLS version',
  pingInterval: 'a browser cannot send pings',
  pongTimeout: 'a browser cannot send pings',
  supportOriginPort: 'a browser always sends its page origin',
  headerReceive: 'a browser hides the response headers (headerReceive gets only what the browser can know)',
};

/** One warning per feature per page: enough to notice, not enough to drown a log. */
const warned = new Set<string>();

/**
 * Picks the wire for one connect(): the dev relay when one is configured (with
 * `useRelay: 'auto'`, only when the connection needs it), otherwise the browser's own
 * WebSocket, after warning about (or, when strict, refusing with a thrown 2302999)
 * what it cannot honour.
 */
export function chooseConnector(options: RelayConnectOptions, wantsResponseHeaders: boolean): Connector {
  const needs = relayOnlyOptions(options);
  if (wantsResponseHeaders) needs.push('headerReceive');
  const config = getConfig();

  // With a relay, every connection goes through it unless the page asks for 'auto'.
  if (config.relay !== undefined && (config.useRelay !== 'auto' || needs.length > 0)) {
    const relay = config.relay;
    const connector: Connector = async (request, events) => (await import('./relay-transport.js')).connectRelay(relay, request, events);
    connector.certificateFilesMissing = async (options) => (await import('./relay-transport.js')).certificateFilesMissing(relay, options);
    return connector;
  }

  if (needs.length === 0) return connectNative;
  if (config.strict === true) {
    const reasons = needs.map((name) => `'${name}' (${BROWSER_LIMITS[name]})`).join(', ');
    throw webSocketError(
      ErrorCode.UNKNOWN_OTHER_ERROR,
      `${messageFor(ErrorCode.UNKNOWN_OTHER_ERROR)}: ${reasons} needs the ohos-netkit dev relay; configure the relay, or turn strict mode off to connect without it`,
    );
  }
  for (const name of needs) {
    if (warned.has(name)) continue;
    warned.add(name);
    console.warn(
      `[ohos-netkit] '${name}' is not honoured in direct mode: ${BROWSER_LIMITS[name]}. The ohos-netkit dev relay provides it (see the README, "The dev relay").`,
    );
  }
  return connectNative;
}
