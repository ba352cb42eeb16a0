import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { startPreview, type Preview } from '../preview/serve.js';
import { GUIDE_CLIENT_LOG_AGAINST_BYE } from './support/guide-client-log.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

// The live preview (`npm start`): seed examples run unchanged in the page, through the
// preview's in-process relay, against its echo server and CONNECT proxy, all on loopback.

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(0);
});
test.afterAll(async () => {
  await preview.close();
});

test('the preview runs the guide client example and shows the device log', async ({ page }, testInfo) => {
  await page.goto(preview.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#source')).toHaveValue(new RegExp(`let defaultIpAddress = "${preview.upstream.url}/bye";`));
  await page.locator('#run').click();
  // The example's own console lines: exactly what the device prints.
  await expect(page.locator('#log li.log')).toHaveText(GUIDE_CLIENT_LOG_AGAINST_BYE);
  // Each event with its arguments as the device passes them.
  await expect(page.locator('#log li.trace.event')).toHaveText([
    'ws#1 ⟵ open(undefined, {"status":101,"message":"Switching Protocols"})',
    'ws#1 ⟵ message(undefined, "Hello, server!")',
    'ws#1 ⟵ message(undefined, "bye")',
    'ws#1 ⟵ close(undefined, {"code":1000,"reason":"CLOSE_NORMAL"})',
  ]);
  // Kept as a test artifact: test-results/<this test>/preview.png.
  const path = testInfo.outputPath('preview.png');
  await page.screenshot({ path });
  await testInfo.attach('preview', { path, contentType: 'image/png' });
});

test('the API reference example runs with its header, protocol and proxy through the relay', async ({ page }) => {
  const tunnelsBefore = preview.proxy.tunnels;
  await page.goto(`${preview.url}?example=api-examples.ts`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#source')).toHaveValue(new RegExp(`host: '127.0.0.1',\\s*port: ${preview.proxy.port}`));
  await page.locator('#run').click();
  await expect(page.locator('#log li.log')).toHaveText(['connect success', 'close success', 'on close, code is 1000, reason is CLOSE_NORMAL']);
  expect(preview.proxy.tunnels).toBeGreaterThan(tunnelsBefore);
});

test('errors show with their codes: close before connect', async ({ page }) => {
  await page.goto(`${preview.url}?example=api-close-callback.ts&run`);
  await expect(page.locator('#log li.log')).toHaveText(['close fail, err is {"code":2302999,"message":"Websocket Unknown Other Error"}']);
  await expect(page.locator('#log li.trace.failure')).toHaveText([/close\(callback\) → callback\(\{"code":2302999,"message":"Websocket Unknown Other Error"\}, undefined\)/]);
});

test('`npm start` runs the preview server as package.json says, and Ctrl+C stops it', async ({ page }) => {
  // The script as written, but for its first step: the build, which `npm test` has run.
  const { scripts } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = scripts.start ?? '';
  expect(start.startsWith('npm run build && ')).toBe(true);
  const [command, ...args] = start.slice('npm run build && '.length).split(' ');
  expect(command).toBe('node');
  // PORT=0: a free port, where a user gets 5280 or the next free one.
  const server = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /live preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (found) resolve(found[1]!);
      });
      server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.once('exit', (code) => reject(new Error(`npm start's server exited with ${code}:\n${output}`)));
    });
    await page.goto(url);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  } finally {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGINT');
    expect(await exited).toBe(0);
  }
});
