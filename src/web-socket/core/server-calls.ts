import { lacksInternetPermission } from '../../core/device-conditions.js';
import type { ListenerSlots } from '../../core/listener-slots.js';
import { recordServerAddress, serverAddress } from '../../core/server-addresses.js';
import { utf8ByteLength } from '../../core/utf8-byte-length.js';
import { parseUrl } from '../../core/web-platform.js';
import { ErrorCode } from './error-codes.js';
import { serverError } from './server-error-codes.js';
import { normaliseCloseCode } from './method-args.js';
import { MAX_SEND_BYTES } from './device-limits.js';
import { MAX_CONCURRENT_CLIENTS_NUMBER, MAX_CONNECTIONS_FOR_ONE_CLIENT, SERVER_GOING_AWAY_REASON } from './server-limits.js';
import { DEFAULT_CLOSE_REASON, LINK_DOWN } from './close-reasons.js';
import { GOING_AWAY, NORMAL_CLOSURE } from '../../protocol/close-codes.js';
import { ServerAdmission, type AdmissionVerdict } from './server-admission.js';
import type { ListeningServer, ServerWire, ServerWireEvents } from './server-wire.js';

/**
 * What WebSocketServer's methods do, as the device does it (WS §6). Loaded on first
 * use: pages that never create a server do not carry it. Every state check runs when
 * the method is called (after the module has loaded, in call order): a `stop()` called
 * right after `start()`, before the server listens, finds it not started, as the
 * device's async work does.
 */

export type ServerEvent = 'connect' | 'messageReceive' | 'close' | 'error';

/** WS §6.3: the result of a close event; the property is `closeReason`, not `reason`. */
interface ServerCloseResult {
  code: number;
  closeReason: string;
}

/** A client the server let in (WS §6.2) whose upgrade the wire has not completed yet. */
interface AdmittedClient {
  readonly clientIP: string;
  readonly clientPort: number;
  /** The listener the client came through. */
  readonly via: ListeningServer;
  /** Where it counts until it ends. */
  readonly admission: ServerAdmission;
}

interface ServerConnection extends AdmittedClient {
  /** Set when the server closed it (close(), stop()): the device reports these, not the client's answer. */
  closing: ServerCloseResult | undefined;
}

/**
 * One WebSocketServer's state, owned by its KitWebSocketServer. The wire holds it (its
 * events) for as long as the server listens, so it reaches the app's listeners only
 * weakly: they may refer to the server object, which must stay collectible (WS §4 "GC",
 * stopCollected).
 */
export interface ServerState {
  /** The build's way to listen, loaded with the first start(). */
  readonly wire: () => Promise<ServerWire>;
  readonly listeners: WeakRef<ListenerSlots<ServerEvent>>;
  /** idle: never started, or stopped and every client gone; the connection map then does not exist. */
  phase: 'idle' | 'starting' | 'started' | 'stopping';
  /** Each listener with the app's port (for serverAddress()) and its admission (WS §6.2: its limits, its clients per IP). */
  readonly listening: Map<ListeningServer, { readonly appPort: number; readonly admission: ServerAdmission }>;
  /** WS §6.4: by "ip:port"; undefined while there is no server. */
  connections: Map<string, ServerConnection> | undefined;
  /** Admitted clients not yet connected (the wire completes their upgrade), by "ip:port". */
  readonly admitted: Map<string, AdmittedClient>;
}

/** WS §6.3: what every client hears, and the server reports, on stop(). */
const STOPPED_CLOSE: ServerCloseResult = { code: GOING_AWAY, closeReason: SERVER_GOING_AWAY_REASON };
const DEFAULT_CLOSE: ServerCloseResult = { code: NORMAL_CLOSURE, closeReason: DEFAULT_CLOSE_REASON };
/** WS §6.2: a server that is closed turns every handshake away. */
const STOPPED: AdmissionVerdict = { admitted: false, why: 'the server is stopped' };

/**
 * WS §6.1, in the device's order: 401 (parsing), 201, 2302004, 2302005, 2302999 (the
 * caps), 2302002 (serverCert's files, asked of the wire), then the bind (2302007).
 * A second start is not guarded: on the same port it meets 2302007.
 */
