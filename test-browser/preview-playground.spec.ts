import { readFile } from 'node:fs/promises';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { startPreview, type Preview } from '../preview/serve.js';
import { freePort } from '../src/testing/free-port.js';
import { GUIDE_CLIENT_LOG_AGAINST_BYE } from './support/guide-client-log.js';
import { code, hoverWord, openPreview, pageErrors, snapshot } from './support/preview-page.js';

// The live preview as a playground, used as a person uses it: typing with completions
// from the package's declarations, hover and signature help, Ctrl+Enter, code that
// survives a reload and travels as a link, a dialog before edits are left, reset, a
// status line that says what holds now, the timeline's chart, notes where a run meets a
// device quirk, a narrow window, the seeds' Chinese, and every control by keyboard.
//
// They wait for what the page shows, never for a time (`timeout: 0` on each step: the
// test's timeout bounds the whole), so a busy two-core machine only makes them slower.
const expect = baseExpect.configure({ timeout: 0 });
test.describe.configure({ timeout: 180_000 });

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(0);
});
test.afterAll(async () => {
  await preview.close();
});

// The list as it can be taken: CodeMirror greys it out (-disabled) while it asks TypeScript again.
const completions = (page: Page) => page.locator('.cm-tooltip-autocomplete:not(.cm-tooltip-autocomplete-disabled) .cm-completionLabel');

/** Puts the cursor on a new last line of the editor. */
async function newLastLine(page: Page): Promise<void> {
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
}

/** The editor's line the cursor is on. */
const activeLine = (page: Page) => page.locator('#editor .cm-activeLine');

test('typing completes from the package’s declarations (accepted with the keyboard), hover shows types with TSDoc, calls get signature help', async ({
  page,
}, testInfo) => {
  const errors = pageErrors(page);
  await openPreview(page, preview.url);
  // Hover: the type and the TSDoc of types/web-socket.d.ts.
  await hoverWord(page, 'createWebSocket');
  const hover = page.locator('.cm-tooltip-hover');
  await expect(hover.locator('.ts-signature')).toHaveText('function webSocket.createWebSocket(): webSocket.WebSocket');
  await expect(hover.locator('.ts-text')).toHaveText('Creates a WebSocket client object; it does not connect until `connect` is called.');
  await expect(hover.locator('.ts-tag')).toHaveText(['@returns A new, unconnected client.', '@since 6']);
  await snapshot(page, testInfo, 'hover');
  await page.mouse.move(0, 0);

  // A method of the client: offered as you type, taken with Enter.
  await newLastLine(page);
  await page.keyboard.type('ws.con');
  await expect(completions(page)).toHaveText(['connect']);
  await expect(page.locator('.cm-tooltip-autocomplete .cm-completionInfo .ts-signature')).toContainText('connect(url: string');
  await snapshot(page, testInfo, 'completion');
  await page.keyboard.press('Enter');
  await expect(activeLine(page)).toHaveText('ws.connect');
  // Signature help inside the call: the parameter being typed is marked, and moves on with the comma.
  await page.keyboard.type('(');
  const help = page.locator('.ts-signature-help');
  await expect(help.locator('.ts-signature')).toContainText('connect(url: string');
  await expect(help.locator('.ts-active-parameter')).toHaveText('url: string');
  await expect(help.locator('.ts-text')).toContainText('A `ws://` or `wss://` URL');
  await snapshot(page, testInfo, 'signature-help');
  await page.keyboard.type("'ws://127.0.0.1/', ");
  await expect(help.locator('.ts-active-parameter')).toHaveText(/^(callback|options)/);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Event names are completed inside the string, from the listener overloads.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type("ws.on('");
  await expect(completions(page)).toContainText(['close', 'dataEnd', 'error', 'headerReceive', 'message', 'open']);
  await page.keyboard.press('Escape');
  // The kit's module names, and the names it exports (http's too: types/http.d.ts is loaded as ambient.d.ts is).
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type("import netHttp from '@ohos.net.");
  await expect(completions(page)).toHaveText(['@ohos.net.http', '@ohos.net.webSocket']);
  await page.keyboard.press('Enter');
  await expect(activeLine(page)).toHaveText("import netHttp from '@ohos.net.http'");
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('netHttp.createHttp().request("http://127.0.0.1/", { readT');
  // The option that starts with what was typed comes first (the list also matches loosely, e.g. remoteValidation).
  await expect(completions(page).first()).toHaveText('readTimeout');
  await page.keyboard.press('Enter');
  await expect(activeLine(page)).toContainText('{ readTimeout');
  expect(errors).toEqual([]);
});

