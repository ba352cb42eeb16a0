/**
 * The `webSocket` namespace of OpenHarmony's `@ohos.net.webSocket`, as the dynamic
 * (JS/NAPI) ArkTS runtime exposes it. Doc comments describe what the DEVICE does; where
 * that differs from the SDK's own `.d.ts`, the comment says so.
 *
 * Errors: every method delivers its failures through the callback's `err` or the
 * promise's rejection and never throws, even for bad arguments (401). Only `on`/`off`
 * throw, synchronously, when their arguments are malformed. The `@throws` lines list
 * the codes an app can see, however they are delivered.
 *
 * @packageDocumentation
 */

import type { AsyncCallback, BusinessError, Callback, ErrorCallback } from './base.js';

/**
 * WebSocket client and server connections.
 *
 * @since 6
 */
export declare namespace webSocket {
  /**
   * An explicit HTTP proxy that the connection tunnels through with `CONNECT`.
   * (In the SDK this is an alias of `connection.HttpProxy`.)
   *
   * @since 12
   */
  interface HttpProxy {
    /**
     * Host name or address of the proxy; an empty host means "no proxy".
     *
     * @since 12
     */
    host: string;

    /**
     * Port of the proxy, 0 to 65535; anything else makes `connect` fail with 401.
     *
     * @since 12
     */
    port: number;

    /**
     * User name for the proxy. The device ignores it for WebSocket connections.
     *
     * @since 12
     */
    username?: string;

    /**
     * Password for the proxy. The device ignores it for WebSocket connections.
     *
     * @since 12
     */
    password?: string;

    /**
     * Hosts that are reached directly; a URL whose host is listed bypasses the proxy.
     *
     * @since 12
     */
    exclusionList: string[];
  }

  /**
   * Creates a WebSocket client object; it does not connect until `connect` is called.
   *
   * @returns A new, unconnected client.
   * @since 6
   */
  function createWebSocket(): WebSocket;

  /**
   * Options for opening a client connection. Properties of the wrong type are ignored
   * (their default applies), except `proxy` and `protocol`, which make `connect` fail with
   * 401. A property that is present but `undefined` counts as present.
   *
   * In a browser only `protocol` can be honoured natively; the others need the ohos-netkit
   * dev relay (see `configure` in `ohos-netkit/config`).
   *
   * @since 6
   */
  interface WebSocketRequestOptions {
    /**
     * Extra request headers for the opening handshake, as name/value pairs. Names are sent
     * in lower case; entries whose value is not a non-empty string are dropped. They are
     * added after the handshake's own headers, so `Host` or `Origin` here are duplicated,
     * not replaced.
     *
     * @since 6
     */
    header?: Object;

    /**
     * Path of a PEM file holding the CA certificates that `wss` servers are checked
     * against. A non-empty path that does not exist makes `connect` fail with 2302002,
     * even for `ws://` URLs. Without it the device uses the system CA directory
     * `/etc/security/certificates` (the SDK says `/etc/ssl/certs/cacert.pem`).
     *
     * @since 11
     */
    caPath?: string;

    /**
     * When `true`, `wss` connections also accept expired and untrusted certificates. Even
     * without it the device never checks the host name and accepts self-signed
     * certificates. Only a boolean counts.
     *
     * @default false
     * @since 20
     */
    skipServerCertVerification?: boolean;

    /**
     * Client certificate to present during the TLS handshake. If `certPath` is non-empty,
     * both `certPath` and `keyPath` must exist or `connect` fails with 2302002.
     *
     * @since 11
     */
    clientCert?: ClientCert;

    /**
     * Which proxy to use: `'system'` (the system's HTTP proxy), `'no-proxy'`, or an
     * explicit `HttpProxy`. Any other string, or a non-object, makes `connect` fail with 401.
     *
     * @default 'system'
     * @since 12
     */
    proxy?: ProxyConfiguration;

