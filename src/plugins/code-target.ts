/**
 * Which build of the package an import gets: the Node build where the importing code
 * runs in Node, the browser build in a page. A test runner that reads the app's Vite
 * config (Vitest) runs the app's code in Node, where the browser build has no
 * WebSocket of its own (Node 20) and could not honour the device options anyway.
 */
import type { CodeTarget } from './arkts-modules.js';

/** What resolveId sees of the bundler: Vite's `ssr` flag (every version) and its environment (Vite 6+). */
export interface ResolveSite {
  ssr?: boolean | undefined;
  environment?: { config: { consumer?: string } } | undefined;
}

export interface ViteConfigLike {
  plugins: readonly { name: string }[];
}

/**
 * Vitest's own Vite server: its plugins are there, and those of its browser mode (whose
 * tests run in a real page, served by a server of their own) are not. Every
 * environment of this server runs its modules in Node, `jsdom` and `happy-dom` ones too.
 */
export function isVitestNodeServer(config: ViteConfigLike): boolean {
  const names = new Set(config.plugins.map((plugin) => plugin.name));
  return (names.has('vitest') || names.has('vitest:project')) && !names.has('vitest:browser');
}

export function codeTarget(site: ResolveSite, vitestNodeServer: boolean): CodeTarget {
  if (vitestNodeServer || site.ssr === true || site.environment?.config.consumer === 'server') return 'node';
  return 'browser';
}