test('Ctrl+Enter runs; the edited code survives a reload; a shared link opens it in a new browser, and in another preview with its addresses', async ({
  page,
  browser,
}, testInfo) => {
  const errors = pageErrors(page);
  await openPreview(page, `${preview.url}?example=api-connect-promise.ts`);
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('console.log("kept across reloads");');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');
  const before = await code(page).textContent();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('#log li.run')).toHaveText(['— run 1: api-connect-promise.ts (edited) —']);
  await expect(page.locator('#log li.log')).toHaveText(['kept across reloads', 'connect success']);
  // Ctrl+Enter in the editor ran the code and inserted nothing.
  expect(await code(page).textContent()).toBe(before);

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#example')).toHaveValue('api-connect-promise.ts');
  await expect(code(page)).toContainText('console.log("kept across reloads");');
  await expect(page.locator('#editing')).toHaveText('api-connect-promise.ts (edited)');

  // Share: the link holds the code (in the fragment).
  await page.locator('#share').click();
  const field = page.locator('#share-link');
  await expect(page.locator('#share-dialog')).toHaveAttribute('open', '');
  await expect(field).toBeFocused();
  const link = await field.inputValue();
  expect(new URL(link).searchParams.get('example')).toBe('api-connect-promise.ts');
  expect(new URL(link).hash).toMatch(/^#code=[A-Za-z0-9_-]+$/);
  await snapshot(page, testInfo, 'share');
  await page.keyboard.press('Escape');
  await expect(page.locator('#share-dialog')).not.toHaveAttribute('open', '');

  // Opened in a new browser context (nothing kept there): the code is the link's, and runs.
  const other = await browser.newContext();
  try {
    const fresh = await other.newPage();
    const freshErrors = pageErrors(fresh);
    await openPreview(fresh, link);
    await expect(code(fresh)).toContainText('console.log("kept across reloads");');
    await expect(fresh.locator('#editing')).toHaveText('api-connect-promise.ts (edited)');
    await expect(fresh.locator('#problems')).toHaveAttribute('data-state', 'clean');
    await fresh.keyboard.press('ControlOrMeta+Enter');
    await expect(fresh.locator('#log li.log')).toHaveText(['kept across reloads', 'connect success']);
    // The fragment is gone from the address once read, so that a reload keeps what is edited next.
    expect(new URL(fresh.url()).hash).toBe('');
    expect(freshErrors).toEqual([]);

    // Another preview (another machine's, say) has other ports: the link's code gets that preview's addresses.
    const elsewhere = await startPreview(0);
    try {
      expect(elsewhere.upstream.origin).not.toBe(preview.upstream.origin);
      const moved = new URL(link);
      const there = new URL(elsewhere.url);
      moved.host = there.host;
      const away = await other.newPage();
      await openPreview(away, moved.href);
      await expect(code(away)).toContainText(`${elsewhere.upstream.origin}/bye`);
      await expect(code(away)).not.toContainText(preview.upstream.origin);
      await away.keyboard.press('ControlOrMeta+Enter');
      await expect(away.locator('#log li.log')).toHaveText(['kept across reloads', 'connect success']);
    } finally {
      await elsewhere.close();
    }
  } finally {
    await other.close();
  }
  expect(errors).toEqual([]);
});

