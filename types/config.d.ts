/**
 * Entry `ohos-netkit/config`: how the browser polyfill reaches the dev relay.
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
   * Which connections go through the relay. `'auto'`: only those that need it, because
   * they use an option a browser cannot honour (`header`, `caPath`, `clientCert`, `proxy`,
   * `skipServerCertVerification`, `pingInterval`/`pongTimeout`, `minSupportTlsProtocol`,
   * `supportOriginPort`) or have a `headerReceive` listener. `'always'`: every connection.
   *
   * @default 'auto'
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
}

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
