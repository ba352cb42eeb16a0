import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRelayWith } from './create-relay.js';
import { describeFiles, describeTargets } from './describe-relay-settings.js';
import { resolveRelayOptions } from './relay-options.js';
import { CaptureLogger } from './testing/capture-logger.js';

describe('the sandbox directory, checked when the relay is made', () => {
  let parent: string;
  before(async () => {
    parent = await mkdtemp(join(tmpdir(), 'ohos-netkit-sandbox-check-'));
    await writeFile(join(parent, 'a-file'), 'not a directory');
  });
  after(() => rm(parent, { recursive: true, force: true }));

  const warningsFor = (sandboxDir: string | undefined): string[] => {
    const logger = new CaptureLogger();
    // A relay that carries no namespace: the check is the relay's own.
    createRelayWith(
      resolveRelayOptions(sandboxDir === undefined ? { logger } : { logger, sandboxDir }, { handshakeTimeoutMs: 5_000 }),
      () => [],
      () => [],
    );
    return logger.lines.filter((line) => line.startsWith('warn '));
  };

  it('warns when sandboxDir does not exist, or is a file, and says what that means', () => {
    const missing = join(parent, 'app-files');
    assert.deepEqual(warningsFor(missing), [
      `warn sandboxDir ${missing} does not exist: the relay runs, but every file a page names (caPath, clientCert, serverCert and multipart filePath) is missing`,
    ]);
    assert.match(warningsFor(join(parent, 'a-file')).join('\n'), /a-file is not a directory: the relay runs/);
    assert.match(describeFiles(missing), /which does not exist: every one is missing$/);
  });

  it('says nothing of a directory that exists, nor of no sandboxDir at all', () => {
    assert.deepEqual(warningsFor(parent), []);
    assert.deepEqual(warningsFor(undefined), []);
    assert.equal(describeFiles(parent), `caPath, clientCert, serverCert and multipart filePath inside ${parent}`);
  });
});

describe('describeTargets', () => {
  it('follows the outbound policy', () => {
    assert.equal(describeTargets({}), 'any host; never link-local, cloud-metadata, broadcast or multicast addresses, nor the relay itself');
    assert.equal(
      describeTargets({ allowHosts: ['a.test'], allowLoopbackOnly: true }),
      'only a.test, on loopback addresses only; never the relay itself',
    );
    assert.match(describeTargets({ denyLinkLocal: false }), /^any host, link-local, cloud-metadata, broadcast and multicast addresses ALLOWED;/);
  });
});
