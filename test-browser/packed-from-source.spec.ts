import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

// The package as npm makes it from a fresh clone, where git holds no dist/: `npm pack`
// (and an install from git, which packs the clone the same way after `prepare`) must
// build what the package ships. The clone is the working tree's files as git would
// commit them (tracked and untracked, not ignored), copied, with this repository's
// node_modules linked in: nothing is committed, and the registry is not asked.

const REPO = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

// A whole build of the package on a shared 2-core machine.
// One clone, the tests in order (the first needs it without dist/).
test.describe.configure({ mode: 'default', timeout: 300_000 });

let clone: string;
test.beforeAll(async () => {
  clone = await mkdtemp(join(tmpdir(), 'ohos-netkit-clone-'));
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  // A file deleted in the working tree is still in the index: a commit would drop it.
  const files = stdout.split('\0').filter((file) => file !== '' && existsSync(join(REPO, file)));
  for (const file of files) {
    await mkdir(dirname(join(clone, file)), { recursive: true });
    await copyFile(join(REPO, file), join(clone, file));
  }
  await symlink(join(REPO, 'node_modules'), join(clone, 'node_modules'), 'dir');
});
test.afterAll(async () => {
  if (clone !== undefined) await rm(clone, { recursive: true, force: true });
});

test('under npm ci, prepare builds nothing (CI builds with npm test)', async () => {
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  // As npm runs it there: npm_command is how the script tells `npm ci` from the rest.
  const { stdout } = await run(process.execPath, ['scripts/prepare.mjs'], { cwd: clone, env: { ...process.env, npm_command: 'ci' } });
  expect(stdout).toContain('prepare: no build under npm ci');
  expect(existsSync(join(clone, 'dist'))).toBe(false);
});

test('npm pack of a clone without dist/ builds it: the tarball holds every file the manifest names, and no preview', async () => {
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  const manifest = JSON.parse(await readFile(join(clone, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    exports: Record<string, string | Record<string, string | null>>;
    bin: Record<string, string>;
    types: string;
  };
  // The build's own output goes to npm's stdout too: what counts is the tarball.
  await run('npm', ['pack', '--pack-destination', clone], { cwd: clone, maxBuffer: 64 * 1024 * 1024 });
  const listing = await run('tar', ['-tzf', join(clone, `${manifest.name}-${manifest.version}.tgz`)], { maxBuffer: 16 * 1024 * 1024 });
  const packed = new Set(
    listing.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.replace(/^package\//, '')),
  );

  const named = [
    ...Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target))),
    ...Object.values(manifest.bin),
    manifest.types,
  ]
    .filter((target): target is string => target !== null)
    .map((target) => target.replace(/^\.\//, ''));
  expect(named.filter((path) => path.startsWith('dist/')).length).toBeGreaterThan(10);
  expect(named.filter((path) => !packed.has(path))).toEqual([]);
  // The browser build's chunks, loaded by its entries, came along too.
  expect([...packed].some((path) => /^dist\/browser\/chunks\/relay-transport-[^/]+\.js$/.test(path))).toBe(true);
  expect([...packed].filter((path) => path.startsWith('dist/preview/'))).toEqual([]);
});
