import type { DeviceError } from '../../core/business-error.js';
import { ErrorCode, messageFor, webSocketError } from '../core/error-codes.js';

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

/** Direct mode connects without what it cannot honour, and says so once per feature. */
export function warnOnce(needs: readonly string[]): void {
  for (const name of needs) {
    if (warned.has(name)) continue;
    warned.add(name);
    console.warn(
      `[ohos-netkit] '${name}' is not honoured in direct mode: ${BROWSER_LIMITS[name]}. The ohos-netkit dev relay provides it (see the README, "The dev relay").`,
    );
  }
}

/** Strict mode refuses instead: 2302999, with a message that names what needs the relay. */
export function strictRefusal(needs: readonly string[]): DeviceError {
  const reasons = needs.map((name) => `'${name}' (${BROWSER_LIMITS[name]})`).join(', ');
  return webSocketError(
    ErrorCode.UNKNOWN_OTHER_ERROR,
    `${messageFor(ErrorCode.UNKNOWN_OTHER_ERROR)}: ${reasons} needs the ohos-netkit dev relay; configure the relay, or turn strict mode off to connect without it`,
  );
}
