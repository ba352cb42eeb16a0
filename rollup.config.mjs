// Two worlds, kept apart at build time:
// - browser: ESM (one file per entry point) and one classic script that sets a global.
//   No externals: a stray `node:` or `ws` import is an unresolved import, and that
//   fails the build (see onwarn) instead of shipping a broken bundle.
// - node: the dev relay, its command line, the tooling entries and the API's Node
//   build, with node: builtins and our dependencies left external.
import typescript from '@rollup/plugin-typescript';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    exclude: ['src/**/*.test.ts'],
    noEmit: false,
    declaration: false,
    sourceMap: true,
    inlineSources: true,
  });

/** Browser builds must resolve everything they import. */
function failOnUnresolved(warning, warn) {
  if (warning.code === 'UNRESOLVED_IMPORT') {
    throw new Error(`browser build imports ${warning.exporter ?? warning.id}: browser code never imports Node code`);
  }
  warn(warning);
}

const browserEntries = {
  index: 'src/entries/browser/index.ts',
  'basic-services-kit': 'src/entries/basic-services-kit.ts',
  'ohos.net.webSocket': 'src/entries/browser/ohos-net-web-socket.ts',
  config: 'src/entries/browser/config.ts',
};

const nodeExternal = (id) =>
  id.startsWith('node:') ||
  Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }).some((dep) => id === dep || id.startsWith(`${dep}/`));

export default [
  {
    input: browserEntries,
    output: { dir: 'dist/browser', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [ts()],
    onwarn: failOnUnresolved,
  },
  {
    input: 'src/entries/browser/global.ts',
    // A classic script is one file: the relay transport's lazy chunk is inlined.
    output: { file: 'dist/ohos-netkit.global.js', format: 'iife', sourcemap: true, inlineDynamicImports: true },
    plugins: [ts()],
    onwarn: failOnUnresolved,
  },
  {
    // Node-only entries: the dev relay (ohos-netkit/relay) and its command line (bin
    // ohos-netkit), the bundler plugin (ohos-netkit/plugin) and the Playwright fixture
    // (ohos-netkit/playwright); and the API's Node build (the "node" condition of
    // ohos-netkit and ohos-netkit/ohos.net.webSocket: connections made in-process with
    // ws, no relay). basic-services-kit is built here too, so that a Node app's
    // BusinessError can be the very class the Node build throws. Shared code lands in
    // chunks; only cli.js gets the shebang.
    input: {
      relay: 'src/relay/index.ts',
      cli: 'src/relay/cli.ts',
      plugin: 'src/plugins/network-kit.ts',
      playwright: 'src/playwright/netkit-test.ts',
      index: 'src/entries/node/index.ts',
      'ohos.net.webSocket': 'src/entries/node/ohos-net-web-socket.ts',
      'basic-services-kit': 'src/entries/basic-services-kit.ts',
    },
    output: {
      dir: 'dist/node',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
    },
    external: nodeExternal,
    plugins: [ts()],
  },
];
