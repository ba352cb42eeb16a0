import { deviceError, type DeviceError } from '../../core/business-error.js';

/**
 * The webSocket namespace's codes (WS §7), one binding each (error-code-values.ts) and
 * reached as `ErrorCode.NAME`: a bundler resolves each use to its number, so a page
 * carries only the codes it uses, without their names.
 */
export * as ErrorCode from './error-code-values.js';

/** The webSocket namespace's catch-all message (WS §7), also its fallback for a code it does not know. */
const UNKNOWN_OTHER_ERROR_MESSAGE = 'Websocket Unknown Other Error';

/** WS §4: connect's -1 when lws refuses to create the connection. */
export const CONNECT_FAILED_MESSAGE = 'Websocket connect failed';

/**
 * The messages the device produces for the webSocket namespace's codes (the server's
 * own are in server-error-codes.ts). The strings are the device's own (netstack
 * `WEBSOCKET_ERR_MAP` and base_context.h), which differ from the documentation's wording
 * on purpose: apps compare and log these (WS §7, §9.4). No trailing periods.
 */
export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  201: 'Permission denied',
  401: 'Parameter error',
  // WS §7: send failures carry code -1 with the message of 2302999 (sic).
  [-1]: UNKNOWN_OTHER_ERROR_MESSAGE,
  2302001: 'Websocket url error',
  2302002: 'Websocket certificate file does not exist',
  // WS §7: "exist", not "exists".
  2302003: 'Websocket connection already exist',
  2302998: 'It is not allowed to access this domain',
  2302999: UNKNOWN_OTHER_ERROR_MESSAGE,
};

/** The device's message for a code; unknown codes get the catch-all's message. */
export function messageFor(code: number): string {
  return ERROR_MESSAGES[code] ?? UNKNOWN_OTHER_ERROR_MESSAGE;
}

/**
 * A webSocket method error: `code` with the device's message for it, or `message` where
 * the device words it otherwise (or where it is one of the server's: server-error-codes.ts).
 */
export function webSocketError(code: number, message: string = messageFor(code)): DeviceError {
  return deviceError(code, message);
}