test('leaving edited code asks in a dialog the keyboard answers; reset to the seed is one click, and Ctrl+Z undoes it', async ({
  page,
}, testInfo) => {
  const errors = pageErrors(page);
  await openPreview(page, preview.url);
  const edited = page.locator('body');
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('// mine');
  await expect(page.locator('body')).toHaveAttribute('data-edited', 'true');

  const dialog = page.locator('dialog#ask');
  await page.locator('#example').selectOption('api-send-promise.ts');
  await expect(dialog).toHaveAttribute('open', '');
  await expect(dialog.locator('h2')).toHaveText('Leave your edits of guide-client-complete.ts?');
  await expect(dialog.locator('button[data-choice="keep"]')).toBeFocused();
  await snapshot(page, testInfo, 'switch-dialog');
  // Escape: nothing changes.
  await page.keyboard.press('Escape');
  await expect(dialog).not.toHaveAttribute('open', '');
  await expect(page.locator('#example')).toHaveValue('guide-client-complete.ts');
  await expect(code(page)).toContainText('// mine');

  // Tab to "keep", Space: switched, and the edits are kept for when the user comes back.
  await page.locator('#example').selectOption('api-send-promise.ts');
  await expect(dialog.locator('button[data-choice="keep"]')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.locator('#editing')).toHaveText('api-send-promise.ts');
  await page.locator('#example').selectOption('guide-client-complete.ts');
  await expect(page.locator('#editing')).toHaveText('guide-client-complete.ts (edited)');
  await expect(code(page)).toContainText('// mine');

  // Tab to "discard", Enter: switched, and coming back finds the seed.
  await page.locator('#example').selectOption('api-send-promise.ts');
  await page.keyboard.press('Tab');
  await expect(dialog.locator('button[data-choice="discard"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#editing')).toHaveText('api-send-promise.ts');
  await page.locator('#example').selectOption('guide-client-complete.ts');
  await expect(page.locator('#editing')).toHaveText('guide-client-complete.ts');
  await expect(edited).toHaveAttribute('data-edited', 'false');
  await expect(code(page)).not.toContainText('// mine');

  // Reset: one click puts the seed back; Ctrl+Z in the editor brings the edit back.
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('// again');
  await expect(edited).toHaveAttribute('data-edited', 'true');
  await page.locator('#reset').click();
  await expect(edited).toHaveAttribute('data-edited', 'false');
  await expect(code(page)).not.toContainText('// again');
  await expect(page.locator('#status')).toContainText("guide-client-complete.ts is the seed's code again");
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(code(page)).toContainText('// again');
  expect(errors).toEqual([]);
});

test('what an action did stays said when TypeScript finishes loading after it: a Reset while the checker loads keeps its line', async ({ page }) => {
  // The checker's worker is held back until the Reset is done, as on a slow machine.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/preview/build/check-worker.js', async (route) => {
    await held;
    await route.continue();
  });
  const errors = pageErrors(page);
  await openPreview(page, preview.url);
  await expect(page.locator('body')).not.toHaveAttribute('data-checker', 'ready');
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('// mine');
  await expect(page.locator('body')).toHaveAttribute('data-edited', 'true');
  await page.locator('#reset').click();
  const said = "guide-client-complete.ts is the seed's code again";
  await expect(page.locator('#status')).toContainText(said);
  release();
  await expect(page.locator('body')).toHaveAttribute('data-checker', 'ready');
  await expect(page.locator('body')).toHaveAttribute('data-code', 'clean');
  await expect(page.locator('#status')).toContainText(said);
  expect(errors).toEqual([]);
});