export async function start(state: ServerState, args: unknown[]): Promise<boolean> {
  const [config, flag] = args;
  if (args.length < 1 || args.length > 2 || typeof config !== 'object' || config === null || (args.length === 2 && typeof flag !== 'boolean'))
    return fail(ErrorCode.PARAMETER_ERROR);
  if (lacksInternetPermission()) return fail(ErrorCode.PERMISSION_DENIED);
  const { serverIP, serverPort, maxConcurrentClientsNumber, maxConnectionsForOneClient, serverCert } = config as Record<string, unknown>;
  const ip = typeof serverIP === 'string' ? serverIP : '';
  if (ip !== '' && !isIpLiteral(ip)) return fail(ErrorCode.NIC_ERROR);
  const port = toUint32(serverPort);
  if (port > 65535) return fail(ErrorCode.PORT_ERROR);
  const limits = {
    maxConcurrentClientsNumber: toUint32(maxConcurrentClientsNumber),
    maxConnectionsForOneClient: toUint32(maxConnectionsForOneClient),
  };
  if (limits.maxConcurrentClientsNumber > MAX_CONCURRENT_CLIENTS_NUMBER || limits.maxConnectionsForOneClient > MAX_CONNECTIONS_FOR_ONE_CLIENT)
    return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
  const cert = certificatePaths(serverCert);
  if (state.phase === 'idle') state.phase = 'starting';
  try {
    const wire = await state.wire();
    if (cert !== undefined && !(await wire.certificateFilesExist(cert.certPath, cert.keyPath))) throw serverError(ErrorCode.CERT_FILE_MISSING);
    // WS §6.1 step 6: a second server on a port that is listening already cannot bind it.
    if (port !== 0 && serverAddress(port) !== undefined) throw serverError(ErrorCode.PORT_OCCUPIED);
    const holder: { listening?: ListeningServer } = {};
    const admission = new ServerAdmission(limits);
    const listening = await wire.listen(
      { serverIP: ip, serverPort: port, limits },
      eventsFor(state, admission, () => holder.listening),
    );
    holder.listening = listening;
    state.listening.set(listening, { appPort: port, admission });
    recordServerAddress(port, listening.address);
    state.connections ??= new Map();
    if (state.phase === 'starting') state.phase = 'started';
    return true;
  } catch (error) {
    if (state.phase === 'starting' && state.listening.size === 0) state.phase = 'idle';
    throw error;
  }
}

/**
 * WS §6.4 stop(): any argument, a callback too, is 2302999 and changes nothing (WS §2.2:
 * ServerStopContext takes no argument, and a failed parse reports 2302999, before the
 * permission); then 201; a server not started, or already stopping: 2302999. Otherwise
 * every client is closed with 1001 "server is going away" (each close event reports
 * it), handshakes still waiting are hung up on, the port is given back, and it
 * resolves true.
 */
export function stop(state: ServerState, args: unknown[]): Promise<boolean> {
  if (args.length > 0) return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
  if (lacksInternetPermission()) return fail(ErrorCode.PERMISSION_DENIED);
  if (state.phase !== 'started') return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
  state.phase = 'stopping';
  for (const connection of state.connections?.values() ?? []) connection.closing ??= STOPPED_CLOSE;
  for (const listening of state.listening.keys()) listening.stop();
  forgetListeners(state);
  settleStop(state);
  return Promise.resolve(true);
}

/**
 * WS §6.4: a Promise of [{clientPort, clientIP}, …]. Any argument is 2302999 (before
 * the permission, as stop's); then 201; a server not started or stopping: 2302999.
 */
export function listAllConnections(state: ServerState, args: unknown[]): Promise<Array<{ clientPort: number; clientIP: string }>> {
  if (args.length > 0) return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
  if (lacksInternetPermission()) return fail(ErrorCode.PERMISSION_DENIED);
  if (state.phase !== 'started' || state.connections === undefined) return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
  return Promise.resolve([...state.connections.values()].map(({ clientPort, clientIP }) => ({ clientPort, clientIP })));
}

/**
 * WS §6.4 send(data, connection): 401 for bad arguments; 201; no server (never started,
 * stopped) or an unknown "ip:port": 2302006; an empty clientIP or a connection already
 * closing: -1 "Websocket Unknown Other Error". Resolves true once handed to the wire.
 */
