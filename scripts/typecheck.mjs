// npm run typecheck: our sources with the TypeScript we build with, and the public types
// (the type tests in types/) with each TypeScript an app may check them with, 5.9 and 7.
//   node scripts/typecheck.mjs        all of it
//   node scripts/typecheck.mjs ts7    the public types with TypeScript 7 only
// Each compiler is called by its path: both packages install a `tsc` binary, and which of
// them node_modules/.bin/tsc ends up being is up to npm. The projects are independent:
// as many run at once as there are cores, each one's messages printed when it ends.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** The `tsc` script of an installed TypeScript package (TypeScript 7 does not export it). */
const tscOf = (pkg) => join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'tsc');

const PUBLIC_TYPES = ['types/tsconfig.json', 'types/tsconfig.loose.json', 'types/tsconfig.verbatim.json', 'types/tsconfig.readme.json'];
const runs = {
  // tsconfig.check.json, the longest by far, first.
  ts5: { tsc: tscOf('typescript'), projects: ['tsconfig.check.json', 'tsconfig.isomorphic.json', 'tsconfig.browser.json', ...PUBLIC_TYPES] },
  ts7: { tsc: tscOf('typescript-7'), projects: PUBLIC_TYPES },
};

const chosen = process.argv.slice(2);
for (const name of chosen) if (!(name in runs)) throw new Error(`unknown compiler ${name}; known: ${Object.keys(runs).join(', ')}`);
const queue = (chosen.length > 0 ? chosen : Object.keys(runs)).flatMap((name) =>
  runs[name].projects.map((project) => ({ name, tsc: runs[name].tsc, project })),
);

/** Runs one project; resolves to whether it passed. */
function check({ name, tsc, project }) {
  return new Promise((resolve, reject) => {
    const args = [tsc, '-p', project, ...(process.stdout.isTTY ? ['--pretty'] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      for (const chunk of output) process.stdout.write(chunk);
      if (status !== 0) console.error(`typecheck: ${name} -p ${project} failed`);
      resolve(status === 0);
    });
  });
}

let failed = 0;
async function worker() {
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) if (!(await check(next))) failed++;
}
await Promise.all(Array.from({ length: Math.min(availableParallelism(), queue.length) }, worker));
process.exitCode = failed === 0 ? 0 : 1;
