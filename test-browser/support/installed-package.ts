/**
 * ohos-netkit as `npm install` leaves it in a user's project: the tarball `npm pack`
 * makes of this repository (so only the published files, and the built dist/ they
 * hold), unpacked into node_modules/ohos-netkit of a temporary app, with its bin in
 * node_modules/.bin. Its dependencies, and the packages the test names, are links to
 * this repository's node_modules (the registry is not asked).
 *
 * The tarball holds the dist/ that `npm run build` made before the e2e run: it is packed
 * without lifecycle scripts (`prepare` would build dist/ again, under the feet of the
 * other workers' tests), once per worker process, and unpacked afresh for every app.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export interface InstalledPackage {
  /** The app's directory (its package.json is the app's own: another name and version). */
  readonly dir: string;
  /** node_modules/.bin/<name> of the app. */
  bin(name: string): string;
  /** The paths the tarball holds, sorted (what `npm publish` would ship). */
  readonly packedFiles: readonly string[];
  remove(): Promise<void>;
}

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly bin?: Record<string, string>;
}

interface Tarball {
  readonly path: string;
  readonly files: readonly string[];
}

let packed: Promise<Tarball> | undefined;

/** `npm pack` of this repository, once per process (the worker's tests share it); removed when the process exits. */
function packOnce(): Promise<Tarball> {
  packed ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-tarball-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO });
    const [{ filename, files }] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    return { path: join(dir, filename), files: files.map((file) => file.path).sort() };
  })();
  // A failed pack is not kept: the next spec tries again and reports its own error.
  packed.catch(() => (packed = undefined));
  return packed;
}

/** Packs and installs ohos-netkit into a fresh app; `alsoLinked` are packages the app itself depends on (e.g. @playwright/test). */
export async function installPackedPackage(alsoLinked: readonly string[] = []): Promise<InstalledPackage> {
  const tarball = await packOnce();
  const dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-installed-'));
  const modules = join(dir, 'node_modules');
  await mkdir(join(modules, '.bin'), { recursive: true });
  await run('tar', ['-xzf', tarball.path, '-C', modules]);
  const installed = join(modules, 'ohos-netkit');
  await rename(join(modules, 'package'), installed);
  const manifest = await readManifest(installed);
  await chmodBins(installed, manifest);
  await linkBins(modules, manifest.name, manifest);
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...alsoLinked]) {
    await mkdir(dirname(join(modules, name)), { recursive: true });
    await symlink(join(REPO, 'node_modules', name), join(modules, name), 'dir');
    await linkBins(modules, name, await readManifest(join(modules, name)));
  }
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'my-app', version: '7.7.7', private: true }, undefined, 2)}\n`);
  return {
    dir,
    bin: (name) => join(modules, '.bin', name),
    packedFiles: tarball.files,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function readManifest(packageDir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as Manifest;
}

/** The tarball does not say its bins are executable; npm makes them so when it installs. */
async function chmodBins(packageDir: string, manifest: Manifest): Promise<void> {
  for (const target of Object.values(manifest.bin ?? {})) await chmod(join(packageDir, target), 0o755);
}

/** node_modules/.bin/<name> for each bin of the package, as npm links them. */
async function linkBins(modules: string, packageName: string, manifest: Manifest): Promise<void> {
  for (const [name, target] of Object.entries(manifest.bin ?? {})) {
    await symlink(join('..', packageName, target), join(modules, '.bin', name));
  }
}
