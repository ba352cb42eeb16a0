import { BusinessError, createBusinessError } from '../../core/business-error.js';
import { ErrorCode, messageFor } from '../error-codes.js';
import { MAX_SEND_BYTES } from './method-args.js';
import { utf8ByteLength } from '../../core/utf8-byte-length.js';

/**
 * What WebSocketServer's methods answer, checked exactly as the device checks them
 * (OH §6). Loaded on first use: pages that never create a server do not carry it.
 *
 * No server is ever running here (a page cannot listen on a socket, and neither the
 * dev relay nor the Node entry listens for it), so every well-formed call gets the
 * device's answer for a server that is not started.
 */

/** OH §6.1: hard caps of the device (MAX_CONCURRENT_CLIENTS_NUMBER, MAX_CONNECTIONS_FOR_ONE_CLIENT). */
const MAX_CLIENTS = 10;

/** OH §6.1, in the device's order: 401, 2302004, 2302005, 2302999 (caps); then what ohos-netkit cannot do. */
export function start(args: unknown[]): Promise<never> {
  const [config, flag] = args;
  if (args.length < 1 || args.length > 2 || typeof config !== 'object' || config === null || (args.length === 2 && typeof flag !== 'boolean'))
    return fail(ErrorCode.PARAMETER_ERROR);
  const { serverIP, serverPort, maxConcurrentClientsNumber, maxConnectionsForOneClient } = config as Record<string, unknown>;
  if (typeof serverIP === 'string' && serverIP !== '' && !isIpLiteral(serverIP)) return fail(ErrorCode.NIC_ERROR);
  if (toUint32(serverPort) > 65535) return fail(ErrorCode.PORT_ERROR);
  if (toUint32(maxConcurrentClientsNumber) > MAX_CLIENTS || toUint32(maxConnectionsForOneClient) > MAX_CLIENTS) return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
  return Promise.reject(
    new BusinessError(
      ErrorCode.UNKNOWN_OTHER_ERROR,
      `${messageFor(ErrorCode.UNKNOWN_OTHER_ERROR)}: ohos-netkit does not host WebSocket servers yet (a browser page cannot listen on a socket, and the dev relay does not listen for it)`,
    ),
  );
}

/** OH §6.4: stop() and listAllConnections() of a server that is not started: 2302999. */
export function notStarted(): Promise<never> {
  return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
}

/** OH §6.4 send(data, connection): bad arguments are 401; a well-formed call names no live connection: 2302006. */
export function send(args: unknown[]): Promise<never> {
  const [data, connection] = args;
  const dataOk = (typeof data === 'string' && utf8ByteLength(data) <= MAX_SEND_BYTES) || (data instanceof ArrayBuffer && data.byteLength <= MAX_SEND_BYTES);
  return fail(dataOk && args.length === 2 && isConnection(connection) ? ErrorCode.CONNECTION_NOT_EXIST : ErrorCode.PARAMETER_ERROR);
}

/** OH §6.4 close(connection, options?): options, when given, must hold both a numeric code and a string reason. */
export function close(args: unknown[]): Promise<never> {
  const [connection, options] = args;
  const optionsOk =
    args.length === 1 ||
    (args.length === 2 && typeof options === 'object' && options !== null && typeof (options as { code?: unknown }).code === 'number' && typeof (options as { reason?: unknown }).reason === 'string');
  return fail(optionsOk && isConnection(connection) ? ErrorCode.CONNECTION_NOT_EXIST : ErrorCode.PARAMETER_ERROR);
}

function fail(code: number): Promise<never> {
  return Promise.reject(createBusinessError(code));
}

function isConnection(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { clientIP, clientPort } = value as Record<string, unknown>;
  return typeof clientIP === 'string' && typeof clientPort === 'number';
}

function toUint32(value: unknown): number {
  return typeof value === 'number' ? value >>> 0 : 0;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** A textual IPv4 or IPv6 address (inet_pton's notion), not a host name. */
function isIpLiteral(text: string): boolean {
  if (IPV4.test(text)) return true;
  if (!text.includes(':')) return false;
  try {
    // The URL parser validates IPv6 literals strictly (9 groups, bad hex, … fail).
    return new URL(`http://[${text}]/`).hostname !== '';
  } catch {
    return false;
  }
}