test('the status line says what holds now and wraps; Clear clears the log and the timeline', async ({ page }) => {
  const errors = pageErrors(page);
  await page.setViewportSize({ width: 700, height: 900 });
  await openPreview(page, `${preview.url}?example=api-connect-promise.ts`);
  const status = page.locator('#status');
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('let broken: number = "text";');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(page.locator('#problems li.problem')).toHaveCount(1);
  await page.locator('#run').click();
  await expect(page.locator('#log li.refused')).toHaveCount(1);
  await expect(status).toContainText('Not run: 1 error under Problems; fix it first.');
  // Fixed: the status no longer says "not run".
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('let fixed: number = 1;');
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');
  await expect(status).toContainText('No problems: Run (Ctrl+Enter) runs this code. The errors that stopped the last Run are fixed.');
  await expect(status).not.toContainText('Not run');
  // The whole line shows: it wraps instead of being cut.
  const cut = await status.evaluate((line) => line.scrollWidth > line.clientWidth || getComputedStyle(line).whiteSpace === 'nowrap');
  expect(cut).toBe(false);
  await page.locator('#run').click();
  await expect(page.locator('#log li.log')).toHaveText(['connect success']);
  await expect(status).toContainText(/Run 1 \(api-connect-promise\.ts \(edited\)\) started at/);
  await expect(page.locator('#timeline .lane')).toHaveCount(1);

  await page.locator('#clear').click();
  await expect(page.locator('#log li')).toHaveCount(0);
  await expect(page.locator('#timeline .lane')).toHaveCount(0);
  await expect(page.locator('#timeline .tick')).toHaveCount(0);
  await expect(page.locator('#timeline-run')).toHaveText('');
  expect(errors).toEqual([]);
});

