// npm run build:package: everything the package ships, into dist/ (dist/preview is
// build:preview's). Two worlds, kept apart at build time:
// - browser: ESM (one file per entry point) and one classic script that sets a global.
//   No externals: a stray `node:` or `ws` import is an unresolved import, and that
//   fails the build (see onwarn) instead of shipping a broken bundle.
// - node: the dev relay, its command line, the tooling entries and the API's Node
//   build, with node: builtins and our dependencies left external; and the Node-only
//   entries' declarations, one self-contained file each.
import typescript from '@rollup/plugin-typescript';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// A chunk of an earlier build must not ship (chunk names carry a hash), so the package's
// outputs go first. The preview is not shipped and stays.
if (existsSync('dist')) for (const entry of readdirSync('dist')) if (entry !== 'preview') rmSync(`dist/${entry}`, { recursive: true, force: true });

/**
 * TypeScript 5.9 (this plugin crashes with 7) as a transpiler. Every file compiles alone
 * (isolatedModules), so the output does not depend on type checking, which is
 * `npm run typecheck`'s (noCheck: the plugin would check every build's program again,
 * and its findings would only be warnings). The browser builds compile with
 * tsconfig.browser.json: its options, and a program of the browser's files only.
 */
const ts = (tsconfig) =>
  typescript({
    tsconfig,
    include: ['src/**/*.ts'],
    exclude: ['src/**/*.test.ts'],
    noEmit: false,
    declaration: false,
    noCheck: true,
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
  'ohos.net.http': 'src/entries/browser/ohos-net-http.ts',
  config: 'src/entries/browser/config.ts',
};

/** One file per entry (the names the exports map points at), shared code in hashed chunks. */
const esm = (dir) => ({ dir, format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' });

const nodeExternal = (id) =>
  id.startsWith('node:') ||
  Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }).some((dep) => id === dep || id.startsWith(`${dep}/`));

/**
 * The Node-only entries' declarations (ohos-netkit/relay, …), emitted from their source so
 * their TSDoc has one home; the browser-facing API keeps its hand-written declarations in
 * types/. Each entry's source, and the packages its declarations may import (`node:`
 * stands for Node's built-in modules, whose types are @types/node).
 */
const NODE_DECLARATIONS = {
  // A relay user writes a Node program, and has Node's types.
  relay: { source: 'src/entries/relay/index.ts', imports: ['node:'] },
  // None: a Rollup project may have no Node types (only Vite's own declarations need them).
  plugin: { source: 'src/plugins/network-kit.ts', imports: [] },
  // What Playwright's own declarations need.
  playwright: { source: 'src/playwright/netkit-test.ts', imports: ['node:', '@playwright/test'] },
};

/**
 * rollup-plugin-dts has TypeScript 5.9 emit the declarations of every module an entry
 * reaches (tsconfig.json's options, with ES2022's library and Node's types but no DOM, as
 * a Node program compiles; a type or declaration error fails the build) and bundles them
 * into one file holding only what the entry's exports use: no internal module ships, and
 * no type only our code needs (ws', say) is named where a user's compiler reads it. Our
 * own types are inlined; a package's stay imports, and must be one its users have.
 */
const declarations = ([name, { source, imports }]) => ({
  input: source,
  output: { file: `dist/types/${name}.d.ts`, format: 'es' },
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  plugins: [
    dts({ respectExternal: true, tsconfig: 'tsconfig.json', compilerOptions: { lib: ['lib.es2022.d.ts'], preserveSymlinks: false } }),
    entryDocumentation(source),
    onlyImports(name, imports),
  ],
  onwarn(warning) {
    throw new Error(`dist/types/${name}.d.ts: ${warning.message}`);
  },
});

/**
 * Puts the source's leading doc comment (the entry's own) at the top of its bundle:
 * bundling drops it, since it stood before imports that are gone.
 */
function entryDocumentation(source) {
  const own = /^\/\*\*(?:[^*]|\*(?!\/))*\*\//.exec(readFileSync(source, 'utf8'))?.[0];
  if (own === undefined) throw new Error(`${source} does not start with a doc comment saying what the entry is`);
  return { name: 'entry-documentation', renderChunk: (code) => ({ code: `${own}\n${code}`, map: null }) };
}

/** Fails the build when the declarations import a package outside `allowed`. */
function onlyImports(name, allowed) {
  const mayImport = (id) => allowed.some((dep) => (dep.endsWith(':') ? id.startsWith(dep) : id === dep || id.startsWith(`${dep}/`)));
  return {
    name: 'declaration-imports',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // A `/// <reference types>` directive needs its package as much as an import does (`node` is Node's types).
        const referenced = [...chunk.code.matchAll(/^\/\/\/\s*<reference\s+types="([^"]+)"/gm)].map(([, types]) =>
          types === 'node' ? 'node:' : types,
        );
        const unexpected = [...chunk.imports, ...referenced].filter((id) => !mayImport(id));
        if (unexpected.length > 0) this.error(`dist/types/${name}.d.ts imports ${unexpected.join(', ')}, which its users need not have`);
      }
    },
  };
}

export default [
  {
    input: browserEntries,
    output: esm('dist/browser'),
    plugins: [ts('./tsconfig.browser.json')],
    onwarn: failOnUnresolved,
  },
  {
    input: 'src/entries/browser/global.ts',
    // A classic script is one file: the relay transport's lazy chunk is inlined.
    output: { file: 'dist/ohos-netkit.global.js', format: 'iife', sourcemap: true, inlineDynamicImports: true },
    plugins: [ts('./tsconfig.browser.json')],
    onwarn: failOnUnresolved,
  },
  {
    // Node-only entries: the dev relay (ohos-netkit/relay) and its command line (bin
    // ohos-netkit), the bundler plugin (ohos-netkit/plugin) and the Playwright fixture
    // (ohos-netkit/playwright); and the API's Node build (the "node" condition of
    // ohos-netkit, ohos-netkit/ohos.net.webSocket and ohos-netkit/ohos.net.http:
    // connections made in-process with ws and undici, no relay). basic-services-kit is
    // built here too, so that a Node app's BusinessError can be the very class the Node build throws. Shared code lands in
    // chunks; only cli.js gets the shebang.
    input: {
      relay: 'src/entries/relay/index.ts',
      cli: 'src/entries/relay/cli.ts',
      plugin: 'src/plugins/network-kit.ts',
      playwright: 'src/playwright/netkit-test.ts',
      index: 'src/entries/node/index.ts',
      'ohos.net.webSocket': 'src/entries/node/ohos-net-web-socket.ts',
      'ohos.net.http': 'src/entries/node/ohos-net-http.ts',
      'basic-services-kit': 'src/entries/basic-services-kit.ts',
    },
    output: { ...esm('dist/node'), banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
    external: nodeExternal,
    plugins: [ts('./tsconfig.json')],
  },
  // One build per entry, so that each file stands alone (no shared chunk).
  ...Object.entries(NODE_DECLARATIONS).map(declarations),
];
