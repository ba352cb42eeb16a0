import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import typescript from '@rollup/plugin-typescript';
import * as esbuild from 'esbuild';
import { expect, test, type Page } from '@playwright/test';
import { rollup, type RollupLog } from 'rollup';
import { build, createLogger, createServer, type Logger, type ViteDevServer } from 'vite';
// Exactly as the README documents it.
import { networkKit } from 'ohos-netkit/plugin';
import { startRelay, type RelayLogger } from 'ohos-netkit/relay';
import { startStatic } from './servers/static.js';
import { startHttpTestServer, type HttpTestServer, type ReceivedRequest } from '../src/testing/http-test-server.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { HTTP_AND_WS_STEPS, headerOf, httpAndWsQuery, runHttpAndWsPage, sentBy } from './support/http-and-ws-app.js';
import { installApp, type InstalledApp } from './support/installed-app.js';

// The bundler plugin, used as documented, on a small ArkTS-style app
// (test-browser/apps/arkts-app) installed as a user's app would have it.

// Compilers and bundlers on a 2-core machine: give each test room.
test.describe.configure({ timeout: 90_000 });

let upstream: UpstreamServer;
let api: HttpTestServer;
let app: InstalledApp;
test.beforeAll(async () => {
  upstream = await startUpstreamServer();
  api = await startHttpTestServer();
  app = await installApp('arkts-app');
});
test.afterAll(async () => {
  await upstream.close();
  await api.close();
  await app.remove();
});

/** Runs the app's page and collects its console until the line that starts with `last` (the close line by default). */
async function runApp(page: Page, url: string, last = 'close '): Promise<string[]> {
  const lines: string[] = [];
  const ended = new Promise<void>((resolve) =>
    page.on('console', (message) => {
      lines.push(message.text());
      if (message.text().startsWith(last)) resolve();
    }),
  );
  await page.goto(`${url}?server=${encodeURIComponent(`${upstream.origin}/headers`)}`);
  await ended;
  return lines;
}

/** The app's connect line when strict mode refused its header option (direct mode cannot send it). */
const REFUSED_AS_STRICT = /^connect failed \{"code":2302999,"message":"[^"]*header[^"]*"\}$/;

/** A Vite logger that keeps what the plugin says instead of printing it. */
function recordingLogger(): { logger: Logger; info: string[]; warnings: string[] } {
  const info: string[] = [];
  const warnings: string[] = [];
  const logger = createLogger('silent');
  logger.info = (message) => void info.push(message);
  logger.warn = (message) => void warnings.push(message);
  logger.warnOnce = (message) => void warnings.push(message);
  return { logger, info, warnings };
}

/** Bundles the app with Rollup, `plugin` first, into `outDir` with an index.html; returns Rollup's warnings. */
async function rollupApp(plugin: ReturnType<typeof networkKit>, outDir: string): Promise<RollupLog[]> {
  const warnings: RollupLog[] = [];
  const bundle = await rollup({
    input: join(app.dir, 'main.ts'),
    plugins: [plugin, typescript({ tsconfig: join(app.dir, 'tsconfig.json'), filterRoot: app.dir, noEmit: false, outDir })],
    onwarn: (warning) => void warnings.push(warning),
  });
  await bundle.write({ dir: outDir, format: 'es' });
  await bundle.close();
  const html = (await readFile(join(app.dir, 'index.html'), 'utf8')).replace('./main.ts', './main.js');
  await writeFile(join(outDir, 'index.html'), html);
  return warnings;
}

/** Vite's dev server for the app, on a free port of 127.0.0.1, and its address. */
async function startDevServer(plugin: ReturnType<typeof networkKit>, logger?: Logger): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    ...(logger === undefined ? {} : { customLogger: logger }),
    plugins: [plugin],
    server: { host: '127.0.0.1', port: 0, strictPort: true },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (address === null || typeof address !== 'object' || address === undefined) throw new Error('vite is not listening');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

function requestHeadersIn(lines: string[]): Record<string, string> {
  const line = lines.find((l) => l.startsWith('message {'));
  if (line === undefined) throw new Error(`no headers message in ${lines.join('\n')}`);
  return (JSON.parse(line.slice('message '.length)) as { headers: Record<string, string> }).headers;
}

