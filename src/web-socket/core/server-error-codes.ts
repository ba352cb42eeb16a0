import type { DeviceError } from '../../core/business-error.js';
import { webSocketError } from './error-codes.js';

/**
 * WS §7: the messages of the codes only WebSocketServer produces, beside the client's
 * (error-codes.ts): they load with the server's methods, which a page that only connects
 * never does. The strings are the device's own ("listen to", not the docs' "listen on").
 */
const SERVER_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  2302004: "Can't listen to the given NIC",
  2302005: "Can't listen to the given Port",
  2302006: 'websocket connection does not exist',
  2302007: 'Websocket port already occupied',
};

/** The device's message for a code of the server's, or of the namespace's. */
export function serverMessageFor(code: number): string | undefined {
  return SERVER_ERROR_MESSAGES[code];
}

/** A method error of the server: any of the namespace's codes, with the device's message. */
export function serverError(code: number): DeviceError {
  return webSocketError(code, serverMessageFor(code));
}
