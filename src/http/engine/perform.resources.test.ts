import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../testing/free-port.js';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.js';
import { startTinyproxy, type Tinyproxy } from '../../testing/tinyproxy.js';
import { within } from '../../testing/within.js';
import { runTransfer, startTransfer, wireRequest } from './testing/run-transfer.js';

/** How many of each kind of handle keep the event loop alive right now. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

describe('the http engine leaves nothing behind', { timeout: 40_000 }, () => {
  let server: HttpTestServer;
  let proxy: Tinyproxy;
  before(async () => {
    [server, proxy] = await Promise.all([startHttpTestServer(), startTinyproxy()]);
  });
  after(async () => {
    await Promise.all([server.close(), proxy.close()]);
  });

  it('holds no timer or socket once a transfer has ended, however it ended', async () => {
    // One transfer first: undici and the test runner set up what they keep for the process.
    await runTransfer(wireRequest(`${server.origin}/status`));
    await within(server.whenNoSockets(), 5000, 'the warm-up connection to close');
    const baseline = activeResources();
    const outcomes: string[] = [];
    const through = { host: proxy.host, port: proxy.port, exclusionList: [] };
    for (const [path, overrides] of [
      ['/echo', {}],
      ['/redirect?to=%2Fbytes%3Fsize%3D100000', {}],
      ['/bytes?size=100000', { maxLimit: 1000 }],
      ['/slow?bytes=100&every=50', { transport: { readTimeoutMs: 150 } }],
      ['/reset', {}],
      ['/echo', { transport: { proxy: through } }],
    ] as const) {
      const record = await runTransfer(wireRequest(`${server.origin}${path}`, overrides));
      outcomes.push(`${path} ${record.failed ?? record.facts?.status}`);
      await within(server.whenNoSockets(), 5000, `the server side of ${path} to close`);
    }
    const refused = await runTransfer(wireRequest(`http://127.0.0.1:${await freePort()}/`));
    outcomes.push(`refused ${refused.failed}`);
    const aborted = startTransfer(wireRequest(`${server.origin}/hang-body`));
    await aborted.next('data');
    aborted.handle.abort();
    await within(server.whenNoSockets(), 5000, 'the aborted connection to close');
    assert.deepEqual(outcomes.slice(0, 4), [
      '/echo 200',
      '/redirect?to=%2Fbytes%3Fsize%3D100000 200',
      '/bytes?size=100000 23',
      '/slow?bytes=100&every=50 28',
    ]);
    assert.equal(outcomes.at(-2), '/echo 200');
    const now = activeResources();
    assert.equal(now.Timeout ?? 0, baseline.Timeout ?? 0, JSON.stringify({ baseline, now }));
    assert.equal(now.TCPSocketWrap ?? 0, baseline.TCPSocketWrap ?? 0, JSON.stringify({ baseline, now }));
  });

  it('lets a Node process exit by itself once its transfers have ended', async () => {
    const script = fileURLToPath(new URL('./testing/run-and-exit.ts', import.meta.url));
    const started = Date.now();
    const { stdout } = await within(
      new Promise<{ stdout: string }>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', script], { timeout: 15_000 }, (error, stdout) =>
          error === null ? resolve({ stdout }) : reject(error),
        );
      }),
      16_000,
      'the child process to exit',
    );
    assert.deepEqual(stdout.trim().split('\n'), ['/echo end 200', '/redirect end 200', '/slow fail 28', '/refused fail 7', '/hang-body aborted']);
    // 60 s default timeouts left running would hold the child far past this.
    assert.ok(Date.now() - started < 10_000, `exited after ${Date.now() - started} ms`);
  });
});
