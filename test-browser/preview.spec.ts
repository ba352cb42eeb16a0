import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';
import { expect as baseExpect, test, type Page, type TestInfo } from '@playwright/test';
import { startPreview, type Preview } from '../preview/serve.js';
import { freePort } from '../src/testing/free-port.js';
import { GUIDE_CLIENT_LOG_AGAINST_BYE } from './support/guide-client-log.js';
import { startPreviewProcess } from './support/preview-process.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

// The live preview (`npm start`): seed examples in an editor, type-checked in the page,
// run unchanged in the page through the preview's in-process relay, against its echo
// server and CONNECT proxy, all on loopback. The tests use it as a user does: they type
// into the editor, read the problems, press Run and read the log and the timeline.
//
// They wait for what the page shows, never for a time: the page says when it is ready
// (`data-ready`), a Run waits for TypeScript to load (seconds, more on a busy machine),
// so no step has a budget of its own (`timeout: 0`); the test's timeout bounds the whole.
const expect = baseExpect.configure({ timeout: 0 });
test.describe.configure({ timeout: 120_000 });

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(0);
});
test.afterAll(async () => {
  await preview.close();
});

/** The editor's text as it shows it (CodeMirror draws lines as elements: no line breaks here). */
const code = (page: Page) => page.locator('#editor .cm-content');

