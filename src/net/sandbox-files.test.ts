import assert from 'node:assert/strict';
import { renameSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_SYMLINK_HOPS } from './resolve-in-sandbox.js';
import { readTlsFiles, type TlsFilesOutcome } from './sandbox-files.js';
import { observeFileSystem, type FileSystemCall } from '../testing/observe-file-system.js';
import { type RelayServer } from '../entries/relay/compose-relay.js';
import { startLoopbackRelay } from '../entries/relay/testing/loopback-relay.js';
import { CaptureLogger } from '../relay/testing/capture-logger.js';
import { RelayTestClient } from '../web-socket/relay/testing/relay-client.js';
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

  it('ignores empty paths and a key without a certificate (WS §5)', async () => {
    assert.deepEqual(await readTlsFiles(undefined, { caPath: '', clientCert: { certPath: '', keyPath: 'whatever.pem' } }), { ok: true, files: {} });
  });

  it('reads nothing at all without a sandbox', async () => {
    const outcome = await readTlsFiles(undefined, { caPath: join(sandbox, 'certs', 'ca.pem') });
    assert.match(outcome.ok ? '' : outcome.reason, /no sandboxDir/);
  });
});

describe('readTlsFiles: no existence oracle outside the sandbox', () => {
  let root: string;
  let sandbox: string;
  const outsideWhy = 'caPath: resolves outside the sandbox';

  before(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'ohos-netkit-oracle-')));
    sandbox = join(root, 'files');
    await mkdir(join(sandbox, 'certs'), { recursive: true });
    await mkdir(join(root, 'outside', 'dir'), { recursive: true });
    await writeFile(join(sandbox, 'certs', 'ca.pem'), 'CA');
    await writeFile(join(sandbox, 'cert.pem'), 'CERT');
    await writeFile(join(root, 'secret.pem'), 'OUTSIDE');
    await writeFile(join(root, 'outside', 'dir', 'child.pem'), 'OUTSIDE');
    // An outside link that leads back in: the walk must not follow it even so.
    await symlink(join(sandbox, 'certs', 'ca.pem'), join(root, 'outside', 'back-in.pem'));
    const links: Array<[string, string]> = [
      ['escape.pem', join(root, 'secret.pem')],
      ['escape-missing.pem', join(root, 'missing.pem')],
      ['escape-rel.pem', '../secret.pem'],
      ['escape-rel-missing.pem', '../missing.pem'],
      ['out-dir', join(root, 'outside', 'dir')],
      ['out-dir-missing', join(root, 'outside', 'no-dir')],
      ['chain-a', 'chain-b'],
      ['chain-b', 'certs/../chain-c'],
      ['chain-c', '../secret.pem'],
      ['chain-missing-a', 'chain-missing-b'],
      ['chain-missing-b', 'certs/../chain-missing-c'],
      ['chain-missing-c', '../missing.pem'],
      ['via-outside.pem', join(root, 'outside', 'back-in.pem')],
      ['loop-a', 'loop-b'],
      ['loop-b', 'loop-a'],
      ['self', 'self'],
      ['certs-link', 'certs'],
      ['absolute-inside.pem', join(sandbox, 'certs', 'ca.pem')],
    ];
    for (const [name, target] of links) await symlink(target, join(sandbox, name));
    // A chain of exactly MAX_SYMLINK_HOPS links ends at the file; one more is a loop.
    for (let hop = 1; hop <= MAX_SYMLINK_HOPS; hop++) {
      await symlink(hop === MAX_SYMLINK_HOPS ? 'certs/ca.pem' : `hop-${hop + 1}`, join(sandbox, `hop-${hop}`));
    }
    await symlink('hop-1', join(sandbox, 'hop-0'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  /** readTlsFiles for one caPath, with every file system call it made. */
  async function read(caPath: string): Promise<{ outcome: TlsFilesOutcome; calls: FileSystemCall[] }> {
    const { result, calls } = await observeFileSystem(() => readTlsFiles(sandbox, { caPath }));
    return { outcome: result, calls };
  }

  /** Every call was about the sandbox or something in it (its own realpath() aside, made with the configured path). */
  function assertStaysInside(calls: readonly FileSystemCall[], caPath: string): void {
    for (const call of calls) {
      if (call.name === 'realpath' && call.path === sandbox) continue;
      assert.ok(call.path === sandbox || call.path.startsWith(`${sandbox}${sep}`), `${caPath}: ${call.name}(${call.path}) is outside the sandbox`);
    }
  }

  it('the observer sees the calls a read makes (so that its silence below means something)', async () => {
    const { outcome, calls } = await read('certs/ca.pem');
    assert.equal(outcome.ok && outcome.files.ca?.toString(), 'CA');
    assert.deepEqual(
      calls.map((call) => `${call.name} ${call.path}`),
      [
        `realpath ${sandbox}`,
        `lstat ${join(sandbox, 'certs')}`,
        `lstat ${join(sandbox, 'certs', 'ca.pem')}`,
        `open ${join(sandbox, 'certs', 'ca.pem')}`,
      ],
    );
  });

  // Each pair: the same place outside, once where a file exists and once where none does.
  const pairs: Array<[string, (root: string) => [existing: string, missing: string]]> = [
    ['by absolute path', (at) => [join(at, 'secret.pem'), join(at, 'missing.pem')]],
    ['by absolute path into a directory outside', (at) => [join(at, 'outside', 'dir', 'child.pem'), join(at, 'outside', 'dir', 'missing.pem')]],
    [
      'by an absolute path that starts in the sandbox and climbs out',
      (at) => [[at, 'files', '..', 'secret.pem'].join(sep), [at, 'files', '..', 'missing.pem'].join(sep)],
    ],
    ['by ../x', () => ['../secret.pem', '../missing.pem']],
    ['by a/../../x', () => ['certs/../../secret.pem', 'certs/../../missing.pem']],
    ['by missing/../../x', () => ['missing/../../secret.pem', 'missing/../../missing.pem']],
    ['by file/../../x (a file where a directory should be)', () => ['cert.pem/../../secret.pem', 'cert.pem/../../missing.pem']],
    ['by ./../x', () => ['./../secret.pem', './../missing.pem']],
    ['by ../files/../x', () => ['../files/../secret.pem', '../files/../missing.pem']],
    ['through a symlink to a file outside', () => ['escape.pem', 'escape-missing.pem']],
    ['through a relative symlink to a file outside', () => ['escape-rel.pem', 'escape-rel-missing.pem']],
    ['through a symlink to a directory outside, then a child', () => ['out-dir/child.pem', 'out-dir/missing.pem']],
    ['through a symlink to a directory outside that is not there', () => ['out-dir/child.pem', 'out-dir-missing/child.pem']],
    ['through a chain of symlinks', () => ['chain-a', 'chain-missing-a']],
    ['through an inner symlink, then ..', () => ['certs-link/../../secret.pem', 'certs-link/../../missing.pem']],
  ];
  for (const [name, paths] of pairs) {
    it(`answers a path out of the sandbox ${name} the same whether a file is there or not, without a look outside`, async () => {
      const [existing, missing] = paths(root);
      const found = await read(existing);
      const notFound = await read(missing);
      assert.deepEqual(found.outcome, { ok: false, reason: outsideWhy }, existing);
      assert.deepEqual(notFound.outcome, found.outcome, missing);
      assertStaysInside(found.calls, existing);
      assertStaysInside(notFound.calls, missing);
      // The same steps in the same order: nothing to time either.
      assert.deepEqual(
        notFound.calls.map((call) => call.name),
        found.calls.map((call) => call.name),
      );
    });
  }

  it('never follows a link outside, even one that leads back in', async () => {
    const { outcome, calls } = await read('via-outside.pem');
    assert.deepEqual(outcome, { ok: false, reason: outsideWhy });
    assertStaysInside(calls, 'via-outside.pem');
  });

  it('answers symlink loops as realpath does (ELOOP, a missing file), after at most MAX_SYMLINK_HOPS links', async () => {
    for (const caPath of ['loop-a', 'self', 'certs/../loop-b']) {
      const { outcome, calls } = await read(caPath);
      assert.deepEqual(outcome, { ok: false, reason: 'caPath: does not exist in the sandbox (ELOOP)' }, caPath);
      assertStaysInside(calls, caPath);
      assert.ok(calls.filter((call) => call.name === 'readlink').length <= MAX_SYMLINK_HOPS, caPath);
    }
    const chain = await read(`hop-1`);
    assert.equal(chain.outcome.ok && chain.outcome.files.ca?.toString(), 'CA', `${MAX_SYMLINK_HOPS} links are followed`);
    assert.deepEqual((await read('hop-0')).outcome, { ok: false, reason: 'caPath: does not exist in the sandbox (ELOOP)' });
  });

  it('keeps what lies inside: relative and absolute paths, inner links, .. through an inner link, missing files (ENOENT, ENOTDIR)', async () => {
    for (const [caPath, content] of [
      ['certs/ca.pem', 'CA'],
      ['./certs/./ca.pem', 'CA'],
      ['certs/../certs/ca.pem', 'CA'],
      ['certs-link/ca.pem', 'CA'],
      ['certs-link/../cert.pem', 'CERT'],
      ['absolute-inside.pem', 'CA'],
    ] as const) {
      const { outcome, calls } = await read(caPath);
      assertStaysInside(calls, caPath);
      assert.equal(outcome.ok && outcome.files.ca?.toString(), content, caPath);
    }
    for (const absolute of [join(sandbox, 'cert.pem'), `${sandbox}${sep}${sep}cert.pem`]) {
      const { outcome } = await read(absolute);
      assert.equal(outcome.ok && outcome.files.ca?.toString(), 'CERT', absolute);
    }
    const missing: Array<[string, string]> = [
      ['nope.pem', 'ENOENT'],
      ['missing/ca.pem', 'ENOENT'],
      ['missing/../ca.pem', 'ENOENT'],
      ['cert.pem/', 'ENOTDIR'],
      ['cert.pem/../cert.pem', 'ENOTDIR'],
      [join(sandbox, 'nope.pem'), 'ENOENT'],
      ['x'.repeat(5000), 'ENAMETOOLONG'],
    ];
    for (const [caPath, code] of missing) {
      assert.deepEqual((await read(caPath)).outcome, { ok: false, reason: `caPath: does not exist in the sandbox (${code})` }, caPath);
    }
    for (const caPath of ['certs', '.', 'certs/..', sandbox]) {
      assert.deepEqual((await read(caPath)).outcome, { ok: false, reason: 'caPath: is not a regular file' }, caPath);
    }
  });

  it('takes absolute paths under the sandbox as configured, when that is a symlink to it', async () => {
    const alias = join(root, 'alias');
    await symlink(sandbox, alias);
    const { result } = await observeFileSystem(() => readTlsFiles(alias, { caPath: join(alias, 'certs', 'ca.pem') }));
    assert.equal(result.ok && result.files.ca?.toString(), 'CA');
    const { result: escaped } = await observeFileSystem(() => readTlsFiles(alias, { caPath: [alias, '..', 'secret.pem'].join(sep) }));
    assert.deepEqual(escaped, { ok: false, reason: outsideWhy });
  });

  // A file swapped between the walk and the open: the read must not reach what was swapped in.
  describe('TOCTOU: a symlink swapped in after the walk', () => {
    const changed = { ok: false, reason: 'caPath: changed in the sandbox while the relay opened it' };

    it('for the file itself: O_NOFOLLOW refuses to open through it', async () => {
      await mkdir(join(sandbox, 'race-file'));
      const file = join(sandbox, 'race-file', 'ca.pem');
      await writeFile(file, 'CA');
      const { result } = await observeFileSystem(() => readTlsFiles(sandbox, { caPath: 'race-file/ca.pem' }), {
        afterCall(call) {
          if (call.name !== 'lstat' || call.path !== file) return;
          renameSync(file, `${file}.before`);
          symlinkSync(join(root, 'secret.pem'), file);
        },
      });
      assert.deepEqual(result, changed);
    });

    it('for a directory on the way: the file opened is not the one walked, and nothing is read', async () => {
      await mkdir(join(sandbox, 'race-dir', 'certs'), { recursive: true });
      await writeFile(join(sandbox, 'race-dir', 'certs', 'child.pem'), 'CA');
      const file = join(sandbox, 'race-dir', 'certs', 'child.pem');
      const { result } = await observeFileSystem(() => readTlsFiles(sandbox, { caPath: 'race-dir/certs/child.pem' }), {
        afterCall(call) {
          if (call.name !== 'lstat' || call.path !== file) return;
          renameSync(join(sandbox, 'race-dir', 'certs'), join(sandbox, 'race-dir', 'certs.before'));
          // outside/dir holds a child.pem of its own.
          symlinkSync(join(root, 'outside', 'dir'), join(sandbox, 'race-dir', 'certs'));
        },
      });
      assert.deepEqual(result, changed);
    });
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
    await symlink(join(root, 'missing.pem'), join(root, 'files', 'link-missing.pem'));
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

  for (const [name, existing, missing] of [
    ['by ..', '../outside.pem', '../missing.pem'],
    ['by absolute path', 'ROOT/outside.pem', 'ROOT/missing.pem'],
    ['by missing/../../x', 'nothing/../../outside.pem', 'nothing/../../missing.pem'],
    ['through a symlink', 'link.pem', 'link-missing.pem'],
  ] as const) {
    it(`tells a page the same for a file outside ${name}, whether it exists or not`, async () => {
      const answers = [];
      for (const caPath of [existing, missing]) {
        const client = await RelayTestClient.connect(relay, `${upstream.origin}/echo`, { caPath: caPath.replace('ROOT', root) });
        answers.push({ reply: await client.nextReply(), whys: client.whys });
        await within(client.closed, 5000, 'leg close');
      }
      assert.deepEqual(answers[0], {
        reply: { op: 'rejected', code: 2302002, message: 'Websocket certificate file does not exist' },
        whys: ['caPath: resolves outside the sandbox'],
      });
      assert.deepEqual(answers[1], answers[0]);
    });
  }

  it('logs why, without file contents', () => {
    assert.ok(logger.matching('resolves outside the sandbox').length >= 2);
    assert.deepEqual(logger.matching('OUTSIDE'), []);
    assert.deepEqual(logger.matching('INSIDE'), []);
  });
});