    /**
     * Value of the `Sec-WebSocket-Protocol` request header, sent verbatim (a comma-separated
     * list works). An empty string omits the header. If the server picks a protocol that is
     * not in the list, the connection fails with an `error` event. A non-string makes
     * `connect` fail with 401.
     *
     * @default ""
     * @since 12
     */
    protocol?: string;

    /**
     * Seconds without traffic after which the client sends a ping; 0 turns the heartbeat
     * off. Values above 30000 fall back to 30.
     *
     * @default 30
     * @since 21
     */
    pingInterval?: number;

    /**
     * Seconds to wait for the pong before the connection is treated as dropped (an `error`
     * then a `close` with code 0). A value larger than `pingInterval` is lowered to it,
     * except the value 30, which is kept.
     *
     * @default 30
     * @since 21
     */
    pongTimeout?: number;

    /**
     * Oldest TLS version the client accepts for `wss`; any value other than 1, 2 or 3 keeps
     * the TLS library's default.
     *
     * @since 26.0.0
     */
    minSupportTlsProtocol?: TlsProtocol;

    /**
     * When `true`, the `Origin` header carries the port (when it is not the scheme's
     * default); otherwise it carries the host alone. Only a boolean counts.
     *
     * @default false
     * @since 26.0.0
     */
    supportOriginPort?: boolean;
  }

  /**
   * The proxy choice for a connection: `'system'` uses the system's HTTP proxy,
   * `'no-proxy'` connects directly, an `HttpProxy` names one.
   *
   * @since 12
   */
  type ProxyConfiguration = 'system' | 'no-proxy' | HttpProxy;

  /**
   * A client certificate and its private key, as paths on the device.
   *
   * @since 11
   */
  interface ClientCert {
    /**
     * Path of the PEM certificate file.
     *
     * @since 11
     */
    certPath: string;

    /**
     * Path of the PEM private key file.
     *
     * @since 11
     */
    keyPath: string;

    /**
     * Passphrase of the private key.
     *
     * @default ""
     * @since 11
     */
    keyPassword?: string;
  }

  /**
   * Code and reason that a client puts in its close frame.
   *
   * @since 6
   */
  interface WebSocketCloseOptions {
    /**
     * Close code. Only 1000 to 1015 are used as given; any other number (including
     * 3000-4999) or a non-number becomes 1000.
     *
     * @default 1000
     * @since 6
     */
    code?: number;

    /**
     * Close reason. An empty or non-string value becomes `"CLOSE_NORMAL"` (the SDK says
     * `""`). The wire carries at most 123 bytes; the `close` event reports it untruncated.
     *
     * @default "CLOSE_NORMAL"
     * @since 6
     */
    reason?: string;
  }

  /**
   * Why a connection ended, as the `close` event reports it.
   *
   * Codes seen on the device: the peer's close code; the client's own (normalised) code
   * when the client called `close`; 1000 with reason `"The link is down"` for a close
   * frame without payload; 0 with `"The link is down"` for a drop (network loss,
   * heartbeat timeout), which is preceded by an `error` event. 1006 never appears.
   *
   * @since 10
   */
  interface CloseResult {
    /**
     * The close code (see the interface's description for the special values).
     *
     * @since 10
     */
    code: number;

    /**
     * The close reason; `"The link is down"` when the peer sent none.
     *
     * @since 10
     */
    reason: string;
  }

  /**
   * Status line of the opening handshake's response. The SDK declares this type for
   * ArkTS-static only; it is also exactly what the dynamic `open` event delivers (typed
   * `Object` there).
   *
   * @since 23
   */
  interface OpenResult {
    /**
     * HTTP status of the upgrade response, 101 in practice.
     *
     * @since 23
     */
    status: number;

    /**
     * Reason phrase of the status line, `"Switching Protocols"` in practice.
     *
     * @since 23
     */
    message: string;
  }

