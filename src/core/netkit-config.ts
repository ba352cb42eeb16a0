/**
 * How this page's connections reach the network. Kept on a global rather than in
 * module state so that every copy of the library on the page (the ESM build, the
 * classic script, a second bundle) and every tool that sets it up before app code
 * runs (the Playwright fixture, the Vite plugin, a plain <script>) agree.
 */
export interface NetkitConfig {
  /** The dev relay: its ws:// address and its per-run token. */
  relay?: { url: string; token: string };
  /** 'auto': only connections that need the relay use it; 'always': every connection does. */
  useRelay?: 'auto' | 'always';
  /** Refuse (2302999) what direct mode cannot honour instead of warning about it. */
  strict?: boolean;
  /**
   * Node only: the directory that relative caPath and clientCert paths resolve against
   * (the app's files; on the device, its sandbox). Default: the working directory at
   * each connect. Browsers ignore it (the dev relay has its own sandboxDir).
   */
  filesDir?: string;
}

export const CONFIG_GLOBAL = '__OHOS_NETKIT_CONFIG__';

type ConfigHolder = { [CONFIG_GLOBAL]?: NetkitConfig };

export function getConfig(): NetkitConfig {
  return (globalThis as ConfigHolder)[CONFIG_GLOBAL] ?? {};
}

export function configure(config: Partial<NetkitConfig>): void {
  (globalThis as ConfigHolder)[CONFIG_GLOBAL] = { ...getConfig(), ...config };
}