/** Opens the preview and waits until it is ready: the example in the editor, Run enabled (TypeScript may still be loading). */
async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`${preview.url}${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

/** Kept as a test artifact: test-results/<the test>/<name>.png. */
async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('the preview runs the guide client example and shows the device log and the timeline', async ({ page }, testInfo) => {
  await open(page);
  await expect(code(page)).toContainText(`let defaultIpAddress = "${preview.upstream.origin}/bye";`);
  // The header says where the code comes from and what was filled in; the code has no notes of ours.
  await expect(page.locator('#example-info')).toContainText('section 客户端完整示例');
  await expect(page.locator('#example-info')).toContainText(
    `Filled in: line 4, "ws://" → "${preview.upstream.origin}/bye", the preview’s echo server`,
  );
  await expect(code(page)).not.toContainText('e2e suite');
  await expect(code(page)).not.toContainText('Seed:');
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');
  await page.locator('#run').click();
  await expect(page.locator('#log li.run')).toHaveText(['— run 1: guide-client-complete.ts —']);
  // The example's own console lines: exactly what the device prints.
  await expect(page.locator('#log li.log')).toHaveText(GUIDE_CLIENT_LOG_AGAINST_BYE);
  // Each event with its arguments as the device passes them.
  await expect(page.locator('#log li.trace.event')).toHaveText([
    'ws#1 ⟵ open(undefined, {"status":101,"message":"Switching Protocols"})',
    'ws#1 ⟵ message(undefined, "Hello, server!")',
    'ws#1 ⟵ message(undefined, "bye")',
    'ws#1 ⟵ close(undefined, {"code":1000,"reason":"CLOSE_NORMAL"})',
  ]);
  // The timeline: one lane, the client's calls, outcomes, frames out and in, and events, in order.
  const lane = page.locator('#timeline .lane');
  await expect(lane).toHaveCount(1);
  await expect(lane.locator('.lane-name')).toHaveText('ws#1');
  await expect(lane.locator('.lane-url')).toHaveText(`${preview.upstream.origin}/bye`);
  await expect(lane.locator('.mark .label')).toHaveText([
    'createWebSocket()',
    'on("open")',
    'on("message")',
    'on("close")',
    'on("error")',
    'connect()',
    'connect ✓',
    '⟵ open 101',
    '⟶ send "Hello, server!"',
    'send ✓',
    '⟵ "Hello, server!"',
    '⟵ "bye"',
    'close()',
    'close ✓',
    '⟵ close 1000',
  ]);
  await expect(lane.locator('.mark.frame-out')).toHaveCount(1);
  await expect(lane.locator('.mark.frame-in')).toHaveCount(2);
  // Times in ms since Run, in order.
  const times = (await lane.locator('.mark .at').allTextContents()).map((text) => {
    expect(text).toMatch(/^\d+(\.\d)? ms$/);
    return Number.parseFloat(text);
  });
  expect(times).toEqual([...times].sort((a, b) => a - b));
  await snapshot(page, testInfo, 'preview');
});

test('a user edits the code: errors show with line:column before running, Run refuses them, the fixed code runs as edited', async ({
  page,
}, testInfo) => {
  await open(page);
  const problems = page.locator('#problems li.problem');
  await code(page).click();
  // A syntax error on a new first line.
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('let value = ;');
  // (Escape closes the completion list, if one is open, so that Enter is a line break.)
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(page.locator('#editing')).toHaveText('guide-client-complete.ts (edited)');
  await expect(problems).toHaveText(['1:13 Expression expected. TS1109']);
  await expect(page.locator('#editor .cm-lint-marker-error')).toHaveCount(1);
  // Made a type error: shown in the list and marked in the editor.
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('let broken: number = "text";');
  await expect(problems).toHaveText(["1:5 Type 'string' is not assignable to type 'number'. TS2322"]);
  await expect(page.locator('#editor .cm-lintRange-error')).toHaveCount(1);
  await expect(page.locator('#editor .cm-lintRange-error')).toHaveText('broken');
  await snapshot(page, testInfo, 'type-error');
  // Run does not run code with errors, and says why.
  await page.locator('#run').click();
  await expect(page.locator('#log li.refused')).toHaveText([
    "— not run: guide-client-complete.ts (edited) has 1 error; fix it first. 1:5 Type 'string' is not assignable to type 'number'. —",
  ]);
  await expect(page.locator('#log li.run')).toHaveCount(0);
  await expect(page.locator('#log li.trace')).toHaveCount(0);
  // The list takes the user to the problem.
  await problems.first().click();
  await expect(page.locator('#editor .cm-activeLine')).toContainText('let broken: number = "text";');
  // Fixed: no problems, and Run runs the edited code.
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('console.log("edited");');
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');
  await expect(problems).toHaveCount(0);
  await expect(page.locator('#editor .cm-lintRange-error')).toHaveCount(0);
  await page.locator('#run').click();
  await expect(page.locator('#log li.run')).toHaveText(['— run 1: guide-client-complete.ts (edited) —']);
  await expect(page.locator('#log li.log')).toHaveText(['edited', ...GUIDE_CLIENT_LOG_AGAINST_BYE]);
  await expect(page.locator('#timeline-run')).toHaveText('run 1: guide-client-complete.ts (edited)');
  await snapshot(page, testInfo, 'edited-run');
});

test('the API reference example runs with its header, protocol and proxy through the relay', async ({ page }) => {
  const tunnelsBefore = preview.proxy.tunnels;
  await open(page, '?example=api-examples.ts');
  // The proxy is near the end: scroll there, as a reader would (the editor draws only what is in view).
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  await expect(code(page)).toContainText(new RegExp(`host: '127.0.0.1',\\s*port: ${preview.proxy.port}`));
  await expect(page.locator('#example-info')).toContainText(`"ws://" → "${preview.upstream.origin}/bye"`);
  await expect(page.locator('#example-info')).toContainText(
    `'192.168.0.150':8888 → '127.0.0.1':${preview.proxy.port}, the preview’s HTTP CONNECT proxy`,
  );
  await page.locator('#run').click();
  await expect(page.locator('#log li.log')).toHaveText(['connect success', 'close success', 'on close, code is 1000, reason is CLOSE_NORMAL']);
  expect(preview.proxy.tunnels).toBeGreaterThan(tunnelsBefore);
});

test('errors show with their codes: close before connect', async ({ page }) => {
  await open(page, '?example=api-close-callback.ts&run');
  await expect(page.locator('#log li.log')).toHaveText(['close fail, err is {"code":2302999,"message":"Websocket Unknown Other Error"}']);
  await expect(page.locator('#log li.trace.failure')).toHaveText([
    /close\(callback\) → callback\(\{"code":2302999,"message":"Websocket Unknown Other Error"\}, undefined\)/,
  ]);
  await expect(page.locator('#timeline .lane .mark.failure .label')).toHaveText(['close ✗ 2302999']);
});

test("every file in examples/ is in the example list, compiles cleanly, and shows none of the repository's notes", async ({ page }) => {
  const files = (await readdir(join(REPO, 'examples'))).filter((name) => name.endsWith('.ts')).sort();
  await open(page);
  const listed = await page.locator('#example option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  expect([...listed].sort()).toEqual(files);
  for (const file of files) {
    await page.locator('#example').selectOption(file);
    await expect(page.locator('#editing')).toHaveText(file);
    await expect(page.locator('#problems'), `${file} under the preview's compiler options`).toHaveAttribute('data-state', 'clean');
    const text = (await code(page).textContent()) ?? '';
    for (const note of ['Seed:', 'e2e suite', 'test-browser', '/work/', 'Verbatim', 'verbatim'])
      expect(text, `${file} shows "${note}"`).not.toContain(note);
    // The netstack overview's http example imports the device's module by its own name, as its seed does.
    expect(text, file).toMatch(file.startsWith('overview-http') ? /from "@ohos\.net\.http"/ : /from '@kit\.NetworkKit'/);
    // Our own examples (http-*.ts: what no seed shows) say so instead of naming a seed.
    await expect(page.locator('#example-info .source')).toContainText(
      file.startsWith('http-')
        ? /^Written for this preview \(no seed has it\): .+\.$/
        : /^From the OpenHarmony (guide|API reference|netstack overview) .*, section .+\.$/,
    );
    // The snippets that never connect say what they show instead.
    if (/^api-(on|off)-|^api-create-web-socket|^api-module-import/.test(file)) {
      await expect(page.locator('#example-info .note'), file).toHaveText(/never connects|Only the import/);
    }
  }
});