test('the app type-checks with tsc unchanged, through the ambient declarations', async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await expect(promisify(execFile)(process.execPath, [tsc, '-p', join(app.dir, 'tsconfig.json')])).resolves.toBeDefined();
  // And misuse does not: an event callback of the wrong type.
  await writeFile(
    join(app.dir, 'misuse.ts'),
    "import { webSocket } from '@kit.NetworkKit';\nwebSocket.createWebSocket().on('message', (value: number) => {});\n",
  );
  const misuse = promisify(execFile)(
    process.execPath,
    [
      tsc,
      '--noEmit',
      '--strict',
      '--types',
      'ohos-netkit/ambient',
      '--moduleResolution',
      'bundler',
      '--module',
      'esnext',
      join(app.dir, 'misuse.ts'),
    ],
    { cwd: app.dir },
  );
  await expect(misuse).rejects.toMatchObject({ stdout: expect.stringContaining('misuse.ts') });
});

test('Rollup with networkKit() builds the app, which runs in Chromium in direct mode', async ({ page }) => {
  expect(await rollupApp(networkKit(), join(app.dir, 'rollup-out'))).toEqual([]);
  const site = await startStatic({ dist: join(app.dir, 'rollup-out'), harness: join(app.dir, 'rollup-out') });
  try {
    const lines = await runApp(page, `${site.url}/index.html`);
    expect(lines.filter((l) => !l.startsWith('message {') && !l.startsWith('[ohos-netkit]'))).toEqual([
      'connect true',
      'open {"status":101,"message":"Switching Protocols"}',
      'message ping',
      'close 1001 done',
    ]);
    // Direct mode: the browser cannot send the header; the app was told once, naming it.
    expect(requestHeadersIn(lines)['x-app']).toBeUndefined();
    expect(lines.some((l) => l.includes("'header' is not honoured in direct mode"))).toBe(true);
  } finally {
    await site.close();
  }
});

test('Vite dev server with networkKit(): the relay runs inside it, and the app gets its header through', async ({ page }) => {
  const { server, url } = await startDevServer(networkKit({ relay: { outbound: { allowLoopbackOnly: true } } }));
  try {
    const lines = await runApp(page, url);
    // Through the relay, on the dev server's own port: the header arrived, lower-cased.
    expect(requestHeadersIn(lines)['x-app']).toBe('arkts-app');
    expect(lines.filter((l) => !l.startsWith('message {') && !l.startsWith('[vite]'))).toEqual([
      'connect true',
      'open {"status":101,"message":"Switching Protocols"}',
      'message ping',
      'close 1001 done',
    ]);
  } finally {
    await server.close();
  }
});

/** A relay logger that keeps every line. */
function recordingRelayLogger(): { logger: RelayLogger; lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string): void => void lines.push(message);
  return { logger: { info: keep, warn: keep, error: keep }, lines };
}

test("Vite dev server with networkKit(): a page that has a relay already (the Playwright fixture's) keeps it, and what else it set; the dev relay fills in only what the page left out", async ({
  page,
}) => {
  const dev = recordingRelayLogger();
  const pages = recordingRelayLogger();
  const { server, url } = await startDevServer(networkKit({ relay: { outbound: { allowLoopbackOnly: true }, logger: dev.logger } }));
  const own = await startRelay({ outbound: { allowLoopbackOnly: true }, logger: pages.logger });
  try {
    // As the fixture does it: an init script, which runs before any script of the page.
    const set = { relay: { url: own.url, token: own.token }, strict: true };
    await page.addInitScript((config) => Object.assign(globalThis, { __OHOS_NETKIT_CONFIG__: config }), set);
    const lines = await runApp(page, url);
    expect(await page.evaluate(() => (globalThis as any).__OHOS_NETKIT_CONFIG__)).toEqual(set);
    // The header went through the page's relay; the dev server's carried nothing.
    expect(requestHeadersIn(lines)['x-app']).toBe('arkts-app');
    expect(pages.lines.filter((line) => / open: ws:\/\/127\.0\.0\.1:\d+\/headers$/.test(line))).toHaveLength(1);
    expect(dev.lines).toEqual([]);

    // A page that set other things but no relay gets the dev server's, beside its own settings.
    await page.addInitScript(() => Object.assign(globalThis, { __OHOS_NETKIT_CONFIG__: { useRelay: 'auto' } }));
    await runApp(page, url);
    const config = await page.evaluate(() => (globalThis as any).__OHOS_NETKIT_CONFIG__);
    expect(config).toEqual({
      useRelay: 'auto',
      relay: { url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/ohos-netkit-relay$/), token: expect.any(String) },
    });
    expect(config.relay.url).toBe(`${url.replace('http:', 'ws:')}ohos-netkit-relay`);
    expect(dev.lines.filter((line) => / open: ws:\/\/127\.0\.0\.1:\d+\/headers$/.test(line))).toHaveLength(1);
  } finally {
    await own.close();
    await server.close();
  }
});

