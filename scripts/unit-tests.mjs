// npm run test:unit: every src/**/*.test.ts and conformance/*.test.ts under node:test (Node 20's --test takes no
// glob), each test bounded by --test-timeout so a lost event fails a test instead of
// hanging the run; with --expose-gc, for the tests of what happens when the app's
// objects are collected (WS §4 "GC"). Extra arguments go to node --test (e.g. --watch, --test-name-pattern).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A lost event must fail a test; the slowest real test (openssl, tinyproxy) takes a few seconds. */
const TEST_TIMEOUT_MS = 60_000;

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const roots = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('-'));
const files = (roots.length > 0 ? roots : ['src', 'conformance']).flatMap((root) => (root.endsWith('.ts') ? [root] : testFiles(root))).sort();
const { status, error } = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--expose-gc', '--test', `--test-timeout=${TEST_TIMEOUT_MS}`, ...flags, ...files],
  {
    stdio: 'inherit',
  },
);
if (error) throw error;
process.exitCode = status ?? 1;
