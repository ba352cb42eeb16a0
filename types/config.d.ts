/**
 * Entry `ohos-netkit/config`: how the API reaches the network (direct, or through the
 * dev relay), which device conditions it plays, and where the app's WebSocketServers
 * really listen.
 *
 * The settings live on `globalThis.__OHOS_NETKIT_CONFIG__`, so a page (or a test) can also
 * set that global before the bundle loads.
 *
 * @packageDocumentation
 */

/**
 * Settings of the browser polyfill.
 */
export interface NetkitConfig {
  /**
   * Where the dev relay listens and the token of its current run. Without it, connections
   * that need the relay cannot be made.
   */
  relay?: {
    /** The relay's `ws://` address, as the relay prints it at start (loopback). */
    url: string;
    /** The per-run token the relay printed; it changes every time the relay starts. */
    token: string;
  };

  /**
   * Which connections go through the relay, when one is configured. `'always'`: every
   * connection, so that the device's behaviours only the relay can give hold (exact close
   * codes, a refused upgrade's status, a server choosing no subprotocol, redirects).
   * `'auto'`: only those that need it, because they use an option a browser cannot
   * honour (`header`, `caPath`, `clientCert`, `proxy`, `skipServerCertVerification`,
   * `pingInterval`/`pongTimeout`, `minSupportTlsProtocol`, `supportOriginPort`) or have a
   * `headerReceive` listener; the others stay on the browser's own WebSocket.
   *
   * @default 'always'
   */
  useRelay?: 'auto' | 'always';

  /**
   * When `true`, options that a browser cannot honour without the relay make `connect`
   * fail with 2302999 when no relay is available; when `false`, they only cause a console
   * warning.
   *
   * @default false
   */
  strict?: boolean;

  /**
   * Node only: the directory that relative `caPath` and `clientCert` paths resolve
   * against (the app's files; on the device, its sandbox). Browsers ignore it: the dev
   * relay reads files inside its own `sandboxDir`.
   *
   * @default the working directory at each connect
   */
  filesDir?: string;

  /** Plays a device condition a browser or Node does not have, so that the app's handling of it can be tested. Off by default. */
  device?: DeviceConditions;

  /** Node only: where the app's WebSocketServers listen (in a page the dev relay's `servers` option decides). */
  servers?: ServerListenSettings;
}

/** Device conditions an app must handle, on request. */
export interface DeviceConditions {
  /**
   * `false`: the app lacks `ohos.permission.INTERNET`: every network method fails with
   * 201 "Permission denied", checked first (after the arguments); `on`/`off` still work.
   *
   * @default true
   */
  internetPermission?: boolean;
  /**
   * The app is an atomic service allowed these domains only: `connect()` to another host
   * fails with 2302998. An entry is a host name, or `*.name` for its subdomains.
   */
  atomicServiceDomains?: readonly string[];
}

/** Where an app's WebSocketServer really listens (Node). */
export interface ServerListenSettings {
  /**
   * `'free'`: a free port for every server; a map: the port for an app port (0 = a free
   * one). `serverAddress(appPort)` tells where a server listens.
   *
   * @default the app's own port
   */
  ports?: 'free' | Readonly<Record<number, number>>;
  /**
   * `true`: bind loopback whatever `serverIP` says; `false`: as the device (an empty
   * `serverIP` is every interface).
   *
   * @default false
   */
  loopbackOnly?: boolean;
}

/** Where a server listens: its address and port. */
export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Where the app's WebSocketServer started on `appPort` (its `serverPort`) really
 * listens (a relay or `servers.ports` may have mapped it), or `undefined` while none
 * does.
 *
 * @param appPort - The `serverPort` the app asked for.
 */
export declare function serverAddress(appPort: number): ListeningAddress | undefined;

/**
 * Changes the settings; properties not given keep their current value.
 *
 * @param config - The settings to change.
 */
export declare function configure(config: Partial<NetkitConfig>): void;

/**
 * Returns the current settings.
 *
 * @returns The settings now in effect.
 */
export declare function getConfig(): NetkitConfig;
