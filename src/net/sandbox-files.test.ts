import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readTlsFiles } from './sandbox-files.js';
import { type RelayServer } from '../relay/start-relay.js';
import { startLoopbackRelay } from '../relay/testing/loopback-relay.js';
import { CaptureLogger } from '../relay/testing/capture-logger.js';
import { RelayTestClient } from '../relay/testing/relay-client.js';
import { startUpstreamServer, type UpstreamServer } from '../testing/upstream-server.js';
import { within } from '../testing/within.js';

describe('readTlsFiles', () => {
  let root: string;
  let sandbox: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ohos-netkit-sandbox-'));
    sandbox = join(root, 'files');
    await mkdir(join(sandbox, 'certs'), { recursive: true });
    await writeFile(join(sandbox, 'certs', 'ca.pem'), 'CA');
    await writeFile(join(sandbox, 'cert.pem'), 'CERT');
    await writeFile(join(sandbox, 'key.pem'), 'KEY');
    await writeFile(join(root, 'secret.pem'), 'OUTSIDE');
    await symlink(join(root, 'secret.pem'), join(sandbox, 'escape.pem'));
    await symlink(join(sandbox, 'certs', 'ca.pem'), join(sandbox, 'inside-link.pem'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('reads files inside the sandbox, by relative or absolute path, through inner symlinks', async () => {
    const outcome = await readTlsFiles(sandbox, {
      caPath: 'certs/ca.pem',
      clientCert: { certPath: join(sandbox, 'cert.pem'), keyPath: 'inside-link.pem', keyPassword: 'pw' },
    });
    assert.ok(outcome.ok);
    assert.equal(outcome.files.ca?.toString(), 'CA');
    assert.equal(outcome.files.cert?.toString(), 'CERT');
    assert.equal(outcome.files.key?.toString(), 'CA');
    assert.equal(outcome.files.passphrase, 'pw');
  });

  it('refuses a path that leaves the sandbox with .. or through a symlink', async () => {
    for (const caPath of ['../secret.pem', join(root, 'secret.pem'), 'escape.pem', 'certs/../../secret.pem']) {
      const outcome = await readTlsFiles(sandbox, { caPath });
      assert.equal(outcome.ok, false, caPath);
      assert.match(outcome.ok ? '' : outcome.reason, /outside the sandbox/, caPath);
    }
  });

  it('refuses missing files, caPath first, then cert, then key', async () => {
    const missingCa = await readTlsFiles(sandbox, { caPath: 'nope.pem', clientCert: { certPath: 'nope.pem', keyPath: 'nope.pem' } });
    assert.match(missingCa.ok ? '' : missingCa.reason, /^caPath: does not exist/);
    const missingKey = await readTlsFiles(sandbox, { clientCert: { certPath: 'cert.pem', keyPath: 'nope.pem' } });
    assert.match(missingKey.ok ? '' : missingKey.reason, /^clientCert.keyPath: does not exist/);
  });

  it('ignores empty paths and a key without a certificate (OH §5)', async () => {
    assert.deepEqual(await readTlsFiles(undefined, { caPath: '', clientCert: { certPath: '', keyPath: 'whatever.pem' } }), { ok: true, files: {} });
  });

  it('reads nothing at all without a sandbox', async () => {
    const outcome = await readTlsFiles(undefined, { caPath: join(sandbox, 'certs', 'ca.pem') });
    assert.match(outcome.ok ? '' : outcome.reason, /no sandboxDir/);
  });
});

describe('the relay answers file problems with 2302002', { timeout: 30_000 }, () => {
  const logger = new CaptureLogger();
  let root: string;
  let relay: RelayServer;
  let upstream: UpstreamServer;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ohos-netkit-sandbox-'));
    await mkdir(join(root, 'files'));
    await writeFile(join(root, 'outside.pem'), 'OUTSIDE');
    await writeFile(join(root, 'files', 'cert.pem'), 'INSIDE');
    await symlink(join(root, 'outside.pem'), join(root, 'files', 'link.pem'));
    upstream = await startUpstreamServer();
    relay = await startLoopbackRelay({ logger, sandboxDir: join(root, 'files') });
  });
  after(async () => {
    await relay.close();
    await upstream.close();
    await rm(root, { recursive: true, force: true });
  });

  for (const [name, options, why] of [
    ['a missing caPath (even for ws://)', { caPath: 'missing.pem' }, 'caPath: does not exist in the sandbox (ENOENT)'],
    ['a caPath escaping with ..', { caPath: '../outside.pem' }, 'caPath: resolves outside the sandbox'],
    ['a caPath escaping through a symlink', { caPath: 'link.pem' }, 'caPath: resolves outside the sandbox'],
    [
      'a missing client key',
      { clientCert: { certPath: 'cert.pem', keyPath: 'missing.key' } },
      'clientCert.keyPath: does not exist in the sandbox (ENOENT)',
    ],
  ] as const) {
    it(`refuses ${name}, and tells the page's developer why`, async () => {
      const client = await RelayTestClient.connect(relay, `${upstream.origin}/echo`, options);
      assert.deepEqual(await client.nextReply(), { op: 'rejected', code: 2302002, message: 'Websocket certificate file does not exist' });
      assert.deepEqual(client.whys, [why]);
      await within(client.closed, 5000, 'leg close');
    });
  }

  it('logs why, without file contents', () => {
    assert.ok(logger.matching('resolves outside the sandbox').length >= 2);
    assert.deepEqual(logger.matching('OUTSIDE'), []);
    assert.deepEqual(logger.matching('INSIDE'), []);
  });
});