export function send(state: ServerState, args: unknown[]): Promise<boolean> {
  const [data, connection] = args;
  const dataOk = (typeof data === 'string' && utf8ByteLength(data) <= MAX_SEND_BYTES) || (isArrayBuffer(data) && data.byteLength <= MAX_SEND_BYTES);
  if (!(dataOk && args.length === 2 && isConnection(connection))) return fail(ErrorCode.PARAMETER_ERROR);
  const found = lookUp(state, connection);
  if (typeof found === 'number') return fail(found === ErrorCode.UNKNOWN_OTHER_ERROR ? ErrorCode.SEND_FAILED : found);
  const [id, known] = found;
  if (known.closing !== undefined) return fail(ErrorCode.SEND_FAILED);
  known.via.send(id, data as string | ArrayBuffer);
  return Promise.resolve(true);
}

/**
 * WS §6.4 close(connection, options?): options, when given, must hold both a numeric
 * code and a string reason (401); 201; no server or an unknown connection: 2302006; an
 * empty clientIP or a connection already closing: 2302999. The code is kept in
 * 1000–1015, otherwise 1000; an empty reason becomes "CLOSE_NORMAL".
 */
export function close(state: ServerState, args: unknown[]): Promise<boolean> {
  const [connection, options] = args;
  const optionsOk =
    args.length === 1 ||
    (args.length === 2 &&
      typeof options === 'object' &&
      options !== null &&
      typeof (options as { code?: unknown }).code === 'number' &&
      typeof (options as { reason?: unknown }).reason === 'string');
  if (!(optionsOk && isConnection(connection))) return fail(ErrorCode.PARAMETER_ERROR);
  const found = lookUp(state, connection);
  if (typeof found === 'number') return fail(found);
  const [id, known] = found;
  if (known.closing !== undefined) return fail(ErrorCode.UNKNOWN_OTHER_ERROR);
  const given = options as { code: number; reason: string } | undefined;
  known.closing =
    given === undefined
      ? DEFAULT_CLOSE
      : { code: normaliseCloseCode(given.code), closeReason: given.reason === '' ? DEFAULT_CLOSE.closeReason : given.reason };
  known.via.close(id, known.closing.code, known.closing.closeReason);
  return Promise.resolve(true);
}

/** 201, then the connection map's answer: the id and the connection, or the code of the refusal (2302006, or 2302999 for an empty clientIP). */
function lookUp(state: ServerState, connection: unknown): [string, ServerConnection] | number {
  if (lacksInternetPermission()) return ErrorCode.PERMISSION_DENIED;
  const { clientIP, clientPort } = connection as { clientIP: string; clientPort: number };
  if (state.connections === undefined) return ErrorCode.CONNECTION_NOT_EXIST;
  if (clientIP === '') return ErrorCode.UNKNOWN_OTHER_ERROR;
  const id = `${clientIP}:${clientPort}`;
  const known = state.connections.get(id);
  return known === undefined ? ErrorCode.CONNECTION_NOT_EXIST : [id, known];
}

/** The wire's view of the server: what it reports becomes the device's events. */
function eventsFor(state: ServerState, admission: ServerAdmission, via: () => ListeningServer | undefined): ServerWireEvents {
  const listeners = { emit: (type: ServerEvent, ...args: unknown[]): void => void state.listeners.deref()?.emit(type, ...args) };
  const ended = (id: string, result: (connection: ServerConnection) => ServerCloseResult, error: boolean): void => {
    const connection = state.connections?.get(id);
    if (connection === undefined) return;
    state.connections?.delete(id);
    connection.admission.closed(connection.clientIP);
    const conn = { clientPort: connection.clientPort, clientIP: connection.clientIP };
    // WS §6.3: a drop is error {200}, then close {0, "The link is down"}; a close the server made reports its own result.
    if (error && connection.closing === undefined) listeners.emit('error', { code: ErrorCode.EVENT_ERROR });
    listeners.emit('close', conn, result(connection));
    settleStop(state);
  };
  return {
    onHandshake(id, clientIP, clientPort) {
      const listening = via();
      const verdict = state.phase !== 'started' || listening === undefined ? STOPPED : admission.admit(clientIP);
      if (!verdict.admitted || listening === undefined) {
        // WS §6.2: a turned-away handshake is the server's error {code: 200}.
        listeners.emit('error', { code: ErrorCode.EVENT_ERROR });
        return verdict;
      }
      state.admitted.set(id, { clientIP, clientPort, via: listening, admission });
      return verdict;
    },
    onConnect(id) {
      const admitted = state.admitted.get(id);
      state.admitted.delete(id);
      if (admitted === undefined || state.connections === undefined || state.phase !== 'started') {
        admitted?.admission.closed(admitted.clientIP);
        return false;
      }
      // WS §6.3: the device adds the client to its map at ESTABLISHED, then emits connect.
      state.connections.set(id, { ...admitted, closing: undefined });
      listeners.emit('connect', { clientPort: admitted.clientPort, clientIP: admitted.clientIP });
      return true;
    },
    onAbandon(id) {
      const admitted = state.admitted.get(id);
      state.admitted.delete(id);
      admitted?.admission.closed(admitted.clientIP);
    },
    onMessage(id, data) {
      const connection = state.connections?.get(id);
      if (connection === undefined) return;
      listeners.emit('messageReceive', { data, clientConnection: { clientIP: connection.clientIP, clientPort: connection.clientPort } });
    },
    onClose(id, code, reason) {
      const connection = state.connections?.get(id);
      if (connection === undefined) return;
      const quirk = code === undefined && connection.closing === undefined;
      ended(id, (known) => known.closing ?? { code: code ?? NORMAL_CLOSURE, closeReason: reason === '' ? LINK_DOWN : reason }, false);
      if (quirk) endWholeServer(state, id);
    },
    onDrop(id) {
      ended(id, (known) => known.closing ?? { code: 0, closeReason: LINK_DOWN }, true);
    },
    onGone() {
      forgetListeners(state);
      state.phase = state.connections?.size === 0 || state.connections === undefined ? 'idle' : 'stopping';
      settleStop(state);
    },
  };
}

