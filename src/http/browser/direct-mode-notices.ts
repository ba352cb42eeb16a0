import { deviceError, type DeviceError } from '../../core/business-error.js';
import { httpError, HttpErrorCode } from '../core/error-codes.js';
import { PAGE_CANNOT_HONOUR, type PageLimitedOption } from '../core/page-limits.js';

/** One warning per option per page: enough to notice, not enough to drown a log. */
const warned = new Set<PageLimitedOption>();

/** Direct mode sends the request without what it cannot honour (HTTP §13.2), and says so once per option. */
export function warnOnce(needs: readonly PageLimitedOption[]): void {
  for (const name of needs) {
    if (warned.has(name)) continue;
    warned.add(name);
    console.warn(
      `[ohos-netkit] http: '${name}' is not honoured in direct mode: ${PAGE_CANNOT_HONOUR[name]}. The ohos-netkit dev relay provides it (see the README, "The dev relay").`,
    );
  }
}

/**
 * Strict mode refuses instead: 2300999 (the device's code for a transfer it could not
 * set up, HTTP §9), with a message that names what needs the relay.
 */
export function strictRefusal(needs: readonly PageLimitedOption[]): DeviceError {
  const reasons = needs.map((name) => `'${name}' (${PAGE_CANNOT_HONOUR[name]})`).join(', ');
  const { code, message } = httpError(HttpErrorCode.INTERNAL_ERROR);
  return deviceError(
    code,
    `${message}: ${reasons} needs the ohos-netkit dev relay; configure the relay, or turn strict mode off to send the request without it`,
  );
}
