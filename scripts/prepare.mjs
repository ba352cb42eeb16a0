// npm's `prepare`: builds what the package ships (dist/, but the preview) wherever npm
// makes the package from this source tree: `npm pack`, `npm publish`, and an install from
// git. `prepare` is the one script npm runs for a git dependency (it installs the clone's
// devDependencies, runs `prepare`, then packs; `prepack` is never run there, and the
// package would arrive without dist/). npm also runs it on `npm install` and `npm ci` in
// this repository. Under `npm ci` it steps aside: CI runs `npm ci` and then `npm test`,
// which builds, and `npm start` builds too. A git dependency under an app's own `npm ci`
// is still built: npm prepares the clone with an `npm install` of its own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (process.env.npm_command === 'ci') {
  console.log('prepare: no build under npm ci (npm test and npm start build dist/; npm pack and installs from git build it here)');
  process.exit(0);
}
// The package manager that runs this script runs the build (which first removes the last
// build's files, but the preview's: see rollup.config.mjs): npm_execpath is its own CLI, a
// JavaScript file (so this works where `npm` is a .cmd too).
const runner = process.env.npm_execpath;
if (runner === undefined || runner === '') {
  console.error('prepare: run it through npm (npm run prepare)');
  process.exit(1);
}
const build = spawnSync(process.execPath, [runner, 'run', 'build:package'], { stdio: 'inherit', cwd: fileURLToPath(new URL('..', import.meta.url)) });
process.exit(build.status ?? 1);
