import { withCallback } from '../base/async-callback.js';
import { BusinessError, createBusinessError, createParameterThrow } from '../base/business-error.js';
import { ErrorCode, messageFor } from '../base/error-codes.js';
import { ListenerSlots, type Listener } from '../base/listener-slots.js';
import { MAX_SEND_BYTES } from '../client/method-args.js';
import { utf8ByteLength } from '../client/utf8-byte-length.js';
import type { webSocket } from '../../types/web-socket.js';

const SERVER_EVENTS = new Set(['connect', 'messageReceive', 'close', 'error']);
type ServerEvent = 'connect' | 'messageReceive' | 'close' | 'error';

/** OH §6.1: hard caps of the device (MAX_CONCURRENT_CLIENTS_NUMBER, MAX_CONNECTIONS_FOR_ONE_CLIENT). */
const MAX_CLIENTS = 10;

/**
 * `webSocket.WebSocketServer` (API 19). Arguments are checked exactly as the device
 * checks them (OH §6), so app code gets the device's codes for its mistakes.
 *
 * Not hosted yet: a page cannot listen on a socket, and neither the dev relay nor
 * the Node entry listens for it, so a well-formed start() is refused with 2302999 and
 * a message that says so; with no server running, every other method answers as a device with a
 * stopped server does (2302006 / 2302999).
 */
export class KitWebSocketServer implements webSocket.WebSocketServer {
  readonly #listeners = new ListenerSlots<ServerEvent>();

  start(config: webSocket.WebSocketServerConfig): Promise<boolean>;
  start(...args: unknown[]): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    return startFailure(args);
  }

  async stop(): Promise<boolean> {
    // OH §6.4: not started → 2302999.
    throw createBusinessError(ErrorCode.UNKNOWN_OTHER_ERROR);
  }

  async listAllConnections(): Promise<never[]> {
    // OH §6.4: a Promise despite the SDK's synchronous signature; not started → 2302999.
    throw createBusinessError(ErrorCode.UNKNOWN_OTHER_ERROR);
  }

  send(data: string | ArrayBuffer, connection: webSocket.WebSocketConnection): Promise<boolean>;
  send(...args: unknown[]): Promise<boolean> | undefined {
    const [data, connection] = args;
    const dataOk = (typeof data === 'string' && utf8ByteLength(data) <= MAX_SEND_BYTES) || (data instanceof ArrayBuffer && data.byteLength <= MAX_SEND_BYTES);
    return withCallback(noSuchConnection(dataOk && args.length === 2 && isConnection(connection)), undefined);
  }

  close(connection: webSocket.WebSocketConnection, options?: webSocket.WebSocketCloseOptions): Promise<boolean>;
  close(...args: unknown[]): Promise<boolean> | undefined {
    const [connection, options] = args;
    // OH §6.4: options, when given, must hold both a numeric code and a string reason.
    const optionsOk =
      args.length === 1 ||
      (args.length === 2 && typeof options === 'object' && options !== null && typeof (options as { code?: unknown }).code === 'number' && typeof (options as { reason?: unknown }).reason === 'string');
    return withCallback(noSuchConnection(optionsOk && isConnection(connection)), undefined);
  }

  on(type: string, listener: Listener): void;
  on(...args: unknown[]): void {
    const [type, listener] = args;
    if (args.length !== 2 || typeof type !== 'string' || typeof listener !== 'function') throw createParameterThrow();
    if (SERVER_EVENTS.has(type)) this.#listeners.set(type as ServerEvent, listener as Listener);
  }

  off(type: string, listener?: Listener): void;
  off(...args: unknown[]): void {
    const [type, listener] = args;
    if (args.length < 1 || args.length > 2 || typeof type !== 'string' || (args.length === 2 && typeof listener !== 'function'))
      throw createParameterThrow();
    if (SERVER_EVENTS.has(type)) this.#listeners.delete(type as ServerEvent, listener as Listener | undefined);
  }
}

/** OH §6.1, in the device's order: 401, 2302004, 2302005, 2302999 (caps); then the browser's own limit. */
async function startFailure(args: unknown[]): Promise<boolean> {
  const [config, flag] = args;
  if (args.length < 1 || args.length > 2 || typeof config !== 'object' || config === null || (args.length === 2 && typeof flag !== 'boolean'))
    throw createBusinessError(ErrorCode.PARAMETER_ERROR);
  const { serverIP, serverPort, maxConcurrentClientsNumber, maxConnectionsForOneClient } = config as Record<string, unknown>;
  if (typeof serverIP === 'string' && serverIP !== '' && !isIpLiteral(serverIP)) throw createBusinessError(ErrorCode.NIC_ERROR);
  if (toUint32(serverPort) > 65535) throw createBusinessError(ErrorCode.PORT_ERROR);
  if (toUint32(maxConcurrentClientsNumber) > MAX_CLIENTS || toUint32(maxConnectionsForOneClient) > MAX_CLIENTS)
    throw createBusinessError(ErrorCode.UNKNOWN_OTHER_ERROR);
  throw new BusinessError(
    ErrorCode.UNKNOWN_OTHER_ERROR,
    `${messageFor(ErrorCode.UNKNOWN_OTHER_ERROR)}: ohos-netkit does not host WebSocket servers yet (a browser page cannot listen on a socket, and the dev relay does not listen for it)`,
  );
}

/** OH §6.4: a bad argument is 401; a well-formed one names a connection that does not exist. */
async function noSuchConnection(argumentsOk: boolean): Promise<boolean> {
  throw createBusinessError(argumentsOk ? ErrorCode.CONNECTION_NOT_EXIST : ErrorCode.PARAMETER_ERROR);
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