  /**
   * What the `openInfo` event reports about a completed opening handshake.
   *
   * @since 26.0.0
   */
  interface WebSocketOpenInfo {
    /**
     * HTTP status of the upgrade response, 101 in practice.
     *
     * @since 26.0.0
     */
    status: number;

    /**
     * Reason phrase of the status line, `"Switching Protocols"` in practice.
     *
     * @since 26.0.0
     */
    message: string;

    /**
     * The subprotocol the server chose; absent when it chose none.
     *
     * @since 26.0.0
     */
    protocol?: string;
  }

  /**
   * Response headers of the opening handshake, keyed by lower-case header name. The
   * device only ever puts single strings in it (never arrays), first occurrence wins.
   *
   * @since 12
   */
  type ResponseHeaders = {
    [k: string]: string | string[] | undefined;
  };

  /**
   * TLS protocol versions, for `WebSocketRequestOptions.minSupportTlsProtocol`.
   * A runtime object with these members exists.
   *
   * @since 26.0.0
   */
  enum TlsProtocol {
    /**
     * TLS 1.0.
     *
     * @since 26.0.0
     */
    TLS_V_1_0 = 0,

    /**
     * TLS 1.1.
     *
     * @since 26.0.0
     */
    TLS_V_1_1 = 1,

    /**
     * TLS 1.2.
     *
     * @since 26.0.0
     */
    TLS_V_1_2 = 2,

    /**
     * TLS 1.3.
     *
     * @since 26.0.0
     */
    TLS_V_1_3 = 3,
  }

  /**
   * A WebSocket client, made by `createWebSocket`. One object holds at most one
   * connection at a time; once a connection has fully ended, the object can connect again.
   *
   * Events: each event type has at most ONE listener; `on` replaces the previous one.
   * Listeners stay registered across closes and reconnects. An event that happens while
   * no listener is registered is dropped, not buffered. Listeners may be added after
   * `connect`, as long as it is before the event happens.
   *
   * Order for a successful connection: `headerReceive`, `open`, `openInfo`, then
   * `message`/`dataEnd` pairs, then `close` (preceded by `error` when the connection
   * dropped). A connection that fails before opening emits only `error`.
   *
   * Event names are checked by the types; at runtime the device silently ignores an
   * unknown name.
   *
   * @since 6
   */
  interface WebSocket {
    /**
     * Opens a connection to `url` and reports through `callback` whether the attempt was
     * started.
     *
     * `true` means the request was queued, not that the connection is open: wait for the
     * `open` event. Network, TLS and handshake failures are reported by the `error` event
     * (code 200), never here.
     *
     * @param url - A `ws://` or `wss://` URL (scheme is case-sensitive), shorter than 8196
     * UTF-8 bytes.
     * @param callback - Receives `(undefined, true)` or `(err, undefined)`.
     * @throws {BusinessError} 401 - `url` is not a string.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302001 - The scheme is not exactly `ws` or `wss`, or the URL
     * is 8196 bytes or longer.
     * @throws {BusinessError} 2302003 - This object already has a connection that is
     * connecting, open or closing.
     * @throws {BusinessError} 2302998 - An atomic service may not reach this host.
     * @throws {BusinessError} -1 - The connection could not be created at all
     * (undocumented code).
     * @throws {BusinessError} 2302999 - Any other internal failure.
     * @since 6
     */
    connect(url: string, callback: AsyncCallback<boolean>): void;