/**
 * WS §4 "GC": the app's server object was collected. As when the device's finalizer
 * stops the service thread: the port is given back and every client dropped, with no
 * event (nothing is left to hear one).
 */
export function stopCollected(state: ServerState): void {
  if (state.phase === 'idle') return;
  for (const listening of state.listening.keys()) listening.destroy();
  forgetListeners(state);
  state.connections = undefined;
  state.phase = 'idle';
}

/**
 * WS §6.3 quirk: a client's close frame without a payload marks the whole server
 * closed (netstack writes the server-level state), and the service thread stops: every
 * other client is dropped and the port given back. The app's server is stopped.
 */
function endWholeServer(state: ServerState, id: string): void {
  if (state.phase !== 'started') return;
  reportQuirk(id);
  state.phase = 'stopping';
  for (const listening of state.listening.keys()) listening.destroy();
  forgetListeners(state);
  settleStop(state);
}

function reportQuirk(id: string): void {
  const console = (globalThis as { console?: { warn(message: string): void } }).console;
  console?.warn(
    `[ohos-netkit] WebSocketServer: client ${id} sent a close frame without a status code; on the device this ends the whole server ` +
      '(WS §6.3: netstack marks the server closed and its service thread stops), so this server has stopped and its other clients are dropped',
  );
}

/** The listeners are gone or going: no port of theirs is the app's any more, no handshake of theirs is waiting. */
function forgetListeners(state: ServerState): void {
  for (const { appPort, admission } of state.listening.values()) {
    recordServerAddress(appPort, undefined);
    admission.stop();
  }
  state.listening.clear();
  for (const { clientIP, admission } of state.admitted.values()) admission.closed(clientIP);
  state.admitted.clear();
}

/** A stopping server with no client left is gone: no connection map any more. */
function settleStop(state: ServerState): void {
  if (state.phase === 'stopping' && (state.connections === undefined || state.connections.size === 0)) {
    state.phase = 'idle';
    state.connections = undefined;
  }
}

/** WS §6.1: serverCert's paths, when it names a certificate (a non-empty certPath); missing paths read as "". */
function certificatePaths(serverCert: unknown): { certPath: string; keyPath: string } | undefined {
  if (typeof serverCert !== 'object' || serverCert === null) return undefined;
  const { certPath, keyPath } = serverCert as Record<string, unknown>;
  if (typeof certPath !== 'string' || certPath === '') return undefined;
  return { certPath, keyPath: typeof keyPath === 'string' ? keyPath : '' };
}

function fail(code: number): Promise<never> {
  return Promise.reject(serverError(code));
}

function isConnection(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { clientIP, clientPort } = value as Record<string, unknown>;
  return typeof clientIP === 'string' && typeof clientPort === 'number';
}

/** Realm-independent: an ArrayBuffer from an iframe or a worker is still one. */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
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
