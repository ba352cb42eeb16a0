/**
 * An app directory as a user has one: a copy of test-browser/apps/<name> in a
 * temporary directory, with ohos-netkit installed in its node_modules (a link to this
 * repository, so the package is resolved through its package.json like any dependency),
 * and `tools` (packages such as vitest, which the app runs) linked from this repository's
 * node_modules.
 */
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface InstalledApp {
  dir: string;
  remove(): Promise<void>;
}

export async function installApp(name: string, tools: readonly string[] = []): Promise<InstalledApp> {
  const dir = await mkdtemp(join(tmpdir(), `ohos-netkit-${name}-`));
  await cp(join(REPO, 'test-browser/apps', name), dir, { recursive: true });
  await mkdir(join(dir, 'node_modules'));
  await symlink(REPO, join(dir, 'node_modules/ohos-netkit'), 'dir');
  for (const tool of tools) await symlink(join(REPO, 'node_modules', tool), join(dir, 'node_modules', tool), 'dir');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