    /**
     * Opens a connection to `url` with `options` and reports through `callback` whether
     * the attempt was started.
     *
     * `true` means the request was queued, not that the connection is open: wait for the
     * `open` event. Network, TLS and handshake failures are reported by the `error` event
     * (code 200), never here.
     *
     * @param url - A `ws://` or `wss://` URL (scheme is case-sensitive), shorter than 8196
     * UTF-8 bytes.
     * @param options - Connection options; must be an object (an explicit `undefined` is
     * a 401).
     * @param callback - Receives `(undefined, true)` or `(err, undefined)`.
     * @throws {BusinessError} 401 - `url` is not a string, `options` is not an object, or
     * `options.proxy`/`options.protocol` is invalid.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302001 - The scheme is not exactly `ws` or `wss`, or the URL
     * is 8196 bytes or longer.
     * @throws {BusinessError} 2302002 - `caPath`, `clientCert.certPath` or
     * `clientCert.keyPath` names a file that does not exist.
     * @throws {BusinessError} 2302003 - This object already has a connection that is
     * connecting, open or closing.
     * @throws {BusinessError} 2302998 - An atomic service may not reach this host.
     * @throws {BusinessError} -1 - The connection could not be created at all
     * (undocumented code).
     * @throws {BusinessError} 2302999 - Any other internal failure.
     * @since 6
     */
    connect(url: string, options: WebSocketRequestOptions, callback: AsyncCallback<boolean>): void;

    /**
     * Opens a connection to `url`, optionally with `options`, and resolves once the
     * attempt was started.
     *
     * `true` means the request was queued, not that the connection is open: wait for the
     * `open` event. Network, TLS and handshake failures are reported by the `error` event
     * (code 200), never here.
     *
     * @param url - A `ws://` or `wss://` URL (scheme is case-sensitive), shorter than 8196
     * UTF-8 bytes.
     * @param options - Connection options. Omit the argument rather than passing
     * `undefined`: an explicit `undefined` is a 401 on the device.
     * @returns A promise that resolves with `true` or rejects with the error.
     * @throws {BusinessError} 401 - `url` is not a string, `options` is given but not an
     * object, or `options.proxy`/`options.protocol` is invalid.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302001 - The scheme is not exactly `ws` or `wss`, or the URL
     * is 8196 bytes or longer.
     * @throws {BusinessError} 2302002 - `caPath`, `clientCert.certPath` or
     * `clientCert.keyPath` names a file that does not exist.
     * @throws {BusinessError} 2302003 - This object already has a connection that is
     * connecting, open or closing.
     * @throws {BusinessError} 2302998 - An atomic service may not reach this host.
     * @throws {BusinessError} -1 - The connection could not be created at all
     * (undocumented code).
     * @throws {BusinessError} 2302999 - Any other internal failure.
     * @since 6
     */
    connect(url: string, options?: WebSocketRequestOptions): Promise<boolean>;

    /**
     * Sends one message, a text frame for a string and a binary frame for an
     * `ArrayBuffer`, and reports through `callback` that it was queued.
     *
     * @param data - Text or binary data (`ArrayBuffer` since API 8; typed arrays, views
     * and blobs are rejected), at most 5,242,864 bytes.
     * @param callback - Receives `(undefined, true)` or `(err, undefined)`.
     * @throws {BusinessError} 401 - `data` is neither a string nor an `ArrayBuffer`, or is
     * larger than 5,242,864 bytes.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} -1 - There is no connection, or it is already closing or
     * closed (undocumented code; message "Websocket Unknown Other Error").
     * @since 6
     */
    send(data: string | ArrayBuffer, callback: AsyncCallback<boolean>): void;

    /**
     * Sends one message, a text frame for a string and a binary frame for an
     * `ArrayBuffer`, and resolves once it was queued.
     *
     * @param data - Text or binary data (`ArrayBuffer` since API 8; typed arrays, views
     * and blobs are rejected), at most 5,242,864 bytes.
     * @returns A promise that resolves with `true` or rejects with the error.
     * @throws {BusinessError} 401 - `data` is neither a string nor an `ArrayBuffer`, or is
     * larger than 5,242,864 bytes.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} -1 - There is no connection, or it is already closing or
     * closed (undocumented code; message "Websocket Unknown Other Error").
     * @since 6
     */
    send(data: string | ArrayBuffer): Promise<boolean>;

