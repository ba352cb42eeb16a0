/**
 * The ArkTS module names the plugin answers for, and what it answers with: this
 * package's browser or Node build, or, when the plugin has settings for the app, a small
 * virtual module that puts them on the config global and then re-exports that build.
 *
 * The settings travel in the module graph rather than in index.html so that they reach
 * every build that imports an ArkTS name: Vite's dev server, `vite build`, a Rollup
 * build (which has no HTML at all), an SSR bundle and a Vitest run.
 */
import { fileURLToPath } from 'node:url';
import { CONFIG_GLOBAL, type NetkitConfig } from '../core/netkit-config.js';

/** Where the resolved code runs: a page (dist/browser) or Node (dist/node: ws, every device option). */
export type CodeTarget = 'browser' | 'node';

interface ArktsModule {
  /** The file name of its entry in dist/browser and dist/node. */
  readonly entry: string;
  /** What the entry exports, so that the virtual module re-exports exactly that. */
  readonly exports: 'named' | 'default' | 'named and default';
}

const MODULES: Readonly<Record<string, ArktsModule>> = {
  '@kit.NetworkKit': { entry: 'index', exports: 'named and default' },
  '@kit.BasicServicesKit': { entry: 'basic-services-kit', exports: 'named' },
  '@ohos.net.webSocket': { entry: 'ohos.net.webSocket', exports: 'default' },
  '@ohos.net.http': { entry: 'ohos.net.http', exports: 'default' },
};

export const isArktsModule = (source: string): boolean => Object.hasOwn(MODULES, source);

/** ArkTS name → entry file name (the table the README's alias recipes spell out). */
export const ARKTS_ENTRIES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(MODULES).map(([name, module]) => [name, module.entry]),
);

/** dist/node/plugin.js → dist/<target>/*.js: the builds shipped next to it, wherever the package is installed. */
export const entryFile = (target: CodeTarget, source: string): string =>
  fileURLToPath(new URL(`../${target}/${MODULES[source]!.entry}.js`, import.meta.url));

// "\0" marks a module no other plugin should touch (the Rollup and Vite convention).
const VIRTUAL_PREFIX = '\0ohos-netkit:';
export const SETTINGS_MODULE = `${VIRTUAL_PREFIX}settings`;

/** The virtual module for an ArkTS name: one per target, so that SSR and the page never share a module. */
export const virtualModuleId = (target: CodeTarget, source: string): string => `${VIRTUAL_PREFIX}${target}/${source}`;

/** The target and ArkTS name of a virtual module id, or undefined for any other id. */
export function parseVirtualModuleId(id: string): { target: CodeTarget; source: string } | undefined {
  if (!id.startsWith(VIRTUAL_PREFIX)) return undefined;
  const [target, ...rest] = id.slice(VIRTUAL_PREFIX.length).split('/');
  const source = rest.join('/');
  if ((target !== 'browser' && target !== 'node') || !isArktsModule(source)) return undefined;
  return { target, source };
}

/** The ArkTS module: the settings first (imports run in order), then the build's exports. */
export function virtualModuleSource(target: CodeTarget, source: string): string {
  const file = JSON.stringify(entryFile(target, source));
  const exports = MODULES[source]!.exports;
  return [
    `import ${JSON.stringify(SETTINGS_MODULE)};`,
    exports === 'default' ? '' : `export * from ${file};`,
    exports === 'named' ? '' : `export { default } from ${file};`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The plugin's settings, under what the page (a script tag, the Playwright fixture, the
 * dev server's relay address) has already set: the page's own values win, key by key.
 */
export function settingsModuleSource(settings: NetkitConfig): string {
  const global = `globalThis[${JSON.stringify(CONFIG_GLOBAL)}]`;
  return `${global} = Object.assign({}, ${JSON.stringify(settings)}, ${global});\n`;
}
