import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { recordEvents } from '../browser/testing/mock-network.js';
import { startUpstreamServer, type UpstreamServer } from '../../testing/upstream-server.js';
import { within } from '../../testing/within.js';
import { webSocket } from '../../entries/node/index.js';

/** How many of each kind of handle keep the event loop alive right now. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

describe('Node webSocket: nothing left behind', { timeout: 20_000 }, () => {
  let upstream: UpstreamServer;
  before(async () => {
    upstream = await startUpstreamServer();
  });
  after(() => upstream.close());

  it('holds no timer or socket once a connection has ended, however it ended', async () => {
    const baseline = activeResources();
    for (const [path, act] of [
      ['/echo', 'close'],
      ['/close?code=1000', 'wait'],
      ['/drop?now', 'wait'],
      ['/refuse?status=500', 'wait'],
    ] as const) {
      const ws = webSocket.createWebSocket();
      const events = recordEvents(ws);
      // The default heartbeat (30 s / 30 s) is armed on every open connection here.
      await ws.connect(`${upstream.origin}${path}`);
      if (act === 'close') {
        await within(events.next('open'), 5000, 'open');
        await ws.close();
      }
      await within(Promise.race([events.next('close'), events.next('error')]), 5000, `the end of ${path}`);
      await within(upstream.whenNoSockets(), 5000, 'the server side to close');
    }
    const now = activeResources();
    assert.equal(now.Timeout ?? 0, baseline.Timeout ?? 0, JSON.stringify({ baseline, now }));
    assert.equal(now.TCPSocketWrap ?? 0, baseline.TCPSocketWrap ?? 0, JSON.stringify({ baseline, now }));
  });

  it('lets a Node process exit by itself once its connections have ended', async () => {
    const script = fileURLToPath(new URL('./testing/run-and-exit.ts', import.meta.url));
    const started = Date.now();
    // 30 s heartbeats or a 30 s close timer left behind would hold the child well past this bound.
    const { stdout } = await within(
      new Promise<{ stdout: string }>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', script], { timeout: 15_000 }, (error, stdout) =>
          error === null ? resolve({ stdout }) : reject(error),
        );
      }),
      16_000,
      'the child process to exit',
    );
    assert.deepEqual(stdout.trim().split('\n'), ['/echo close 1001', '/close close 4000', '/drop close 0', '/refused error 0']);
    assert.ok(Date.now() - started < 10_000, `exited after ${Date.now() - started} ms`);
  });
});