    /**
     * Starts the closing handshake with code 1000 and reason `"CLOSE_NORMAL"`, and reports
     * through `callback` that it was queued. The `close` event follows later.
     *
     * @param callback - Receives `(undefined, true)` or `(err, undefined)`.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302999 - There is no connection, or `close` was already
     * called for it.
     * @since 6
     */
    close(callback: AsyncCallback<boolean>): void;

    /**
     * Starts the closing handshake with the given code and reason, and reports through
     * `callback` that it was queued. The `close` event later reports this code and reason
     * (normalised), not the server's echo.
     *
     * @param options - Close code and reason; codes outside 1000-1015 become 1000, an
     * empty reason becomes `"CLOSE_NORMAL"`.
     * @param callback - Receives `(undefined, true)` or `(err, undefined)`.
     * @throws {BusinessError} 401 - `options` is not an object (including an explicit
     * `null` or `undefined`).
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302999 - There is no connection, or `close` was already
     * called for it.
     * @since 6
     */
    close(options: WebSocketCloseOptions, callback: AsyncCallback<boolean>): void;

    /**
     * Starts the closing handshake, with the given code and reason or with 1000 and
     * `"CLOSE_NORMAL"`, and resolves once it was queued.
     *
     * @param options - Close code and reason; codes outside 1000-1015 become 1000, an
     * empty reason becomes `"CLOSE_NORMAL"`. Omit the argument rather than passing
     * `undefined`: an explicit `undefined` is a 401 on the device.
     * @returns A promise that resolves with `true` or rejects with the error.
     * @throws {BusinessError} 401 - `options` is given but not an object.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302999 - There is no connection, or `close` was already
     * called for it.
     * @since 6
     */
    close(options?: WebSocketCloseOptions): Promise<boolean>;

    /**
     * Sets the listener for the event `type`, replacing any previous one. Each event's
     * entry in `WebSocketEvents` says when it fires and what its listener receives; the
     * listener may declare fewer parameters than it is given.
     *
     * @param type - The event name: `'open'`, `'message'`, `'openInfo'`, `'close'`,
     * `'error'`, `'dataEnd'` or `'headerReceive'`.
     * @param callback - The listener, of the type the event map gives for `type`.
     * @throws {BusinessError} 401 - Thrown synchronously when `type` is not a string or
     * `callback` is not a function (on the device an `Error` whose `code` is the string
     * `"401"`).
     * @since 6
     */
    on<K extends keyof WebSocketEvents>(type: K, callback: WebSocketEvents[K]): void;

    /**
     * Removes the listener of the event `type`: whichever is registered without
     * `callback`, only that one with it.
     *
     * @param type - The event name, as for `on`.
     * @param callback - The listener to remove; nothing happens if it is not the one
     * registered (compared with `===`).
     * @throws {BusinessError} 401 - Thrown synchronously when `type` is not a string or
     * `callback` is given but not a function.
     * @since 6
     */
    off<K extends keyof WebSocketEvents>(type: K, callback?: WebSocketEvents[K]): void;
  }

  /**
   * Creates a WebSocket server object; it does not listen until `start` is called. (The
   * SDK says all devices since API 23 and TVs only before.) A browser cannot listen, so
   * in ohos-netkit the server runs in the dev relay.
   *
   * @returns A new, stopped server.
   * @since 19
   */
  function createWebSocketServer(): WebSocketServer;

  /**
   * Settings for `WebSocketServer.start`.
   *
   * @since 19
   */
  interface WebSocketServerConfig {
    /**
     * IPv4 or IPv6 literal of the interface to listen on. Absent or empty means every
     * interface (the SDK says `0.0.0.0`); anything other than an address literal makes
     * `start` fail with 2302004.
     *
     * @since 19
     */
    serverIP?: string;

    /**
     * Port to listen on, 0 to 65535; a larger value makes `start` fail with 2302005.
     *
     * @since 19
     */
    serverPort: number;

