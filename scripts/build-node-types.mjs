// npm run build: the declarations of the Node-only entries, one self-contained file each
// (dist/types/relay.d.ts, plugin.d.ts, playwright.d.ts). tsc emits a declaration per
// source module (tsconfig.node-types.json, into .tmp/), and rollup-plugin-dts bundles
// each entry's into one file holding only what its exports use: no internal module
// ships, and no type only our code needs (ws', say) is named where a user's compiler
// reads it. Our own types are inlined; whatever stays imported must be a package every
// user of that entry has, or the build fails.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const STAGE = '.tmp/node-types';
/**
 * Each entry's source, and the packages its declarations may import (`node:` stands for
 * Node's built-in modules, whose types are @types/node).
 */
const ENTRIES = {
  // A relay user writes a Node program, and has Node's types.
  relay: { source: 'src/relay/index.ts', imports: ['node:'] },
  // None: a Rollup project may have no Node types (only Vite's own declarations need them).
  plugin: { source: 'src/plugins/network-kit.ts', imports: [] },
  // What Playwright's own declarations need.
  playwright: { source: 'src/playwright/netkit-test.ts', imports: ['node:', '@playwright/test'] },
};

const mayImport = (allowed, id) => allowed.some((name) => (name.endsWith(':') ? id.startsWith(name) : id === name || id.startsWith(`${name}/`)));

/**
 * Puts the source's leading doc comment (the entry's own) at the top of its bundle:
 * bundling drops it, since it stood before imports that are gone.
 */
function entryDocumentation(source) {
  const own = /^\/\*\*(?:[^*]|\*(?!\/))*\*\//.exec(readFileSync(source, 'utf8'))?.[0];
  if (own === undefined) throw new Error(`build-node-types: ${source} does not start with a doc comment saying what the entry is`);
  return { name: 'entry-documentation', renderChunk: (code) => ({ code: `${own}\n${code}`, map: null }) };
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync(STAGE, { recursive: true, force: true });
const emitted = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.node-types.json'], { stdio: 'inherit' });
if (emitted.error) throw emitted.error;
if (emitted.status !== 0) throw new Error('build-node-types: tsc -p tsconfig.node-types.json failed');

for (const [name, { source, imports }] of Object.entries(ENTRIES)) {
  const bundle = await rollup({
    input: `${STAGE}/${source.slice('src/'.length).replace(/\.ts$/, '.d.ts')}`,
    plugins: [dts({ respectExternal: true }), entryDocumentation(source)],
    // Ours are followed and inlined; a package's stay imports, checked below.
    external: (id) => !id.startsWith('.') && !id.startsWith('/'),
    onwarn(warning) {
      throw new Error(`build-node-types: ${name}: ${warning.message}`);
    },
  });
  const { output } = await bundle.write({ file: `dist/types/${name}.d.ts`, format: 'es' });
  await bundle.close();
  const chunks = output.filter((chunk) => chunk.type === 'chunk');
  // A `/// <reference types>` directive needs its package as much as an import does (`node` is Node's types).
  const referenced = chunks.flatMap((chunk) =>
    [...chunk.code.matchAll(/^\/\/\/\s*<reference\s+types="([^"]+)"/gm)].map(([, types]) => (types === 'node' ? 'node:' : types)),
  );
  const imported = [...chunks.flatMap((chunk) => chunk.imports), ...referenced];
  const unexpected = imported.filter((id) => !mayImport(imports, id));
  if (unexpected.length > 0)
    throw new Error(`build-node-types: dist/types/${name}.d.ts imports ${unexpected.join(', ')}, which its users need not have`);
}
rmSync(STAGE, { recursive: true, force: true });