// The netstack overview's http example, run as it is but for its address: the preview's local
// HTTP server answers it, scheme-less as the seed's www.example.com (HTTP §4), and the run's
// `@ohos.net.http` is traced (http#1). Needs the package's browser entry to export `http`
// (until then the run says that it has none): enabled when it does.
test("the netstack overview's http example requests the preview's local HTTP server, traced in a lane of its own", async ({ page }) => {
  await open(page, '?example=overview-http-request.ts');
  await expect(code(page)).toContainText(`http.createHttp()httpRequest.request("${preview.http.host}", function (err, data) {`);
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');
  await page.locator('#run').click();
  const lines = page.locator('#log li.log');
  await expect(lines).toHaveCount(2);
  // The device's callback: err undefined (HTTP §2.2), then the response (HTTP §5).
  await expect(lines.first()).toHaveText('undefined');
  const response = JSON.parse((await lines.nth(1).textContent()) ?? '') as { responseCode: number; result: string };
  expect(response.responseCode).toBe(200);
  expect(JSON.parse(response.result)).toMatchObject({ method: 'GET', path: '/' });
  expect(preview.http.requests.at(-1)).toEqual({ method: 'GET', target: '/' });
  await expect(page.locator('#log li.trace.end')).toHaveText([/^http#1 request\(".*", callback\) → callback\(undefined, \{"responseCode":200/]);
  const lane = page.locator('#timeline .lane[data-request="1"]');
  await expect(lane.locator('.lane-name')).toHaveText('http#1');
  await expect(lane.locator('.mark .label')).toHaveText(['createHttp()', `⟶ GET ${preview.http.host}`, 'end ✓ 200']);
});

test('our requestInStream example downloads from the local HTTP server: chunks adding up, progress to the total, then dataEnd and the code', async ({
  page,
}) => {
  await open(page, '?example=http-stream-download.ts');
  await expect(code(page)).toContainText(`'http://${preview.http.host}/download'`);
  await page.locator('#run').click();
  const lines = page.locator('#log li.log');
  await expect(lines.last()).toHaveText('requestInStream done, response code: 200');
  const texts = await lines.allTextContents();
  expect(texts[0]).toMatch(/^header: \{.*"content-length":"262144"/);
  const chunks = texts.filter((text) => text.startsWith('dataReceive: ')).map((text) => Number(/(\d+) bytes/.exec(text)?.[1]));
  expect(chunks.reduce((sum, bytes) => sum + bytes, 0)).toBe(262144);
  expect(texts.filter((text) => text.startsWith('dataReceiveProgress: ')).at(-1)).toBe('dataReceiveProgress: 262144 of 262144');
  expect(texts.at(-2)).toBe('dataEnd: 262144 bytes in all');
  expect(preview.http.requests.at(-1)).toEqual({ method: 'GET', target: '/download' });
  await expect(page.locator('#timeline .lane[data-request="1"] .lane-name')).toHaveText('http#1');
});

test('our http-with-webSocket example: the HTTP answer goes over the WebSocket to the echo server and back, each in its lane', async ({ page }) => {
  await open(page, '?example=http-with-web-socket.ts');
  await page.locator('#run').click();
  const lines = page.locator('#log li.log');
  await expect(lines.last()).toHaveText('on close, code is 1000, reason is CLOSE_NORMAL');
  const texts = await lines.allTextContents();
  expect(texts[0]).toMatch(/^http response code: 200, body: \{"message":"Hello from/);
  expect(texts).toContain('sent: true');
  expect(texts.find((text) => text.startsWith('on message: '))).toBe(`on message: ${texts[0]!.slice('http response code: 200, body: '.length)}`);
  await expect(page.locator('#timeline .lane[data-request="1"] .lane-name')).toHaveText('http#1');
  await expect(page.locator('#timeline .lane .lane-name', { hasText: 'ws#1' })).toHaveCount(1);
});

test("a failure's cause from the library's side channel shows next to the client's error, marked as the relay's", async ({ page }) => {
  // api-connect-options-callback fails on its own (401: its options stay undefined).
  await open(page, '?example=api-connect-options-callback.ts');
  const url = `${preview.upstream.origin}/bye`;
  const failure = page.locator('#log li.trace.failure');
  // Reported after the failure…
  await page.locator('#run').click();
  await expect(failure).toHaveText([/^ws#1 connect\(.*\) → callback\(\{"code":401,"message":"Parameter error"\}/]);
  // (The library reports on the window of the realm the run's code runs in: the run's frame.)
  await page.evaluate(
    (detail) => {
      const run = (document.querySelector('iframe.run-frame[data-live]') as HTMLIFrameElement).contentWindow!;
      run.dispatchEvent(new CustomEvent('ohos-netkit:diagnostic', { detail }));
    },
    { url, text: 'upgrade refused: 401' },
  );
  // …and before it: at the connect call, ahead of its callback (the page passes each trace of the run on to its own window, as it happens).
  // Run 2 numbers its client ws#1 again: each run counts from 1.
  await page.evaluate((target) => {
    window.addEventListener('netkit-trace', ({ detail }: Event & { detail?: { kind: string; name: string; client?: number } }) => {
      if (detail?.kind === 'call' && detail.name === 'connect' && detail.client === 1) {
        const run = (document.querySelector('iframe.run-frame[data-live]') as HTMLIFrameElement).contentWindow!;
        run.dispatchEvent(new CustomEvent('ohos-netkit:diagnostic', { detail: { url: target, text: 'ECONNREFUSED 127.0.0.1:9' } }));
      }
    });
  }, url);
  await page.locator('#run').click();
  await expect(failure).toHaveCount(2);
  await expect(page.locator('#log li.trace.failure + li.trace.diagnostic')).toHaveText([
    'ws#1 relay says: upgrade refused: 401',
    'ws#1 relay says: ECONNREFUSED 127.0.0.1:9',
  ]);
  // One of each run: the log tags each line with its run.
  expect(await page.locator('#log li.trace.diagnostic').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.run))).toEqual([
    '1',
    '2',
  ]);
  const aid = page.locator('#timeline .lane[data-client="1"] .mark.diagnostic');
  await expect(aid).toHaveText(/relay says: ECONNREFUSED 127\.0\.0\.1:9\s*preview aid/);
  // Marked as the preview's, not the device's: the log's tag is drawn by CSS, outside the line's text.
  const tag = await page
    .locator('#log li.trace.diagnostic')
    .first()
    .evaluate((item) => getComputedStyle(item, '::after').content);
  expect(tag).toContain('preview aid, not device output');
});

test("a refused connection, for real: the relay's cause shows next to the device's error, marked as a preview aid, and is not in the error", async ({
  page,
}) => {
  // Listened on and closed again: nobody listens there now.
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/`;
  await open(page);
  // Line 4 holds the server address the preview filled in: point it at the closed port.
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let line = 1; line < 4; line += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.insertText(`let defaultIpAddress = "${url}";`);
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');
  await page.locator('#run').click();
  const error = page.locator('#log li.trace.event', { hasText: 'error(' });
  await expect(error).toHaveText(['ws#1 ⟵ error({"code":200,"data":"0"})']);
  // Right after the device's error, and only there: the example's own output has nothing of it.
  await expect(page.locator('#log li.trace.event + li.trace.diagnostic')).toHaveText([`ws#1 relay says: connect ECONNREFUSED 127.0.0.1:${port}`]);
  const device = await page.locator('#log li:not(.diagnostic)').allTextContents();
  expect(device.filter((line) => line.includes('ECONNREFUSED'))).toEqual([]);
  const tag = await page.locator('#log li.trace.diagnostic').evaluate((item) => getComputedStyle(item, '::after').content);
  expect(tag).toContain('preview aid, not device output');
  await expect(page.locator('#timeline .lane[data-client="1"] .mark.diagnostic')).toHaveText(
    new RegExp(`relay says: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\s*preview aid`),
  );
});

test('`npm start` runs the preview server as package.json says, and Ctrl+C stops it', async ({ page }) => {
  // The script as written, but for its first step: the build, which `npm test` has run.
  const { scripts } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = scripts.start ?? '';
  expect(start.startsWith('npm run build && ')).toBe(true);
  // The build makes the page's bundle (the editor) too.
  expect(scripts.build).toContain('npm run build:preview');
  const [command, ...args] = start.slice('npm run build && '.length).split(' ');
  expect(command).toBe('node');
  // PORT=0: a free port, where a user gets 5280 (or a free one when 5280 is taken, see the next test).
  const server = await startPreviewProcess(args, REPO, { ...process.env, PORT: '0' });
  try {
    await page.goto(server.url);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

/** The environment without PORT, so that --port alone decides. */
function withoutPort(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PORT: _port, ...rest } = env;
  return rest;
}

test('the preview on a port that is taken says so and serves on a free one, as the README says', async ({ page }) => {
  const { scripts } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const args = (scripts.start ?? '').slice('npm run build && node '.length).split(' ');
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const takenPort = (taken.address() as AddressInfo).port;
  try {
    // `npm start -- --port N` appends `--port N` to the script's last command.
    const server = await startPreviewProcess([...args, '--port', String(takenPort)], REPO, withoutPort(process.env));
    try {
      expect(server.output()).toContain(`port ${takenPort} is taken; picking a free one`);
      expect(new URL(server.url).port).not.toBe(String(takenPort));
      await page.goto(server.url);
      await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

test("the guide's complete server example listens through the relay, the guide's client example talks to it, and the log shows both sides", async ({
  page,
}, testInfo) => {
  await open(page, '?example=guide-server-complete.ts');
  await page.locator('#run').click();
  const lines = page.locator('#log li.log');
  await expect(lines.filter({ hasText: 'on message received' })).toHaveCount(1);
  await expect(lines.filter({ hasText: 'on message, message:Hello' })).toHaveCount(1);
  const texts = await lines.allTextContents();
  // Each side's lines in its own order (the two sides interleave as the network goes).
  const client = texts.filter((text) => /^Connected successfully|^on open|^Message send successfully|^on message, message/.test(text));
  const server = texts.filter((text) => !client.includes(text));
  expect(server).toEqual([
    'webSocket server start success',
    expect.stringMatching(/^New client connected! Client ip: 127\.0\.0\.1, Client port: \d+$/),
    'message send successfully',
    'client list cnt: 1, client connections list is: [object Object]',
    'on message received, client: [object Object], data: Hello, server!',
  ]);
  expect(client).toEqual([
    'Connected successfully',
    'on open, status:{"status":101,"message":"Switching Protocols"}',
    'Message send successfully',
    "on message, message:Hello, I'm server!",
  ]);
  // The example's stop(), called right after start(), finds no server yet, as on the device.
  await expect(page.locator('#log li.trace.failure')).toHaveText([/server#1 stop\(\) → rejected \{"code":2302999/]);
  await expect(page.locator('#log li.trace.event').filter({ hasText: 'server#1 ⟵ connect' })).toHaveCount(1);
  const path = testInfo.outputPath('preview-server.png');
  await page.screenshot({ path });
  await testInfo.attach('preview-server', { path, contentType: 'image/png' });
});

/** Whether a TCP connection to 127.0.0.1:`port` is refused: nobody listens there. */
function isRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Replaces the editor's code with `text` (as a paste does) and waits until the checker finds it clean. */
async function replaceCode(page: Page, text: string): Promise<void> {
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');
}

test("a server example runs again without a reload: the next Run stops the first run's server and waits for the relay to give its port back", async ({
  page,
}, testInfo) => {
  await open(page, '?example=guide-server-complete.ts');
  const received = page.locator('#log li.log', { hasText: 'on message received' });
  await page.locator('#run').click();
  await expect(received).toHaveCount(1);
  // Where the relay listens for run 1's server: the app asked for 8080, the preview's relay took a free port.
  expect(preview.relay.servers).toHaveLength(1);
  const first = preview.relay.servers[0]!;
  await expect(page.locator('#timeline .lane[data-server="1"]')).toHaveAttribute('data-address', `127.0.0.1:${first.port}`);

  await page.locator('#run').click();
  await expect(received).toHaveCount(2);
  // Both runs ran, each with its companion client; between them the preview ended run 1.
  await expect(page.locator('#log li.run')).toHaveText([
    '— run 1: guide-server-complete.ts —',
    '— and guide-client-complete.ts, pointed at the server (ws://127.0.0.1:8080) —',
    '— run 2: guide-server-complete.ts —',
    '— and guide-client-complete.ts, pointed at the server (ws://127.0.0.1:8080) —',
  ]);
  await expect(page.locator('#log li.ended')).toHaveText(['— run 1 ended: stopped server#1; closed ws#1 —']);
  const texts = await page.locator('#log li').allTextContents();
  const second = texts.slice(texts.indexOf('— run 2: guide-server-complete.ts —'));
  // The second run's server started as the first did: no 2302007. It is server#1 of its run, as the first
  // was of run 1: each run counts from 1 (the run header and data-run tell the runs apart).
  expect(second.filter((text) => text.includes('2302007'))).toEqual([]);
  expect(second).toContainEqual(expect.stringMatching(/^server#1 start\(\{"serverPort":8080,.*\}\) → resolved true$/));
  expect(second.filter((text) => text === 'webSocket server start success')).toHaveLength(1);
  expect(second).toContain("on message, message:Hello, I'm server!");
  // Nothing of run 1 after its end: every line of run 1 comes before the line that says it ended.
  const runOf = await page.locator('#log li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.run ?? ''));
  const endedAt = texts.indexOf('— run 1 ended: stopped server#1; closed ws#1 —');
  expect(runOf.slice(endedAt + 1).filter((run) => run === '1')).toEqual([]);
  expect(runOf.slice(endedAt + 1).filter((run) => run === '2').length).toBeGreaterThan(0);
  // Run 1's server is gone: the relay listens for run 2's only, and run 1's port is refused.
  expect(preview.relay.servers).toHaveLength(1);
  expect(preview.relay.servers[0]!.port).not.toBe(first.port);
  expect(await isRefused(first.port)).toBe(true);
  // Run 1's realm is gone with it: one frame, run 2's.
  await expect(page.locator('iframe.run-frame')).toHaveCount(1);
  await expect(page.locator('#timeline .lane .lane-name')).toHaveText(['server#1', 'ws#1']);
  await expect(page.locator('#timeline-run')).toHaveText('run 2: guide-server-complete.ts');
  await snapshot(page, testInfo, 'preview-server-twice');
});

test("a client example runs again without a reload: the next Run closes the first run's client first", async ({ page }) => {
  // The upstream's side of each run's connection: how it ended.
  const upstreamCloses: Array<Promise<number>> = [];
  const onConnection = (socket: import('ws').WebSocket) =>
    upstreamCloses.push(new Promise((resolve) => socket.once('close', (code: number) => resolve(code))));
  preview.upstream.on('connection', onConnection);
  try {
    await open(page, '?example=api-connect-promise.ts');
    const success = page.locator('#log li.log', { hasText: 'connect success' });
    const firstConnection = new Promise((resolve) => preview.upstream.once('connection', resolve));
    await page.locator('#run').click();
    await expect(success).toHaveCount(1);
    // The example never closes its client: it is open on the server's side.
    await firstConnection;
    await page.locator('#run').click();
    await expect(success).toHaveCount(2);
    await expect(page.locator('#log li.run')).toHaveText(['— run 1: api-connect-promise.ts —', '— run 2: api-connect-promise.ts —']);
    await expect(page.locator('#log li.ended')).toHaveText(['— run 1 ended: closed ws#1 —']);
    await expect(page.locator('#log li.trace.failure')).toHaveCount(0);
    // Run 1's client was closed as an app's close() does: 1000 on the wire.
    expect(await upstreamCloses[0]).toBe(1000);
    await expect(page.locator('#timeline .lane .lane-name')).toHaveText(['ws#1']);
    await expect(page.locator('#timeline .lane .mark .label')).toHaveText(['createWebSocket()', 'connect()', 'connect ✓']);
  } finally {
    preview.upstream.off('connection', onConnection);
  }
});

test("a run's timers and intervals end with it", async ({ page }) => {
  await open(page, '?example=api-module-import.ts');
  await replaceCode(
    page,
    [
      'let ticks = 0;',
      'setInterval(() => console.log(`tick ${++ticks}`), 10);',
      "setTimeout(() => console.log('not before the next Run'), 600_000);",
      '',
    ].join('\n'),
  );
  const tick3 = page.locator('#log li.log', { hasText: /^tick 3$/ });
  await page.locator('#run').click();
  await expect(tick3).toHaveCount(1);
  await page.locator('#run').click();
  await expect(page.locator('#log li.ended')).toHaveText(['— run 1 ended: cleared 2 timers —']);
  // Run 2 counts from 1 again: its own interval, in its own realm.
  await expect(tick3).toHaveCount(2);
});

test("a server gets a lane in the timeline: its start, each client's connect, the messages both ways, the close and the stop", async ({
  page,
}, testInfo) => {
  // The guide's server example, rewritten to answer once, close the client and stop; its companion is the guide's client.
  await open(page, '?example=guide-server-complete.ts');
  await replaceCode(
    page,
    [
      "import { webSocket } from '@kit.NetworkKit';",
      '',
      'let server = webSocket.createWebSocketServer();',
      "server.on('connect', (connection: webSocket.WebSocketConnection) => console.log(`connect ${connection.clientPort}`));",
      "server.on('messageReceive', async (message: webSocket.WebSocketMessage) => {",
      '  await server.send(`echo ${message.data}`, message.clientConnection);',
      '  await server.close(message.clientConnection);',
      '});',
      "server.on('close', async () => {",
      '  console.log(`stopped: ${await server.stop()}`);',
      '});',
      'await server.start({ serverPort: 8080, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });',
      '',
    ].join('\n'),
  );
  await page.locator('#run').click();
  await expect(page.locator('#log li.log', { hasText: 'stopped: true' })).toHaveCount(1);
  await expect(page.locator('#log li.log', { hasText: 'on close, code is 1000, reason is CLOSE_NORMAL' })).toHaveCount(1);
  const lane = page.locator('#timeline .lane[data-server="1"]');
  await expect(page.locator('#timeline .lane .lane-name')).toHaveText(['server#1', 'ws#1']);
  await expect(lane.locator('.lane-url')).toHaveText(/^port 8080 \(the relay listens on 127\.0\.0\.1:\d+\)$/);
  await expect(lane.locator('.mark .label')).toHaveText([
    'createWebSocketServer()',
    'on("connect")',
    'on("messageReceive")',
    'on("close")',
    'start()',
    'start ✓',
    /^⟵ connect 127\.0\.0\.1:\d+$/,
    '⟵ "Hello, server!"',
    '⟶ send "echo Hello, server!"',
    'send ✓',
    'close()',
    'close ✓',
    '⟵ close 1000',
    'stop()',
    'stop ✓',
  ]);
  await expect(lane.locator('.mark.frame-in')).toHaveCount(1);
  await expect(lane.locator('.mark.frame-out')).toHaveCount(1);
  // The client's side of the same connection, in its own lane, on the same time axis.
  await expect(page.locator('#timeline .lane[data-client="1"] .mark .label')).toContainText([
    '⟶ send "Hello, server!"',
    '⟵ "echo Hello, server!"',
    '⟵ close 1000',
  ]);
  const times = (await lane.locator('.mark .at').allTextContents()).map((text) => Number.parseFloat(text));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  await snapshot(page, testInfo, 'preview-server-lane');
});

test('the page is ready to run before TypeScript has loaded; a Run pressed then waits for the checker, then runs', async ({ page }, testInfo) => {
  await open(page);
  // In one go in the page: what the checker is doing, and Run pressed.
  const checkerWhenPressed = await page.evaluate(() => {
    const state = document.body.dataset.checker;
    document.getElementById('run')!.click();
    return state;
  });
  expect(checkerWhenPressed).toBe('loading');
  await expect(page.locator('body')).toHaveAttribute('data-checker', 'ready');
  await expect(page.locator('#log li.run')).toHaveText(['— run 1: guide-client-complete.ts —']);
  await expect(page.locator('#log li.log')).toHaveText(GUIDE_CLIENT_LOG_AGAINST_BYE);
  const marks = await page.evaluate(() =>
    Object.fromEntries(
      performance.getEntriesByType('mark').map((mark) => [mark.name, { at: mark.startTime, detail: (mark as PerformanceMark).detail }]),
    ),
  );
  const ready = marks['preview-ready']!.at;
  const checkerReady = marks['checker-ready']!.at;
  expect(ready).toBeLessThan(checkerReady);
  // Measured, not asserted: how long a page takes depends on the machine and its load.
  const timings = {
    'navigation → ready (Run enabled), ms': Math.round(ready),
    'navigation → checker ready, ms': Math.round(checkerReady),
    'checker phases (worker), ms': marks['checker-ready']!.detail,
  };
  console.log(`preview timings: ${JSON.stringify(timings)}`);
  testInfo.annotations.push({ type: 'timings', description: JSON.stringify(timings) });
  await testInfo.attach('timings.json', { body: JSON.stringify(timings, null, 2), contentType: 'application/json' });
});