    /**
     * Certificate and key for a TLS server. A non-empty `certPath` whose certificate or key
     * is missing makes `start` fail with 2302002. On the device the server most likely
     * still speaks plain `ws://`.
     *
     * @since 19
     */
    serverCert?: ServerCert;

    /**
     * Subprotocol name. The device reads it but does not use it.
     *
     * @since 19
     */
    protocol?: string;

    /**
     * Most distinct client IP addresses served at once, at most 10 (a larger value makes
     * `start` fail with 2302999). The SDK documents 10 as the default; the device reads a
     * missing value as 0 and then admits nobody.
     *
     * @since 19
     */
    maxConcurrentClientsNumber: number;

    /**
     * Most connections from one client IP address, at most 10 (a larger value makes
     * `start` fail with 2302999). The SDK documents 10 as the default; the device reads a
     * missing value as 0 and then admits nobody.
     *
     * @since 19
     */
    maxConnectionsForOneClient: number;
  }

  /**
   * Certificate and private key of a TLS server, as paths on the device.
   *
   * @since 19
   */
  interface ServerCert {
    /**
     * Path of the PEM certificate file.
     *
     * @since 19
     */
    certPath: string;

    /**
     * Path of the PEM private key file.
     *
     * @since 19
     */
    keyPath: string;
  }

  /**
   * Identifies one client connection of a server by the client's address and port.
   *
   * @since 19
   */
  interface WebSocketConnection {
    /**
     * IP address of the client.
     *
     * @since 19
     */
    clientIP: string;

    /**
     * Source port of the client.
     *
     * @since 19
     */
    clientPort: number;
  }

  /**
   * A complete message a server received from a client.
   *
   * @since 19
   */
  interface WebSocketMessage {
    /**
     * The message: a string for text, an `ArrayBuffer` for binary.
     *
     * @since 19
     */
    data: string | ArrayBuffer;

    /**
     * The client that sent it.
     *
     * @since 19
     */
    clientConnection: WebSocketConnection;
  }

  /**
   * Listener for a server's `close` event, called with the client and why it left.
   *
   * Discrepancy: the SDK types the second argument as `CloseResult`, but the device sends
   * `{ code, closeReason }`: the reason is in a property named `closeReason`, and `reason`
   * is `undefined`. The type follows the SDK so that code written for it compiles. Codes:
   * the client's close code (reason `"The link is down"` when empty); 0 with
   * `"The link is down"` for a drop (after an `error` event); the options of the server's
   * own `close` (default 1000 / `"CLOSE_NORMAL"`); 1001 / `"server is going away"` after
   * `stop`.
   *
   * @param clientConnection - The client whose connection ended.
   * @param closeReason - Close code and reason (see the discrepancy above).
   * @since 19
   */
  type ClientConnectionCloseCallback = (clientConnection: WebSocketConnection, closeReason: CloseResult) => void;

  /**
   * A WebSocket server, made by `createWebSocketServer`.
   *
   * Events follow the client's rules: one listener per event type, `on` replaces the
   * previous one, unknown names are ignored at runtime (and rejected by these types).
   * All server events are plain callbacks (no `err` argument).
   *
   * A new client is refused (and `error` emitted) when the server is stopped, when it
   * would exceed `maxConcurrentClientsNumber` distinct IPs or `maxConnectionsForOneClient`
   * connections for its IP, or when its IP opened more than 50 connections within 60 s
   * (it is then banned for 60 s).
   *
   * @since 19
   */
  interface WebSocketServer {
    /**
     * Starts listening with `config` and resolves once the server runs. Calling it again
     * is not guarded: a second listener is created (same port: 2302007).
     *
     * @param config - Address, port, limits and optional certificate.
     * @returns A promise that resolves with `true` or rejects with the error.
     * @throws {BusinessError} 401 - `config` is missing or not an object.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302004 - `serverIP` is not an IPv4 or IPv6 literal.
     * @throws {BusinessError} 2302005 - `serverPort` is larger than 65535.
     * @throws {BusinessError} 2302999 - `maxConcurrentClientsNumber` or
     * `maxConnectionsForOneClient` is larger than 10.
     * @throws {BusinessError} 2302002 - The certificate or key file of `serverCert` does
     * not exist.
     * @throws {BusinessError} 2302007 - The port is already in use, or listening failed
     * otherwise.
     * @since 19
     */
    start(config: WebSocketServerConfig): Promise<boolean>;

