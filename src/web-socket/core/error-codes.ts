import { deviceError, type DeviceError } from '../../core/business-error.js';

/**
 * The webSocket namespace's codes, with the messages the device produces for them.
 * The strings are the device's own (netstack `WEBSOCKET_ERR_MAP` and base_context.h),
 * which differ from the documentation's wording on purpose: apps compare and log
 * these (OH §7, §9.4). No trailing periods.
 */
export const ErrorCode = {
  PERMISSION_DENIED: 201,
  PARAMETER_ERROR: 401,
  /** Not a method error: the code of every client and server `error` event (OH §2.1). */
  EVENT_ERROR: 200,
  /** Undocumented -1 of a failing send (OH §4, §9.5), with the catch-all's message. */
  SEND_FAILED: -1,
  /** The same -1 from connect when lws cannot even start the connection (OH §4), with CONNECT_FAILED_MESSAGE. */
  CONNECT_FAILED: -1,
  URL_ERROR: 2302001,
  CERT_FILE_MISSING: 2302002,
  CONNECTION_EXISTS: 2302003,
  NIC_ERROR: 2302004,
  PORT_ERROR: 2302005,
  CONNECTION_NOT_EXIST: 2302006,
  PORT_OCCUPIED: 2302007,
  DOMAIN_NOT_ALLOWED: 2302998,
  UNKNOWN_OTHER_ERROR: 2302999,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The webSocket namespace's catch-all message (OH §7), also its fallback for a code it does not know. */
const UNKNOWN_OTHER_ERROR_MESSAGE = 'Websocket Unknown Other Error';

/** OH §4: connect's -1 when lws refuses to create the connection. */
export const CONNECT_FAILED_MESSAGE = 'Websocket connect failed';

export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  201: 'Permission denied',
  401: 'Parameter error',
  // OH §7: send failures carry code -1 with the message of 2302999 (sic).
  [-1]: UNKNOWN_OTHER_ERROR_MESSAGE,
  2302001: 'Websocket url error',
  2302002: 'Websocket certificate file does not exist',
  // OH §7: "exist", not "exists".
  2302003: 'Websocket connection already exist',
  2302004: "Can't listen to the given NIC",
  2302005: "Can't listen to the given Port",
  2302006: 'websocket connection does not exist',
  2302007: 'Websocket port already occupied',
  2302998: 'It is not allowed to access this domain',
  2302999: UNKNOWN_OTHER_ERROR_MESSAGE,
};

/** The device's message for a code; unknown codes get the catch-all's message. */
export function messageFor(code: number): string {
  return ERROR_MESSAGES[code] ?? UNKNOWN_OTHER_ERROR_MESSAGE;
}

/** A webSocket method error: `code` with the device's message for it, or `message` where the device words it otherwise. */
export function webSocketError(code: number, message: string = messageFor(code)): DeviceError {
  return deviceError(code, message);
}