test('vite build with networkKit(): no relay and no Node code; the relay client is a lazy chunk that a direct-mode page never loads', async ({
  page,
}) => {
  const outDir = join(app.dir, 'vite-out');
  const built = await build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [networkKit()],
    build: { outDir, emptyOutDir: true },
  });
  if (Array.isArray(built) || !('output' in built)) throw new Error('vite build gave no single output');
  const chunks = built.output.filter((file) => file.type === 'chunk');
  // Every module is the browser build's or the app's: nothing of dist/node, ws or a Node built-in.
  const modules = chunks.flatMap((chunk) => chunk.moduleIds);
  expect(modules.filter((id) => /[/\\]dist[/\\]node[/\\]|[/\\]node_modules[/\\]ws[/\\]|^node:/.test(id))).toEqual([]);
  expect(modules.some((id) => /[/\\]dist[/\\]browser[/\\]chunks[/\\]web-socket-[^/\\]*\.js$/.test(id))).toBe(true);
  for (const chunk of chunks) expect(chunk.code, chunk.fileName).not.toMatch(/\bfrom\s*["']node:|\brequire\(/);
  // The page's relay client: a chunk of its own, reached from the entry only through import().
  const relayClient = chunks.find((chunk) => chunk.moduleIds.some((id) => /[/\\]relay-transport-[^/\\]*\.js$/.test(id)));
  expect(relayClient?.isDynamicEntry, modules.join('\n')).toBe(true);
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const loadedWithEntry = new Set<string>();
  const visit = (name: string): void => {
    if (loadedWithEntry.has(name)) return;
    loadedWithEntry.add(name);
    for (const imported of byName.get(name)?.imports ?? []) visit(imported);
  };
  for (const entry of chunks.filter((chunk) => chunk.isEntry)) visit(entry.fileName);
  expect([...loadedWithEntry]).not.toContain(relayClient?.fileName);
  // And no relay address or token went in.
  const files = await readdir(outDir, { recursive: true });
  for (const file of files.filter((f) => f.endsWith('.js') || f.endsWith('.html'))) {
    const text = await readFile(join(outDir, file), 'utf8');
    expect(text, file).not.toContain('ohos-netkit-relay');
    expect(text, file).not.toMatch(/token:\s*"[0-9a-f]{32,}"/);
  }
  const site = await startStatic({ dist: outDir, harness: outDir });
  try {
    const requested: string[] = [];
    page.on('request', (request) => void requested.push(new URL(request.url()).pathname));
    const lines = await runApp(page, `${site.url}/index.html`);
    expect(requestHeadersIn(lines)['x-app']).toBeUndefined();
    expect(lines).toContain('close 1001 done');
    expect(requested.some((path) => path.endsWith('.js'))).toBe(true);
    expect(requested.filter((path) => path.endsWith(`/${relayClient?.fileName ?? '(none)'}`))).toEqual([]);
  } finally {
    await site.close();
  }
});

