// npm run typecheck: our sources with the TypeScript we build with, and the public types
// (the type tests in types/) with each TypeScript an app may check them with, 5.9 and 7.
//   node scripts/typecheck.mjs        all of it
//   node scripts/typecheck.mjs ts7    the public types with TypeScript 7 only
// Each compiler is called by its path: both packages install a `tsc` binary, and which of
// them node_modules/.bin/tsc ends up being is up to npm.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** The `tsc` script of an installed TypeScript package (TypeScript 7 does not export it). */
const tscOf = (pkg) => join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'tsc');

const PUBLIC_TYPES = ['types/tsconfig.json', 'types/tsconfig.loose.json', 'types/tsconfig.verbatim.json', 'types/tsconfig.readme.json'];
const runs = {
  ts5: { tsc: tscOf('typescript'), projects: ['tsconfig.check.json', 'tsconfig.isomorphic.json', 'tsconfig.browser.json', ...PUBLIC_TYPES] },
  ts7: { tsc: tscOf('typescript-7'), projects: PUBLIC_TYPES },
};

const chosen = process.argv.slice(2);
for (const name of chosen) if (!(name in runs)) throw new Error(`unknown compiler ${name}; known: ${Object.keys(runs).join(', ')}`);
let failed = 0;
for (const name of chosen.length > 0 ? chosen : Object.keys(runs)) {
  const { tsc, projects } = runs[name];
  for (const project of projects) {
    const { status, error } = spawnSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
    if (error) throw error;
    if (status !== 0) {
      failed++;
      console.error(`typecheck: ${name} -p ${project} failed`);
    }
  }
}
process.exitCode = failed === 0 ? 0 : 1;
