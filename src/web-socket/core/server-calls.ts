import { lacksInternetPermission } from '../../core/device-conditions.js';
import { utf8ByteLength } from '../../core/utf8-byte-length.js';
import { ErrorCode, messageFor, webSocketError } from './error-codes.js';
import { MAX_SEND_BYTES } from './method-args.js';
import type { ServerWire } from './server-wire.js';
import { parseUrl } from '../../core/web-platform.js';

/**
 * What WebSocketServer's methods answer, checked exactly as the device checks them
 * (OH §6). Loaded on first use: pages that never create a server do not carry it.
 *
 * No server is ever running here yet, so every well-formed call gets the device's
 * answer for a server that is not started. Where the device needs the app's files (a
 * serverCert), the wire answers (server-wire.ts).
 */

/** OH §6.1: hard caps of the device (MAX_CONCURRENT_CLIENTS_NUMBER, MAX_CONNECTIONS_FOR_ONE_CLIENT). */
const MAX_CLIENTS = 10;

/**
 * OH §6.1, in the device's order: 401 (parsing), 201, 2302004, 2302005, 2302999 (the
 * caps), 2302002 (a serverCert whose file is missing, asked of the wire); then what
 * ohos-netkit cannot do yet.
 */
export async function start(args: unknown[], wire: ServerWire): Promise<never> {
  const [config, flag] = args;
  if (args.length < 1 || args.length > 2 || typeof config !== 'object' || config === null || (args.length === 2 && typeof flag !== 'boolean'))
    return fail(ErrorCode.PARAMETER_ERROR);
  if (lacksInternetPermission()) return fail(ErrorCode.PERMISSION_DENIED);
  const { serverIP, serverPort, maxConcurrentClientsNumber, maxConnectionsForOneClient, serverCert } = config as Record<string, unknown>;
  if (typeof serverIP === 'string' && serverIP !== '' && !isIpLiteral(serverIP)) return fail(ErrorCode.NIC_ERROR);
  if (toUint32(serverPort) > 65535) return fail(ErrorCode.PORT_ERROR);
  if (toUint32(maxConcurrentClientsNumber) > MAX_CLIENTS || toUint32(maxConnectionsForOneClient) > MAX_CLIENTS)
    return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
  const cert = certificatePaths(serverCert);
  if (cert !== undefined && !(await wire.certificateFilesExist(cert.certPath, cert.keyPath))) return fail(ErrorCode.CERT_FILE_MISSING);
  return Promise.reject(
    webSocketError(
      ErrorCode.UNKNOWN_OTHER_ERROR,
      `${messageFor(ErrorCode.UNKNOWN_OTHER_ERROR)}: ohos-netkit does not host WebSocket servers yet (a browser page cannot listen on a socket, and the dev relay does not listen for it)`,
    ),
  );
}

/** OH §6.4: stop() and listAllConnections() of a server that is not started: 2302999 (201 first). */
export function notStarted(): Promise<never> {
  return fail(lacksInternetPermission() ? ErrorCode.PERMISSION_DENIED : ErrorCode.UNKNOWN_OTHER_ERROR);
}

/** OH §6.1: serverCert's paths, when it names a certificate (a non-empty certPath); missing paths read as "". */
function certificatePaths(serverCert: unknown): { certPath: string; keyPath: string } | undefined {
  if (typeof serverCert !== 'object' || serverCert === null) return undefined;
  const { certPath, keyPath } = serverCert as Record<string, unknown>;
  if (typeof certPath !== 'string' || certPath === '') return undefined;
  return { certPath, keyPath: typeof keyPath === 'string' ? keyPath : '' };
}

/** OH §6.4 send(data, connection): bad arguments are 401; a well-formed call names no live connection: 2302006. */
export function send(args: unknown[]): Promise<never> {
  const [data, connection] = args;
  const dataOk =
    (typeof data === 'string' && utf8ByteLength(data) <= MAX_SEND_BYTES) || (data instanceof ArrayBuffer && data.byteLength <= MAX_SEND_BYTES);
  if (!(dataOk && args.length === 2 && isConnection(connection))) return fail(ErrorCode.PARAMETER_ERROR);
  return fail(lacksInternetPermission() ? ErrorCode.PERMISSION_DENIED : ErrorCode.CONNECTION_NOT_EXIST);
}

/** OH §6.4 close(connection, options?): options, when given, must hold both a numeric code and a string reason. */
export function close(args: unknown[]): Promise<never> {
  const [connection, options] = args;
  const optionsOk =
    args.length === 1 ||
    (args.length === 2 &&
      typeof options === 'object' &&
      options !== null &&
      typeof (options as { code?: unknown }).code === 'number' &&
      typeof (options as { reason?: unknown }).reason === 'string');
  if (!(optionsOk && isConnection(connection))) return fail(ErrorCode.PARAMETER_ERROR);
  return fail(lacksInternetPermission() ? ErrorCode.PERMISSION_DENIED : ErrorCode.CONNECTION_NOT_EXIST);
}

function fail(code: number): Promise<never> {
  return Promise.reject(webSocketError(code));
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
    return parseUrl(`http://[${text}]/`).hostname !== '';
  } catch {
    return false;
  }
}
