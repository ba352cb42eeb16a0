import { execFile } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startUpstreamServer } from '../src/testing/upstream-server.js';
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

test('Vitest with the README vite.config.ts gets the Node build, in its node, jsdom and happy-dom environments: the header reaches the server, a message round-trips', async () => {
  const [viteConfig] = readmeSnippets('### With Rollup or Vite: the plugin', 'js');
  const app = await installApp('vitest-app', ['vitest', 'happy-dom', 'jsdom']);
  const upstream = await startUpstreamServer();
  try {
    await writeFile(join(app.dir, 'vite.config.ts'), viteConfig ?? '');
    const upgrades: IncomingMessage[] = [];
    upstream.on('upgrade-request', (request: IncomingMessage) => upgrades.push(request));
    const received: string[] = [];
    upstream.on('connection', (ws: import('ws').WebSocket) =>
      ws.on('message', (data, isBinary) => received.push(isBinary ? '(binary)' : String(data))),
    );

    const run = await vitestRun(app.dir, { ECHO_SERVER_URL: `${upstream.origin}/echo` });

    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+3 passed/);
    // The browser build under Node would have said so, and sent no header.
    expect(run.output).not.toContain('not honoured in direct mode');
    expect(upgrades.map((request) => [request.url, request.headers['x-test-runner']]).sort()).toEqual([
      ['/echo', 'vitest (happy-dom)'],
      ['/echo', 'vitest (jsdom)'],
      ['/echo', 'vitest (node)'],
    ]);
    expect(received.sort()).toEqual(['hello from happy-dom', 'hello from jsdom', 'hello from node']);
  } finally {
    await upstream.close();
    await app.remove();
  }
});