    /**
     * Closes every client connection with 1001 `"server is going away"` and stops the
     * server; resolves once that was started.
     *
     * @returns A promise that resolves with `true` or rejects with the error.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302999 - The server is not running or already stopping,
     * or arguments were passed (a callback too: it is never called).
     * @since 19
     */
    stop(): Promise<boolean>;

    /**
     * Lists the clients currently connected.
     *
     * Discrepancy: the SDK declares this synchronous, returning the array, but the device
     * returns a promise of it (the SDK's own text says to `await` it). The type follows
     * the device, so `await server.listAllConnections()` is the form that compiles.
     *
     * @returns A promise that resolves with one entry per connection, or rejects with the
     * error.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302999 - The server is not running (never started or
     * stopped), or arguments were passed.
     * @since 19
     */
    listAllConnections(): Promise<WebSocketConnection[]>;

    /**
     * Sends one message to one client, a text frame for a string and a binary frame for an
     * `ArrayBuffer`, and resolves once it was queued.
     *
     * @param data - Text or binary data, at most 5,242,864 bytes.
     * @param connection - The client, as reported by `connect` or `listAllConnections`.
     * @returns A promise that resolves with `true` or rejects with the error.
     * @throws {BusinessError} 401 - `data` is neither a string nor an `ArrayBuffer` or is
     * too large, or `connection` lacks a numeric `clientPort` or a string `clientIP`.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302006 - No such client, or the server is not running.
     * @throws {BusinessError} -1 - The client's connection is closing, or another failure
     * (undocumented code).
     * @since 19
     */
    send(data: string | ArrayBuffer, connection: WebSocketConnection): Promise<boolean>;

    /**
     * Closes one client's connection and resolves once the close was queued.
     *
     * @param connection - The client, as reported by `connect` or `listAllConnections`.
     * @param options - Close code and reason. When given, the device requires BOTH a
     * numeric `code` and a string `reason` (else 401); codes outside 1000-1015 become
     * 1000, an empty reason becomes `"CLOSE_NORMAL"`. Without it: 1000 and
     * `"CLOSE_NORMAL"` (the SDK documents 200 / "Websocket connect failed").
     * @returns A promise that resolves with `true` or rejects with the error.
     * @throws {BusinessError} 401 - `connection` is malformed, or `options` lacks `code`
     * or `reason`.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2302006 - No such client, or the server is not running.
     * @throws {BusinessError} 2302999 - The client's connection is already closing, or
     * another failure.
     * @since 19
     */
    close(connection: WebSocketConnection, options?: WebSocketCloseOptions): Promise<boolean>;

    /**
     * Sets the listener for the event `type`, replacing any previous one. Each event's
     * entry in `WebSocketServerEvents` says when it fires and what its listener receives;
     * the listener may declare fewer parameters than it is given.
     *
     * @param type - The event name: `'connect'`, `'messageReceive'`, `'close'` or
     * `'error'`.
     * @param callback - The listener, of the type the event map gives for `type`.
     * @throws {BusinessError} 401 - Thrown synchronously when `type` is not a string or
     * `callback` is not a function.
     * @since 19
     */
    on<K extends keyof WebSocketServerEvents>(type: K, callback: WebSocketServerEvents[K]): void;