test('a browser build that imports the Node-only relay fails at resolve time (Vite with the plugin, esbuild)', async () => {
  await writeFile(join(app.dir, 'uses-relay.html'), '<!doctype html><script type="module" src="./uses-relay.js"></script>');
  await writeFile(join(app.dir, 'uses-relay.js'), "import { startRelay } from 'ohos-netkit/relay';\nconsole.log(startRelay);\n");
  const building = build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [networkKit()],
    build: { outDir: join(app.dir, 'relay-out'), emptyOutDir: true, rollupOptions: { input: join(app.dir, 'uses-relay.html') } },
  });
  await expect(building).rejects.toThrow(/ohos-netkit\/relay is Node-only/);
  // The exports map alone ("browser": null) is enough for esbuild.
  const bundling = esbuild.build({
    entryPoints: [join(app.dir, 'uses-relay.js')],
    bundle: true,
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    absWorkingDir: app.dir,
  });
  await expect(bundling).rejects.toThrow(/Could not resolve "ohos-netkit\/relay"/);
});

test('Vite dev server with networkKit(): the log names the relay once the server listens, without its token', async ({ request }) => {
  const { logger, info, warnings } = recordingLogger();
  const { server, url } = await startDevServer(networkKit(), logger);
  try {
    const { port } = server.httpServer?.address() as AddressInfo;
    expect(info).toContain(`ohos-netkit dev relay on ws://127.0.0.1:${port}/ohos-netkit-relay (token in the page)`);
    expect(info.filter((line) => line.includes('ohos-netkit'))).toHaveLength(1);
    expect(warnings).toEqual([]);
    // The page has the token; no line of the log does.
    const html = await (await request.get(url)).text();
    const token = /token: "([0-9a-f]{64})"/.exec(html)?.[1];
    expect(token, html).toBeDefined();
    expect([...info, ...warnings].filter((line) => line.includes(token ?? '(none)'))).toEqual([]);
  } finally {
    await server.close();
  }
});

test('vite build with config: { strict: true }: the built app refuses its header with 2302999, under what the page set itself', async ({ page }) => {
  const outDir = join(app.dir, 'vite-strict-out');
  const { logger, warnings } = recordingLogger();
  await build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    customLogger: logger,
    plugins: [networkKit({ config: { strict: true } })],
    build: { outDir, emptyOutDir: true },
  });
  expect(warnings.filter((line) => line.includes('ohos-netkit'))).toEqual([]);
  // A page's own settings stay: merged, not replaced (and the page's win where both speak).
  const built = await readFile(join(outDir, 'index.html'), 'utf8');
  const withPageConfig = (config: string): string => built.replace('<head>', `<head><script>globalThis.__OHOS_NETKIT_CONFIG__ = ${config};</script>`);
  await writeFile(join(outDir, 'page-auto.html'), withPageConfig("{ useRelay: 'auto' }"));
  await writeFile(join(outDir, 'page-lenient.html'), withPageConfig('{ strict: false }'));
  const site = await startStatic({ dist: outDir, harness: outDir });
  try {
    const lines = await runApp(page, `${site.url}/index.html`, 'connect ');
    expect(lines.filter((l) => l.startsWith('connect '))).toEqual([expect.stringMatching(REFUSED_AS_STRICT)]);
    const merged = await runApp(page, `${site.url}/page-auto.html`, 'connect ');
    expect(merged.filter((l) => l.startsWith('connect '))).toEqual([expect.stringMatching(REFUSED_AS_STRICT)]);
    expect(await page.evaluate(() => (globalThis as any).__OHOS_NETKIT_CONFIG__)).toEqual({ strict: true, useRelay: 'auto' });
    const lenient = await runApp(page, `${site.url}/page-lenient.html`, 'connect ');
    expect(lenient.filter((l) => l.startsWith('connect '))).toEqual(['connect true']);
  } finally {
    await site.close();
  }
});

test('Rollup with config: { strict: true }: the bundle refuses the header with 2302999 (no index.html needed)', async ({ page }) => {
  const outDir = join(app.dir, 'rollup-strict-out');
  expect(await rollupApp(networkKit({ config: { strict: true } }), outDir)).toEqual([]);
  const site = await startStatic({ dist: outDir, harness: outDir });
  try {
    const lines = await runApp(page, `${site.url}/index.html`, 'connect ');
    expect(lines.filter((l) => l.startsWith('connect '))).toEqual([expect.stringMatching(REFUSED_AS_STRICT)]);
  } finally {
    await site.close();
  }
});

