/**
 * `npm run build:preview` (part of `npm run build`, so of `npm start`): bundles the
 * preview page's code with its editor (CodeMirror) into dist/preview/, which the
 * preview serves at /preview/build/. Everything the page runs is then on this machine:
 * it works offline. Not part of the published package (see "files" in package.json).
 *
 * - preview.js: the page (main.ts and what it imports), an ES module, with the editor
 *   (CodeMirror, most of its code) in a chunk of its own under chunks/, loaded at once;
 * - run-realm.js: the code of the frame each Run runs in (run-frame.html), an ES module;
 * - check-worker.js: the type checker's worker, a classic script, because it loads
 *   TypeScript (node_modules/typescript/lib/typescript.js, served as is) with importScripts.
 */
import { build, type BuildOptions } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// esbuild adds to outdir: an earlier build's chunk (its name carries a hash) would linger.
await rm(new URL('../dist/preview/', import.meta.url), { recursive: true, force: true });

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  outdir: 'dist/preview',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  // The editor (CodeMirror) in a chunk of its own, which main.ts imports while it fetches the rest.
  build({ ...common, entryPoints: { preview: 'preview/page/main.ts' }, format: 'esm', splitting: true, chunkNames: 'chunks/[name]-[hash]' }),
  build({ ...common, entryPoints: { 'run-realm': 'preview/page/run-realm.ts' }, format: 'esm' }),
  build({ ...common, entryPoints: { 'check-worker': 'preview/page/check-worker.ts' }, format: 'iife' }),
]);
