import type { DeviceError } from '../../core/business-error.js';
import { ErrorCode, messageFor, webSocketError } from '../core/error-codes.js';
import { reportDiagnostic } from '../../page-relay/report-diagnostic.js';

/**
 * The dev relay could not be reached, or turned the page away (a wrong token, an origin
 * it does not allow): no device situation, but a broken dev setup. The app gets what a
 * device gives for a failure it has no code for, 2302999 with the device's own message;
 * what went wrong goes where the developer looks and app code does not: console.error,
 * and the diagnostic side channel (src/page-relay/report-diagnostic.ts) under the app's `url`.
 */
export function relayUnreachable(relayUrl: string, url: string, cause: unknown): DeviceError {
  console.error(`[ohos-netkit] dev relay ${relayUrl}: ${String(cause)}`);
  reportDiagnostic(
    url,
    `the ohos-netkit dev relay at ${relayUrl} could not be reached or refused this page (check its address, token and allowed origins)`,
  );
  return webSocketError(ErrorCode.UNKNOWN_OTHER_ERROR, messageFor(ErrorCode.UNKNOWN_OTHER_ERROR));
}