    /**
     * Removes the listener of the event `type`: whichever is registered without
     * `callback`, only that one with it.
     *
     * @param type - The event name, as for `on`.
     * @param callback - The listener to remove; nothing happens if it is not the one
     * registered (compared with `===`).
     * @throws {BusinessError} 401 - Thrown synchronously when `type` is not a string or
     * `callback` is given but not a function.
     * @since 19
     */
    off<K extends keyof WebSocketServerEvents>(type: K, callback?: WebSocketServerEvents[K]): void;
  }
}

/**
 * The events of a `webSocket.WebSocket` client, each name mapped to the type of its
 * listener. `on` and `off` take their parameter types from here, so a listener of the
 * wrong shape is reported against this type rather than against an unrelated event.
 *
 * Not part of the SDK, and so not exported: app code names the listener types
 * (`AsyncCallback<…>`, `Callback<…>`, `ErrorCallback`) as it would for the device.
 */
interface WebSocketEvents {
  /**
   * The opening handshake completed. Called as `(undefined, { status, message })`, an
   * `OpenResult` with 101 and `"Switching Protocols"`.
   *
   * @since 6
   */
  open: AsyncCallback<Object>;

  /**
   * One complete message arrived (fragments are put back together first). Called as
   * `(undefined, data)`: a string for a text message, an `ArrayBuffer` for a binary one
   * (since API 8); an empty binary message comes as `undefined`.
   *
   * @since 6
   */
  message: AsyncCallback<string | ArrayBuffer>;

  /**
   * Details of the completed handshake, reported right after `open`. Called as
   * `(undefined, info)`, with the subprotocol the server chose, if any.
   *
   * @since 26.0.0
   */
  openInfo: AsyncCallback<webSocket.WebSocketOpenInfo>;

  /**
   * An open connection ended. Called as `(undefined, { code, reason })`; see
   * `CloseResult` for the codes. A connection that never opened reports `error` alone.
   *
   * @since 6
   */
  close: AsyncCallback<webSocket.CloseResult>;

  /**
   * The connection failed or dropped. Called with the single object
   * `{ code: 200, data }` (it has no `message`): `data` is the HTTP status of a refused
   * upgrade as a decimal string, or `"0"` when there was none (a DNS, TCP or TLS
   * failure, or a drop after opening).
   *
   * @since 6
   */
  error: ErrorCallback;

  /**
   * Marks the end of one delivered message: called with `undefined` just after each
   * `message` event, and only while a `message` listener is registered as well.
   *
   * @since 11
   */
  dataEnd: Callback<void>;

  /**
   * The server accepted the handshake; called with the response's headers, before
   * `open`. A browser does not expose these headers, so ohos-netkit routes a connection
   * with this listener through the dev relay.
   *
   * @since 12
   */
  headerReceive: Callback<webSocket.ResponseHeaders>;
}

/**
 * The events of a `webSocket.WebSocketServer`, each name mapped to the type of its
 * listener; `on` and `off` take their parameter types from here. Server listeners are
 * plain callbacks, without an `err` argument first.
 *
 * Not part of the SDK, and so not exported (see `WebSocketEvents`).
 */
interface WebSocketServerEvents {
  /**
   * A client completed its opening handshake. Called with that client's connection.
   *
   * @since 19
   */
  connect: Callback<webSocket.WebSocketConnection>;

  /**
   * One complete message arrived from some client. Called with the data and the client
   * it came from. (A server has no `dataEnd` event.)
   *
   * @since 19
   */
  messageReceive: Callback<webSocket.WebSocketMessage>;

  /**
   * A client's connection ended. Called with two arguments, the client and the close
   * code and reason; `ClientConnectionCloseCallback` describes the codes and the name
   * under which the device really passes the reason.
   *
   * @since 19
   */
  close: webSocket.ClientConnectionCloseCallback;

  /**
   * A client was refused or a connection dropped. Called with `{ code: 200 }` and
   * nothing else.
   *
   * @since 19
   */
  error: ErrorCallback;
}

// The event maps above stay private to this file: without this, every top-level
// declaration of a declaration file counts as exported.
export {};
