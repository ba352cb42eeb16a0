import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { packageVersion } from './package-version.js';

describe('packageVersion', () => {
  it("is this repository's version, read from src/relay", async () => {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(packageVersion(), manifest.version);
  });

  it('finds the package.json of ohos-netkit above a chunk of an installed copy, past package.json files of other names', async () => {
    const app = await mkdtemp(join(tmpdir(), 'ohos-netkit-version-'));
    try {
      const installed = join(app, 'node_modules/ohos-netkit');
      await mkdir(join(installed, 'dist/node/chunks'), { recursive: true });
      await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'my-app', version: '1.0.0' }));
      await writeFile(join(installed, 'package.json'), JSON.stringify({ name: 'ohos-netkit', version: '9.8.7' }));
      await writeFile(join(installed, 'dist/package.json'), JSON.stringify({ type: 'module' }));
      assert.equal(packageVersion(pathToFileURL(join(installed, 'dist/node/chunks/start-relay-x.js')).href), '9.8.7');
      assert.equal(packageVersion(pathToFileURL(join(installed, 'dist/node/cli.js')).href), '9.8.7');
      assert.throws(() => packageVersion(pathToFileURL(join(app, 'src/x.js')).href), /no package\.json of ohos-netkit above/);
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  });
});
