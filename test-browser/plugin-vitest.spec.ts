import { execFile } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { startHttpTestServer } from '../src/testing/http-test-server.js';
import { startUpstreamServer } from '../src/testing/upstream-server.js';
import { headerOf, sentBy } from './support/http-and-ws-app.js';
import { installApp } from './support/installed-app.js';
import { readmeSnippets } from './support/readme-snippet.js';

// The bundler plugin under a test runner that reads the app's Vite config: a real Vitest
// run of a small app (test-browser/apps/vitest-app) whose vite.config.ts is the README's,
// against a real server here. Vitest runs the app's code in Node, so the plugin must
// hand it the Node build (ws, every device option), not the page's.

// Vitest starts its own Vite server and a worker: room for that on a shared 2-core machine.
test.describe.configure({ timeout: 60_000 });

interface Run {
  code: number | null;
  output: string;
}

/** Runs `vitest run` in the app's directory as `npx vitest run` would, and keeps what it printed. */
function vitestRun(dir: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(dir, 'node_modules/vitest/vitest.mjs'), 'run'],
      // Plain output, and no watch mode whatever the terminal says.
      { cwd: dir, timeout: 45_000, env: { ...process.env, ...env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, output: `${stdout}\n${stderr}` }),
    );
  });
}

/** The arkts-app's module that uses http and webSocket together, which the Vitest app runs as it is. */
const HTTP_AND_WS_MODULE = fileURLToPath(new URL('./apps/arkts-app/http-and-ws.ts', import.meta.url));

test('Vitest with the README vite.config.ts gets the Node build, in its node, jsdom and happy-dom environments: the header reaches the server, a message round-trips; http runs natively', async () => {
  const [viteConfig] = readmeSnippets('### With Rollup or Vite: the plugin', 'js');
  const app = await installApp('vitest-app', ['vitest', 'happy-dom', 'jsdom']);
  const upstream = await startUpstreamServer();
  const api = await startHttpTestServer();
  try {
    await writeFile(join(app.dir, 'vite.config.ts'), viteConfig ?? '');
    await copyFile(HTTP_AND_WS_MODULE, join(app.dir, 'http-and-ws.ts'));
    const upgrades: IncomingMessage[] = [];
    upstream.on('upgrade-request', (request: IncomingMessage) => upgrades.push(request));
    const received: string[] = [];
    upstream.on('connection', (ws: import('ws').WebSocket) =>
      ws.on('message', (data, isBinary) => received.push(isBinary ? '(binary)' : String(data))),
    );

    const run = await vitestRun(app.dir, { ECHO_SERVER_URL: `${upstream.origin}/echo`, API_SERVER_ORIGIN: api.origin });

    expect(run.code, run.output).toBe(0);
    // The three environments' echo tests, and http-and-ws.test.ts.
    expect(run.output).toMatch(/Tests\s+4 passed/);
    // The browser build under Node would have said so, and sent no header.
    expect(run.output).not.toContain('not honoured in direct mode');
    expect(upgrades.map((request) => [request.url, request.headers['x-test-runner']]).sort()).toEqual([
      // http-and-ws.ts connects without a header.
      ['/echo', undefined],
      ['/echo', 'vitest (happy-dom)'],
      ['/echo', 'vitest (jsdom)'],
      ['/echo', 'vitest (node)'],
    ]);
    expect(received.sort()).toEqual(['from-the-api', 'hello from happy-dom', 'hello from jsdom', 'hello from node']);
    // http from the Node build's own engine, as the device's curl sends it: not a fetch (which sends Sec-Fetch-Mode).
    expect(api.requests.map((request) => [request.target, sentBy(request), headerOf(request, 'user-agent')])).toEqual([
      ['/echo', 'curl-like', 'libcurl-agent/1.0'],
      ['/text?body=from-the-api', 'curl-like', 'libcurl-agent/1.0'],
    ]);
  } finally {
    await api.close();
    await upstream.close();
    await app.remove();
  }
});