test("device quirks are explained where a run meets them, citing the spec, as the preview's notes", async ({ page }, testInfo) => {
  const errors = pageErrors(page);
  // The guide's server example: its stop() runs right after start() and nothing catches its rejection.
  await openPreview(page, `${preview.url}?example=guide-server-complete.ts`);
  await page.locator('#run').click();
  const rejection = page.locator('#log li.error', { hasText: 'unhandled rejection' });
  await expect(rejection).toHaveText(['unhandled rejection: {"code":2302999,"message":"Websocket Unknown Other Error"}']);
  const stopNote = page.locator('#log li.error + li.quirk');
  await expect(stopNote).toHaveText([/^server#1's stop\(\) ran before its start\(\) had finished.*2302999 \(WS §6\.4\)/]);
  await expect(stopNote).toHaveAttribute('data-cites', 'WS §6.4, §2.2');
  const tag = await stopNote.evaluate((item) => getComputedStyle(item, '::after').content);
  expect(tag).toContain('preview aid, not device output');
  // The section it cites is in the spec.
  const spec = await readFile(new URL('../docs/websocket-behavior.md', import.meta.url), 'utf8');
  expect(spec).toMatch(/^### 6\.4 Methods$/m);
  expect(spec.replace(/\s+/g, ' ')).toContain('A server that is not started or is already stopping → 2302999');
  await expect(page.locator('#log li.log', { hasText: 'on message received' })).toHaveCount(1);
  await snapshot(page, testInfo, 'quirk-stop');

  // The guide's client example against a port nobody listens on: its connect callback prints success,
  // because connect() resolved; the connection never opened.
  const port = await freePort();
  await openPreview(page, preview.url);
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let line = 1; line < 4; line += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.insertText(`let defaultIpAddress = "ws://127.0.0.1:${port}/";`);
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('#log li.trace.event', { hasText: 'error(' })).toHaveText(['ws#1 ⟵ error({"code":200,"data":"0"})']);
  // The device's lines as they are, and the note right after the one that contradicts the error.
  await expect(page.locator('#log li.log', { hasText: 'Connected successfully' })).toHaveCount(1);
  const connectNote = page.locator('#log li.log + li.quirk');
  await expect(connectNote).toHaveText([/^ws#1 never opened, whatever this line says: .*\(WS §2\.2\).*\(WS §3\.4\)\.$/]);
  await expect(page.locator('#log li.log:has(+ li.quirk)')).toHaveText(['Connected successfully']);
  expect(spec).toMatch(/^### 2\.2 Delivery rules/m);
  expect(spec).toMatch(/^### 3\.4 Close and error semantics/m);
  await snapshot(page, testInfo, 'quirk-connect');

  // A run that meets no quirk gets no note.
  await page.locator('#reset').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('#log li.log[data-run="2"]')).toHaveText(GUIDE_CLIENT_LOG_AGAINST_BYE);
  await expect(page.locator('#log li.quirk[data-run="2"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the timeline: a row per lane on one axis, close marks spread apart, zoom, details on hover and keyboard focus, frames expanded, http traces in lanes of their own', async ({
  page,
}, testInfo) => {
  const errors = pageErrors(page);
  await openPreview(page, preview.url);
  await page.locator('#run').click();
  await expect(page.locator('#log li.log')).toHaveText(GUIDE_CLIENT_LOG_AGAINST_BYE);
  const ticks = page.locator('#timeline .row[data-lane="ws#1"] .tick');
  await expect(ticks).toHaveCount(15);
  // The on() calls come within a millisecond of each other: still apart, in time order, at least 14 px.
  const lefts = await ticks.evaluateAll((buttons) => buttons.map((button) => Number.parseFloat((button as HTMLElement).style.left)));
  for (let i = 1; i < lefts.length; i += 1) expect(lefts[i]! - lefts[i - 1]!).toBeGreaterThanOrEqual(14);

  // Zoom in: the axis grows (the chart scrolls); Fit puts it back.
  const body = page.locator('#timeline .chart-body');
  const fitWidth = await body.evaluate((node) => node.getBoundingClientRect().width);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.locator('#timeline .zoom-level')).toHaveText('×2');
  await expect.poll(() => body.evaluate((node) => node.getBoundingClientRect().width)).toBeGreaterThan(fitWidth);
  await page.getByRole('button', { name: 'Fit the run into the width' }).click();
  await expect(page.locator('#timeline .zoom-level')).toHaveText('fit');
  // Fit fits: the spread marks end within the width, with nothing to scroll.
  const scroller = page.locator('#timeline .chart-scroll');
  const overflow = () => scroller.evaluate((node) => node.scrollWidth - node.clientWidth);
  await expect.poll(overflow).toBeLessThanOrEqual(0);

  // Details on hover…
  const tip = page.locator('#timeline-tip');
  await ticks.nth(8).hover();
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('ws#1 · ');
  await expect(tip).toContainText('ws#1 send("Hello, server!", callback)');
  await expect(tip).toContainText('14 B');
  await snapshot(page, testInfo, 'timeline-hover');
  await page.mouse.move(0, 0);
  await expect(tip).toBeHidden();
  // …and on keyboard focus: the row is one stop of the Tab order, the arrow keys move along it.
  await ticks.first().focus();
  await expect(tip).toContainText('createWebSocket()');
  await page.keyboard.press('ArrowRight');
  await expect(ticks.nth(1)).toBeFocused();
  await expect(tip).toContainText('on("open")');
  await page.keyboard.press('End');
  await expect(ticks.last()).toBeFocused();
  await expect(tip).toContainText('ws#1 ⟵ close(undefined, {"code":1000,"reason":"CLOSE_NORMAL"})');
  await page.keyboard.press('Enter');
  await expect(page.locator('#timeline .lane[data-client="1"] .mark.selected .label')).toHaveText('⟵ close 1000');

  // The lane expanded: its frames, with direction, type, size and content.
  const frames = page.locator('#timeline .lane[data-client="1"] details.frames');
  await expect(frames.locator('summary')).toHaveText('Frames (3)');
  await frames.locator('summary').click();
  await expect(frames.locator('tbody tr')).toHaveCount(3);
  await expect(frames.locator('tbody tr').first().locator('td')).toHaveText([/ms$/, '⟶ sent', 'text', '14 B', 'Hello, server!']);
  await expect(frames.locator('tbody tr').nth(2).locator('td')).toHaveText([/ms$/, '⟵ received', 'text', '3 B', 'bye']);
  await snapshot(page, testInfo, 'timeline-frames');

  // The http namespace's traces (request, headers, data, progress, end or error): the timeline takes them as they come,
  // a lane per request. (The kit does not trace http yet: they are reported here as its tracer will.)
  await page.evaluate(() => {
    const run = (document.querySelector('iframe.run-frame[data-live]') as HTMLIFrameElement).contentWindow!;
    const at = () => run.performance.now();
    const traces = [
      { kind: 'request', request: 1, name: 'request', method: 'GET', url: 'http://127.0.0.1:1/data' },
      { kind: 'headers', request: 1, name: 'headersReceive', status: 200 },
      { kind: 'data', request: 1, name: 'dataReceive', size: 1024, content: 'x'.repeat(16) },
      { kind: 'progress', request: 1, name: 'dataReceiveProgress', received: 1024, total: 2048 },
      { kind: 'end', request: 1, name: 'request', status: 200 },
      { kind: 'request', request: 2, name: 'request', method: 'POST', url: 'http://127.0.0.1:1/refused' },
      { kind: 'error', request: 2, name: 'request', code: 2300007 },
    ];
    for (const detail of traces) run.dispatchEvent(new CustomEvent('netkit-trace', { detail: { ...detail, time: at() } }));
  });
  const request = page.locator('#timeline .lane[data-request="1"]');
  await expect(request.locator('.lane-name')).toHaveText('http#1');
  await expect(request.locator('.lane-url')).toHaveText('GET http://127.0.0.1:1/data');
  await expect(request.locator('.mark .label')).toHaveText([
    '⟶ GET http://127.0.0.1:1/data',
    '⟵ headers 200',
    '⟵ data 1.0 KiB',
    'progress 1.0 KiB of 2.0 KiB',
    'end ✓ 200',
  ]);
  await expect(request.locator('details.frames summary')).toHaveText('Frames (1)');
  await expect(page.locator('#timeline .lane[data-request="2"] .mark.failure .label')).toHaveText(['✗ 2300007']);
  await expect(page.locator('#timeline .row .row-name')).toHaveText(['ws#1', 'http#1', 'http#2']);

  // Many marks close together after long quiet (a burst of progress at the end of a run): fit still fits,
  // the burst spread apart at the right end, the marks before it as far apart as time puts them.
  await page.evaluate(() => {
    const run = (document.querySelector('iframe.run-frame[data-live]') as HTMLIFrameElement).contentWindow!;
    const at = run.performance.now();
    run.dispatchEvent(
      new CustomEvent('netkit-trace', {
        detail: { kind: 'request', request: 3, name: 'request', method: 'GET', url: 'http://127.0.0.1:1/many', time: at },
      }),
    );
    for (let index = 1; index <= 8; index += 1) {
      const detail = { kind: 'progress', request: 3, name: 'dataReceiveProgress', received: index, total: 8, time: at + 1000 + index / 10 };
      run.dispatchEvent(new CustomEvent('netkit-trace', { detail }));
    }
  });
  const burst = page.locator('#timeline .row[data-lane="http#3"] .tick');
  await expect(burst).toHaveCount(9);
  await expect.poll(overflow).toBeLessThanOrEqual(0);
  const burstLefts = await burst.evaluateAll((buttons) => buttons.map((button) => Number.parseFloat((button as HTMLElement).style.left)));
  for (let i = 2; i < burstLefts.length; i += 1) expect(burstLefts[i]! - burstLefts[i - 1]!).toBeGreaterThanOrEqual(14);
  expect(errors).toEqual([]);
});

test('every control works from the keyboard with visible focus, at 400 px wide, with the seeds’ Chinese in a CJK font and no page errors', async ({
  page,
}, testInfo) => {
  const errors = pageErrors(page);
  await page.setViewportSize({ width: 400, height: 900 });
  await openPreview(page, preview.url);
  // Nothing wider than the window.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);

  // The Tab order from the top: the example, Run, Share, Reset, the editor; each shows where the keyboard is.
  await page.locator('body').focus();
  const order: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    await page.keyboard.press('Tab');
    order.push(
      await page.evaluate(() => {
        const active = document.activeElement as HTMLElement;
        return active.id || active.className;
      }),
    );
    const ring = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      // The editor's ring is on its frame (CodeMirror's content itself draws none).
      const ringed = active.closest('.cm-editor') ?? active;
      return active.matches(':focus-visible') ? getComputedStyle(ringed).outlineStyle : 'not focus-visible';
    });
    expect(ring, order.at(-1)).not.toBe('none');
  }
  expect(order).toEqual(['example', 'run', 'share', 'reset', 'cm-content']);
  // The editor's ring is there in the same turn as the focus, not a timer later (CI once read it in between).
  await page.evaluate(() => document.querySelector<HTMLElement>('.cm-content')!.blur());
  await expect(page.locator('.cm-editor')).not.toHaveClass(/cm-focused/);
  const ringAtOnce = await page.evaluate(() => {
    const content = document.querySelector<HTMLElement>('.cm-content')!;
    content.focus();
    return getComputedStyle(content.closest('.cm-editor')!).outlineStyle;
  });
  expect(ringAtOnce).toBe('solid');
  // Escape, then Tab leaves the editor (Tab does not indent): on to the checker's options, then the log's Clear.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.locator('details.options summary')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('details.options')).toHaveAttribute('open', '');
  await page.keyboard.press('Tab');
  await expect(page.locator('#clear')).toBeFocused();

  // Run with Space on the button, Clear with Enter.
  await page.locator('#run').focus();
  await page.keyboard.press('Space');
  await expect(page.locator('#log li.log')).toHaveText(GUIDE_CLIENT_LOG_AGAINST_BYE);
  await snapshot(page, testInfo, 'narrow-run');
  await page.locator('#clear').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#log li')).toHaveCount(0);
  // Share with Enter, closed with its Close button by Space.
  await page.locator('#share').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#share-link')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('#copy-link')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('#close-share')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.locator('#share-dialog')).not.toHaveAttribute('open', '');
  // The example list by keyboard: a new example with the arrow key.
  await page.locator('#example').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#editing')).toHaveText('guide-client-steps.ts');
  // A problem in the list, by keyboard: Enter takes the cursor there.
  await code(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\nlet broken: number = "x";');
  await page.keyboard.press('Escape');
  const problem = page.locator('#problems li.problem');
  await expect(problem).toHaveCount(1);
  await problem.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#editor .cm-activeLine')).toContainText('let broken: number = "x";');
  // Reset with Space.
  await page.locator('#reset').focus();
  await page.keyboard.press('Space');
  await expect(page.locator('#problems')).toHaveAttribute('data-state', 'clean');

  // The seeds' Chinese is drawn by a CJK face the page names, not as boxes: the fonts Chromium used for the header's title.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#example-info cite' });
  await expect(page.locator('#example-info cite')).toContainText('使用WebSocket访问网络');
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  const css = await readFile(new URL('../preview/page/preview.css', import.meta.url), 'utf8');
  const cjk = fonts.filter((font) => /WenQuanYi|Noto Sans CJK|Source Han|PingFang|Hiragino|YaHei/.test(font.familyName));
  expect(cjk.length, JSON.stringify(fonts)).toBeGreaterThan(0);
  for (const font of cjk) expect(css).toContain(`'${font.familyName}'`);
  expect(cjk.reduce((glyphs, font) => glyphs + font.glyphCount, 0)).toBeGreaterThanOrEqual('使用访问网络'.length);
  await snapshot(page, testInfo, 'narrow');
  expect(errors).toEqual([]);
});