test('Vite dev server with relay: false, config: { strict: true }: no relay, and the page refuses the header with 2302999', async ({ page }) => {
  const { logger, info, warnings } = recordingLogger();
  const { server, url } = await startDevServer(networkKit({ relay: false, config: { strict: true } }), logger);
  try {
    const lines = await runApp(page, url, 'connect ');
    expect(lines.filter((l) => l.startsWith('connect '))).toEqual([expect.stringMatching(REFUSED_AS_STRICT)]);
    expect(await page.evaluate(() => (globalThis as any).__OHOS_NETKIT_CONFIG__)).toEqual({ strict: true });
    expect([...info, ...warnings].filter((line) => line.includes('ohos-netkit'))).toEqual([]);
  } finally {
    await server.close();
  }
});

test('options that cannot take effect are warned about: relay options in builds, config.relay beside the dev relay, unknown names', async ({
  page,
}) => {
  const relayOptions = { sandboxDir: './app-files' };
  // vite build: through Vite's logger.
  const vite = recordingLogger();
  await build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    customLogger: vite.logger,
    plugins: [networkKit({ relay: relayOptions, config: { strcit: true } as never })],
    build: { outDir: join(app.dir, 'vite-warned-out'), emptyOutDir: true },
  });
  expect(vite.warnings.filter((line) => line.includes('ohos-netkit'))).toEqual([
    expect.stringMatching(/^\[ohos-netkit\] unknown setting config\.strcit ignored/),
    expect.stringMatching(/^\[ohos-netkit\] the relay options do nothing in a build: a build carries no relay/),
  ]);
  // Rollup: through this.warn, as a plugin warning.
  const rollupWarnings = await rollupApp(networkKit({ relay: relayOptions, relays: false } as never), join(app.dir, 'rollup-warned-out'));
  expect(rollupWarnings.map((warning) => [warning.code, warning.plugin, warning.message])).toEqual([
    ['PLUGIN_WARNING', 'ohos-netkit', expect.stringMatching(/unknown option 'relays' ignored/)],
    ['PLUGIN_WARNING', 'ohos-netkit', expect.stringMatching(/the relay options do nothing in a build/)],
  ]);
  // The dev server: its own relay replaces a hand-given one, and says so.
  const dev = recordingLogger();
  const foreign = { url: 'ws://127.0.0.1:9/elsewhere', token: 'f'.repeat(64) };
  const { server, url } = await startDevServer(
    networkKit({ relay: { outbound: { allowLoopbackOnly: true } }, config: { relay: foreign } }),
    dev.logger,
  );
  try {
    expect(dev.warnings).toEqual([expect.stringMatching(/^\[ohos-netkit\] config\.relay ignored: the plugin runs its own relay/)]);
    const lines = await runApp(page, url);
    expect(requestHeadersIn(lines)['x-app']).toBe('arkts-app');
  } finally {
    await server.close();
  }
});

/** The Origin of each upgrade the upstream gets while `run` runs (the relay sends the device's, a page its own). */
async function upgradeOrigins(run: () => Promise<void>): Promise<Array<string | undefined>> {
  const origins: Array<string | undefined> = [];
  const onUpgrade = (request: IncomingMessage): void => void origins.push(request.headers.origin);
  upstream.on('upgrade-request', onUpgrade);
  try {
    await run();
  } finally {
    upstream.off('upgrade-request', onUpgrade);
  }
  return origins;
}

/** The requests the API server gets while `run` runs. */
async function apiRequests(run: () => Promise<void>): Promise<ReceivedRequest[]> {
  const from = api.requests.length;
  await run();
  return api.requests.slice(from);
}

