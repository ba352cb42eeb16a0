/**
 * How this page's connections reach the network. Kept on a global rather than in
 * module state so that every copy of the library on the page (the ESM build, the
 * classic script, a second bundle) and every tool that sets it up before app code
 * runs (the Playwright fixture, the Vite plugin, a plain <script>) agree.
 */
export interface NetkitConfig {
  /** The dev relay: its ws:// address and its per-run token. */
  relay?: { url: string; token: string };
  /**
   * With a relay configured: 'always' (the default) sends every connection through it,
   * so the device behaviours only the relay can give hold without a further setting
   * (exact close codes both ways, a refused upgrade's real status, a server that picks
   * no subprotocol, `'system'` proxies); 'auto' sends only the connections that need it
   * (an option a browser cannot honour, a headerReceive listener) and keeps the others
   * on the browser's own WebSocket, for direct speed. Without a relay it does nothing.
   */
  useRelay?: 'auto' | 'always';
  /** Refuse (2302999) what direct mode cannot honour instead of warning about it. */
  strict?: boolean;
  /**
   * Node only: the directory that relative caPath and clientCert paths resolve against
   * (the app's files; on the device, its sandbox). Default: the working directory at
   * each connect. Browsers ignore it (the dev relay has its own sandboxDir).
   */
  filesDir?: string;
  /**
   * Makes the API behave as a device in a condition a browser or Node does not have, so
   * that an app's handling of it can be tested. Off by default.
   */
  device?: DeviceConditions;
  /**
   * Node only: where the app's WebSocketServers listen (a page's listen through the dev
   * relay, whose own `servers` option decides there).
   */
  servers?: ServerListenSettings;
}

/** Where an app's WebSocketServer really listens (Node's setting; the relay has the same as an option). */
export interface ServerListenSettings {
  /**
   * The port bound for the app's `serverPort`: 'free' picks a free one for every port,
   * a map names one per app port (0 = a free one; ports not in it are bound as asked).
   * `serverAddress(appPort)` from `ohos-netkit/config` tells where it listens.
   * @default the app's own port
   */
  ports?: 'free' | Readonly<Record<number, number>>;
  /**
   * true: bind loopback (127.0.0.1, ::1 for an IPv6 serverIP) whatever serverIP says;
   * false: as the device, an empty serverIP is every interface.
   * @default false in Node (the relay's default is loopback)
   */
  loopbackOnly?: boolean;
}

/** Device conditions an app must handle (WS §4, §7), on request. */
export interface DeviceConditions {
  /**
   * false: the app lacks `ohos.permission.INTERNET`. Every method that uses the network
   * (not on/off) fails with 201 "Permission denied", checked before anything else.
   * @default true
   */
  internetPermission?: boolean;
  /**
   * The app is an atomic service allowed these domains only: connect() to any other
   * host fails with 2302998 "It is not allowed to access this domain", checked right
   * after the permission. An entry is a host name (compared without case) or
   * `*.example.com` for its subdomains. Undefined: not an atomic service.
   */
  atomicServiceDomains?: readonly string[];
}

export const CONFIG_GLOBAL = '__OHOS_NETKIT_CONFIG__';

type ConfigHolder = { [CONFIG_GLOBAL]?: NetkitConfig };

export function getConfig(): NetkitConfig {
  return (globalThis as ConfigHolder)[CONFIG_GLOBAL] ?? {};
}

export function configure(config: Partial<NetkitConfig>): void {
  (globalThis as ConfigHolder)[CONFIG_GLOBAL] = { ...getConfig(), ...config };
}
