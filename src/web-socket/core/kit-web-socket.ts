import { settle, withCallback } from '../../core/async-callback.js';
import type { DeviceError } from '../../core/business-error.js';
import { isAtomicServiceDomainAllowed, lacksInternetPermission } from '../../core/device-conditions.js';
import { CONNECT_FAILED_MESSAGE, ErrorCode, webSocketError } from './error-codes.js';
import { ListenerSlots, type Listener } from '../../core/listener-slots.js';
import { canStartConnection, isDeviceValidUrl } from './check-url.js';
import { parseCloseArgs, parseConnectArgs, parseSendArgs } from './method-args.js';
import { namesCertificateFiles, type ConnectOptionsInput } from './option-checks.js';
import type { AsyncCallback } from '../../../types/base.js';
import type { webSocket } from '../../../types/web-socket.js';
import type { ChooseConnector, Connector, Transport, TransportEvents } from './transport.js';
import { stopWhenCollected } from './stop-when-collected.js';
import { LINK_DOWN } from './close-reasons.js';
import { NORMAL_CLOSURE } from '../../protocol/close-codes.js';

type ClientEvent = 'open' | 'message' | 'close' | 'error' | 'dataEnd' | 'headerReceive' | 'openInfo';

interface CloseResult {
  code: number;
  reason: string;
}

/**
 * One device connection's state: what netstack keeps as the manager's UserData,
 * from connect() until the connection has fully ended (WS §4). It never refers to the
 * app's KitWebSocket, so that the wire holding it does not keep that object alive.
 */
class Connection {
  transport: Transport | undefined;
  opened = false;
  /** Set by the app's close(): the device reports these, not the server's echo (WS §3.4). */
  closing: CloseResult | undefined;
  /** Data sent between connect() and open, delivered once the handshake is done. */
  pending: (string | ArrayBuffer)[] = [];

  /** WS §4 "GC": the app's object was collected while this connection lived. */
  stop(): void {
    this.transport?.stop();
  }
}

/**
 * `webSocket.WebSocket`: the device's client object over a transport.
 *
 * Methods never throw (WS §2.2): failures reach the callback or the rejection, always
 * asynchronously, as `(err, undefined)`; success as `(undefined, true)`. Only on/off
 * throw, for bad arguments (WS §2.3).
 */
export class KitWebSocket implements webSocket.WebSocket {
  /** The client events the device knows (WS §1.3); on/off ignore other names. */
  readonly #listeners = new ListenerSlots<ClientEvent>(['open', 'message', 'close', 'error', 'dataEnd', 'headerReceive', 'openInfo']);
  readonly #chooseConnector: ChooseConnector;
  #connection: Connection | undefined;

  /** @param chooseConnector the build's choice of wire (browser: native or relay; Node: ws). */
  constructor(chooseConnector: ChooseConnector) {
    this.#chooseConnector = chooseConnector;
  }