test('Vite dev server with networkKit(): an ArkTS module using http (@kit.NetworkKit and @ohos.net.http) and webSocket runs unchanged, the dev relay carrying both', async ({
  page,
}) => {
  const dev = recordingRelayLogger();
  const { server, url } = await startDevServer(networkKit({ relay: { outbound: { allowLoopbackOnly: true }, logger: dev.logger } }));
  try {
    let lines: string[] = [];
    const requests = await apiRequests(async () => {
      const origins = await upgradeOrigins(async () => {
        lines = await runHttpAndWsPage(page, `${url}http-and-ws.html${httpAndWsQuery(api.origin, `${upstream.origin}/echo`)}`);
      });
      // The relay's WebSocket: the device's Origin (no port, WS §5), not the page's.
      expect(origins).toEqual(['http://127.0.0.1']);
    });
    expect(lines).toEqual(HTTP_AND_WS_STEPS);
    // Both requests left the dev server's relay, not the page: no Origin, no preflight, curl's User-Agent.
    expect(requests.map((request) => [request.method, request.target, sentBy(request), headerOf(request, 'user-agent')])).toEqual([
      ['GET', '/echo', 'curl-like', 'libcurl-agent/1.0'],
      ['GET', '/text?body=from-the-api', 'curl-like', 'libcurl-agent/1.0'],
    ]);
    expect(headerOf(requests[0]!, 'x-app')).toBe('arkts-app');
    // The dev server's relay says so too: the two http legs, then the WebSocket's.
    const steps = dev.lines.filter((line) => / (GET|connecting to) /.test(line)).map((line) => line.replace(/^leg #\d+: /, ''));
    expect(steps).toEqual([
      `GET ${api.origin}/echo direct (no proxy in the environment)`,
      `GET ${api.origin}/text direct (no proxy in the environment)`,
      `connecting to ${upstream.origin}/echo direct (no proxy in the environment)`,
    ]);
  } finally {
    await server.close();
  }
});

test('vite build with networkKit(): the http and webSocket module runs in direct mode (the page fetch, its own WebSocket), and through a relay the page is given', async ({
  page,
}) => {
  const outDir = join(app.dir, 'vite-http-out');
  await build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [networkKit()],
    build: { outDir, emptyOutDir: true, rollupOptions: { input: join(app.dir, 'http-and-ws.html') } },
  });
  const site = await startStatic({ dist: outDir, harness: outDir });
  const relayLog = recordingRelayLogger();
  const relay = await startRelay({ outbound: { allowLoopbackOnly: true }, logger: relayLog.logger });
  try {
    const pageUrl = `${site.url}/http-and-ws.html${httpAndWsQuery(api.origin, `${upstream.origin}/echo`)}`;
    let lines: string[] = [];
    const direct = await apiRequests(async () => {
      expect(await upgradeOrigins(async () => void (lines = await runHttpAndWsPage(page, pageUrl)))).toEqual([site.url]);
    });
    expect(lines).toEqual(HTTP_AND_WS_STEPS);
    // The page's own fetch: its Origin on each (the custom header's preflight is not recorded).
    expect(direct.map((request) => [request.target, sentBy(request), headerOf(request, 'origin')])).toEqual([
      ['/echo', 'a page', site.url],
      ['/text?body=from-the-api', 'a page', site.url],
    ]);
    expect(headerOf(direct[0]!, 'x-app')).toBe('arkts-app');
    expect(relayLog.lines.filter((line) => line.startsWith('leg #'))).toEqual([]);

    // The same build, on a page whose config names a relay (as a script tag or the Playwright fixture sets it).
    await page.addInitScript((config) => Object.assign(globalThis, { __OHOS_NETKIT_CONFIG__: config }), {
      relay: { url: relay.url, token: relay.token },
    });
    const relayed = await apiRequests(async () => {
      expect(await upgradeOrigins(async () => void (lines = await runHttpAndWsPage(page, pageUrl)))).toEqual(['http://127.0.0.1']);
    });
    expect(lines).toEqual(HTTP_AND_WS_STEPS);
    expect(relayed.map((request) => [request.target, sentBy(request)])).toEqual([
      ['/echo', 'curl-like'],
      ['/text?body=from-the-api', 'curl-like'],
    ]);
    // Three legs to that relay: the two http requests, then the WebSocket.
    expect(relayLog.lines.filter((line) => / (GET|connecting to) /.test(line))).toEqual([
      expect.stringMatching(/^leg #\d+: GET http:\/\/127\.0\.0\.1:\d+\/echo /),
      expect.stringMatching(/^leg #\d+: GET http:\/\/127\.0\.0\.1:\d+\/text /),
      expect.stringMatching(/^leg #\d+: connecting to ws:\/\/127\.0\.0\.1:\d+\/echo /),
    ]);
  } finally {
    await relay.close();
    await site.close();
  }
});