  connect(url: string, callback: AsyncCallback<boolean>): void;
  connect(url: string, options: webSocket.WebSocketRequestOptions, callback: AsyncCallback<boolean>): void;
  connect(url: string, options?: webSocket.WebSocketRequestOptions): Promise<boolean>;
  connect(...args: unknown[]): Promise<boolean> | undefined {
    // WS §2.2: a method called on a foreign `this` silently returns undefined.
    if (!(this instanceof KitWebSocket)) return undefined;
    const parsed = parseConnectArgs(args);
    if (!parsed.ok) return settle(webSocketError(ErrorCode.PARAMETER_ERROR), parsed.callback);
    return withCallback(this.#connect(parsed.url, parsed.options), parsed.callback);
  }

  send(data: string | ArrayBuffer, callback: AsyncCallback<boolean>): void;
  send(data: string | ArrayBuffer): Promise<boolean>;
  send(...args: unknown[]): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocket)) return undefined;
    const parsed = parseSendArgs(args);
    return settle(parsed.ok ? this.#send(parsed.data) : webSocketError(ErrorCode.PARAMETER_ERROR), parsed.callback);
  }

  close(callback: AsyncCallback<boolean>): void;
  close(options: webSocket.WebSocketCloseOptions, callback: AsyncCallback<boolean>): void;
  close(options?: webSocket.WebSocketCloseOptions): Promise<boolean>;
  close(...args: unknown[]): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocket)) return undefined;
    const parsed = parseCloseArgs(args);
    return settle(parsed.ok ? this.#close(parsed.options) : webSocketError(ErrorCode.PARAMETER_ERROR), parsed.callback);
  }

  on(type: string, listener: Listener): void;
  on(...args: unknown[]): void {
    this.#listeners.on(args);
  }

  off(type: string, listener?: Listener): void;
  off(...args: unknown[]): void {
    this.#listeners.off(args);
  }

  // Every state check below runs when the method is called, as the device's does:
  // send and close decide synchronously, connect up to its first await.

  async #connect(url: string, options: ConnectOptionsInput): Promise<boolean> {
    // WS §4, the device's order of checks: the permission, an atomic service's domains,
    // (certificate files: the wire's, see below), a connection that is connecting, open
    // or closing, the URL, then whether lws can start the connection at all.
    // WS §5: a proxy object whose host is no host, or whose exclusion list is past its
    // bounds, is a parameter error (proxy-rules.ts), before anything else. The rules load
    // only for such a proxy, which needs the relay (or Node) anyway.
    if (typeof options.proxy === 'object' && !(await import('./request-options.js')).isUsableProxyOption(options.proxy))
      throw webSocketError(ErrorCode.PARAMETER_ERROR);
    if (lacksInternetPermission()) throw webSocketError(ErrorCode.PERMISSION_DENIED);
    const domainAllowed = isAtomicServiceDomainAllowed(url);
    if (domainAllowed !== true && !(await domainAllowed)) throw webSocketError(ErrorCode.DOMAIN_NOT_ALLOWED);
    const blocked = this.#connection !== undefined ? ErrorCode.CONNECTION_EXISTS : !isDeviceValidUrl(url) ? ErrorCode.URL_ERROR : undefined;
    if (blocked !== undefined) {
      // WS §4: a missing certificate file (2302002) comes before either refusal.
      if (namesCertificateFiles(options) && (await this.#connector(options).certificateFilesMissing?.(options)) === true)
        throw webSocketError(ErrorCode.CERT_FILE_MISSING);
      throw webSocketError(blocked);
    }
    if (!canStartConnection(url)) {
      // WS §4: lws cannot connect to it (an empty host, a URL no parser can read): -1
      // "Websocket connect failed", after an error event when a listener is set.
      const listeners = this.#listeners;
      void Promise.resolve().then(() => listeners.emit('error', { code: ErrorCode.EVENT_ERROR, data: '0' }));
      throw webSocketError(ErrorCode.CONNECT_FAILED, CONNECT_FAILED_MESSAGE);
    }
    const connector = this.#connector(options);
    // The build refuses these options (the browser's strict mode): connect() rejects, its state untouched.
    if (connector.refusal !== undefined) throw await connector.refusal;

    const connection = new Connection();
    this.#connection = connection;
    stopWhenCollected.register(this, connection, connection);
    let transport: Transport;
    try {
      transport = await connector({ url, options }, KitWebSocket.#eventsFor(new WeakRef(this), connection));
    } catch (error) {
      if (this.#connection === connection) {
        this.#connection = undefined;
        stopWhenCollected.unregister(connection);
      }
      throw error;
    }
    connection.transport = transport;
    // close() may have come while the transport was being set up.
    if (connection.closing !== undefined && this.#connection === connection) transport.close(connection.closing.code, connection.closing.reason);
    return true;
  }

  /** The build's wire for these options. */
  #connector(options: ConnectOptionsInput): Connector {
    return this.#chooseConnector(options, this.#listeners.has('headerReceive'));
  }

  #send(data: string | ArrayBuffer): true | DeviceError {
    if (lacksInternetPermission()) return webSocketError(ErrorCode.PERMISSION_DENIED);
    const connection = this.#connection;
    // WS §4: before connect, after close() and after the peer's close: code -1.
    if (connection === undefined || connection.closing !== undefined) return webSocketError(ErrorCode.SEND_FAILED);
    if (connection.opened && connection.transport !== undefined) connection.transport.send(data);
    // WS §4: between connect() and open the device queues the data and resolves true.
    else connection.pending.push(data);
    return true;
  }

  #close(options: CloseResult): true | DeviceError {
    if (lacksInternetPermission()) return webSocketError(ErrorCode.PERMISSION_DENIED);
    const connection = this.#connection;
    // WS §4: close before connect, after the end, or a second time: 2302999.
    if (connection === undefined || connection.closing !== undefined) return webSocketError(ErrorCode.UNKNOWN_OTHER_ERROR);
    connection.closing = options;
    connection.pending.length = 0;
    connection.transport?.close(options.code, options.reason);
    return true;
  }

  /**
   * The transport's view of one connection; events of a connection that has ended are
   * ignored. The wire holds these events for as long as the connection lives, so they
   * reach the app's object only through a WeakRef (WS §4 "GC": an object the app can no
   * longer reach is collected, and its connection stopped, stopWhenCollected).
   */
  static #eventsFor(app: WeakRef<KitWebSocket>, connection: Connection): TransportEvents {
    /**
     * The app's listeners while this connection is its object's current one. An event
     * that ends the connection clears the device state first, so a handler may connect
     * again.
     */
    const listenersOf = (ending?: true): ListenerSlots<ClientEvent> | undefined => {
      const ws = app.deref();
      if (ws === undefined || ws.#connection !== connection) return undefined;
      if (ending) {
        ws.#connection = undefined;
        stopWhenCollected.unregister(connection);
      }
      return ws.#listeners;
    };
    // The app that closed (or aborted the handshake) itself hears of its own close, not of an error.
    const endWithError = (listeners: ListenerSlots<ClientEvent>, status: string): void => {
      if (connection.closing !== undefined) listeners.emit('close', undefined, connection.closing);
      else listeners.emit('error', { code: ErrorCode.EVENT_ERROR, data: status });
    };

    return {
      onOpen: (info) => {
        const listeners = listenersOf();
        if (listeners === undefined) return;
        connection.opened = true;
        const { status, message, protocol } = info;
        // WS §3.2: headerReceive, then open, then openInfo (with the protocol only when one was negotiated).
        if (listeners.has('headerReceive')) listeners.emit('headerReceive', info.headers ?? knownResponseHeaders(protocol));
        for (const data of connection.pending) connection.transport?.send(data);
        connection.pending.length = 0;
        listeners.emit('open', undefined, { status, message });
        listeners.emit('openInfo', undefined, protocol === '' ? { status, message } : { status, message, protocol });
      },
      onMessage: (data) => {
        const listeners = listenersOf();
        // WS §3.3: an empty binary message arrives as undefined; dataEnd follows every
        // delivered message, and only a delivered one.
        if (listeners?.emit('message', undefined, typeof data !== 'string' && data.byteLength === 0 ? undefined : data))
          listeners.emit('dataEnd', undefined);
      },
      // WS §3.4: a connection that never opened gives `error` only, no `close`.
      onFailure: (status) => {
        const listeners = listenersOf(true);
        if (listeners !== undefined) endWithError(listeners, status);
      },
      onClose: (code, reason) => {
        // WS §3.4: the app's own close reports its own code and reason; a peer's close
        // reports the peer's, "The link is down" standing in for an empty reason and
        // 1000 for a close frame without a status.
        listenersOf(true)?.emit(
          'close',
          undefined,
          connection.closing ?? { code: deviceCloseCode(code ?? NORMAL_CLOSURE), reason: reason === '' ? LINK_DOWN : reason },
        );
      },
      onDrop: () => {
        const listeners = listenersOf(true);
        if (listeners === undefined) return;
        endWithError(listeners, '0');
        // WS §3.4: a drop of an open connection is error {200, "0"}, then close {0, "The link is down"}.
        if (connection.closing === undefined && connection.opened) listeners.emit('close', undefined, { code: 0, reason: LINK_DOWN });
      },
    };
  }
}

/**
 * WS §3.4: a close code RFC 6455 forbids a peer to send (below 1000, 1004–1006,
 * 1016–2999) reaches the app as 1002: lws rewrites it before netstack sees it. A
 * browser passes it on as it came; the relay and Node get 1002 from their engine already.
 */
function deviceCloseCode(code: number): number {
  return code < 1000 || (code >= 1004 && code <= 1006) || (code >= 1016 && code <= 2999) ? 1002 : code;
}

/**
 * Browser: pages cannot read response headers. What a successful upgrade proves
 * the server sent is all direct mode can report (the relay reports the real ones).
 */
function knownResponseHeaders(protocol: string): Record<string, string> {
  // WS §3.2: the device lists header names in sorted order (a std::map).
  return protocol === ''
    ? { connection: 'Upgrade', upgrade: 'websocket' }
    : { connection: 'Upgrade', 'sec-websocket-protocol': protocol, upgrade: 'websocket' };
}
