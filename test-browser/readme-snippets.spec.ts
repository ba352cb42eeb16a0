import { execFile } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import webpack, { type Configuration } from 'webpack';
import { createTlsFixtures } from '../src/testing/tls-fixtures.js';
import { startHttpTestServer, type HttpTestServer } from '../src/testing/http-test-server.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { startStatic, type StaticServer } from './servers/static.js';
import { installApp, type InstalledApp } from './support/installed-app.js';
import { installPackedPackage } from './support/installed-package.js';
import { readmeSnippets } from './support/readme-snippet.js';
import { HTTP_AND_WS_STEPS, headerOf, httpAndWsQuery, runHttpAndWsPage, sentBy } from './support/http-and-ws-app.js';

// The README's snippets for pages without a bundler, for esbuild and for webpack, used
// exactly as documented, in an app that has ohos-netkit installed in its node_modules.

test.describe.configure({ timeout: 60_000 });

let upstream: UpstreamServer;
let api: HttpTestServer;
let app: InstalledApp;
let site: StaticServer;
test.beforeAll(async () => {
  upstream = await startUpstreamServer();
  api = await startHttpTestServer();
  app = await installApp('arkts-app');
  site = await startStatic({ dist: app.dir, harness: app.dir });
});
test.afterAll(async () => {
  await site.close();
  await upstream.close();
  await api.close();
  await app.remove();
});

/** Connects the given client to the echo server and returns its device events. */
async function echoThrough(page: Page, getWebSocket: string, url: string): Promise<unknown[]> {
  return page.evaluate(
    async ({ getWebSocket, url }) => {
      const webSocket = await (new Function(`return (${getWebSocket})`)() as Promise<{ createWebSocket(): any }>);
      const ws = webSocket.createWebSocket();
      // Kept reachable while it works, as an app keeps what it needs: a client nothing
      // refers to is collected and stopped (WS §4 "GC"), whenever the renderer collects.
      (globalThis as { echoClient?: unknown }).echoClient = ws;
      const seen: unknown[] = [];
      const closed = new Promise<void>((resolve) => {
        ws.on('open', (_err: unknown, value: unknown) => {
          seen.push(['open', value]);
          void ws.send('hi');
        });
        ws.on('message', (_err: unknown, value: unknown) => {
          seen.push(['message', value]);
          void ws.close();
        });
        ws.on('close', (_err: unknown, value: unknown) => {
          seen.push(['close', value]);
          resolve();
        });
      });
      await ws.connect(url);
      await closed;
      return seen;
    },
    { getWebSocket, url },
  );
}

const ECHOED = [
  ['open', { status: 101, message: 'Switching Protocols' }],
  ['message', 'hi'],
  ['close', { code: 1000, reason: 'CLOSE_NORMAL' }],
];

test('the README import map makes @kit.NetworkKit and ohos-netkit/config work in a plain page', async ({ page }) => {
  const [importMapPage] = readmeSnippets('### Without a bundler', 'html');
  await writeFile(join(app.dir, 'import-map.html'), `<!doctype html><link rel="icon" href="data:,">\n${importMapPage}`);
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${site.url}/import-map.html`);
  const events = await echoThrough(page, "import('@kit.NetworkKit').then((kit) => kit.webSocket)", `${upstream.origin}/echo`);
  expect(events).toEqual(ECHOED);
  // The map's ohos-netkit/config is the settings the kit reads: the snippet's
  // configure({ strict: true }) makes an option direct mode cannot honour fail.
  const strict = await page.evaluate(async (url) => {
    const load = (name: string): Promise<any> => import(name);
    const [{ getConfig }, { webSocket }] = await Promise.all([load('ohos-netkit/config'), load('@kit.NetworkKit')]);
    const refused = await webSocket
      .createWebSocket()
      .connect(url, { header: { name1: 'value1' } })
      .then(
        () => undefined,
        (err: { code: number }) => err.code,
      );
    return { config: getConfig(), refused };
  }, `${upstream.origin}/echo`);
  expect(strict).toEqual({ config: { strict: true }, refused: 2302999 });
  expect(errors).toEqual([]);
});

test('the README classic script gives the same API on a global', async ({ page }) => {
  const [, classicPage] = readmeSnippets('### Without a bundler', 'html');
  await writeFile(join(app.dir, 'classic.html'), `<!doctype html><link rel="icon" href="data:,">\n${classicPage}`);
  await page.goto(`${site.url}/classic.html`);
  const events = await echoThrough(page, 'Promise.resolve(ohosNetkit.webSocket)', `${upstream.origin}/echo`);
  expect(events).toEqual(ECHOED);
});

/**
 * Serves the bundled app (main.js in `outDir`) on a page with `script`, and checks what
 * it prints: it connects to the server's /headers route, gets its answer and closes.
 */
async function expectAppRuns(page: Page, outDir: string, script: string): Promise<void> {
  await writeFile(join(app.dir, outDir, 'index.html'), `<!doctype html><link rel="icon" href="data:,">${script}`);
  const lines: string[] = [];
  const closed = new Promise<void>((resolve) =>
    page.on('console', (message) => {
      lines.push(message.text());
      if (message.text().startsWith('close ')) resolve();
    }),
  );
  await page.goto(`${site.url}/${outDir}/index.html?server=${encodeURIComponent(`${upstream.origin}/headers`)}`);
  await closed;
  expect(lines.filter((l) => !l.startsWith('[ohos-netkit]') && !l.startsWith('message {'))).toEqual([
    'connect true',
    'open {"status":101,"message":"Switching Protocols"}',
    'message ping',
    'close 1001 done',
  ]);
}

test('the README esbuild alias bundles the ArkTS app, which runs in Chromium', async ({ page }) => {
  const [recipe] = readmeSnippets('### With esbuild or webpack: an alias', 'js');
  // The documented call as it is (its output file too), run in the app's directory (its entry point is main.ts there).
  const esbuildPart = recipe?.slice(0, recipe.indexOf('// webpack')) ?? '';
  const documented = esbuildPart.replace(
    "entryPoints: ['src/main.ts']",
    `entryPoints: [${JSON.stringify(join(app.dir, 'main.ts'))}], absWorkingDir: ${JSON.stringify(app.dir)}, logLevel: 'silent'`,
  );
  expect(documented).not.toEqual(esbuildPart);
  await (new Function('esbuild', `return (async () => { ${documented} })()`) as (e: typeof esbuild) => Promise<void>)(esbuild);
  await expectAppRuns(page, 'dist', '<script type="module" src="./main.js"></script>');
});

test('the README webpack alias bundles the ArkTS app, which runs in Chromium', async ({ page }) => {
  const [recipe] = readmeSnippets('### With esbuild or webpack: an alias', 'js');
  const webpackPart = recipe?.slice(recipe.indexOf('// webpack')) ?? '';
  expect(webpackPart).toContain('module.exports');
  // The documented config file, evaluated as webpack would load it.
  const module = { exports: {} as Configuration };
  (new Function('module', webpackPart) as (m: typeof module) => void)(module);
  expect(module.exports.resolve?.alias).toBeDefined();
  // webpack takes JavaScript; the app's TypeScript is stripped first, imports untouched.
  const source = await readFile(join(app.dir, 'main.ts'), 'utf8');
  const { code } = await esbuild.transform(source, { loader: 'ts', format: 'esm' });
  expect(code).toContain('from "@kit.NetworkKit"');
  await writeFile(join(app.dir, 'main.js'), code);
  const stats = await new Promise<webpack.Stats | undefined>((resolve, reject) =>
    webpack(
      {
        ...module.exports,
        context: app.dir,
        entry: './main.js',
        output: { path: join(app.dir, 'webpack-out'), filename: 'main.js' },
        mode: 'production',
        devtool: false,
        infrastructureLogging: { level: 'error' },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  expect(stats?.hasErrors() ? stats.toString('errors-only') : '').toEqual('');
  // webpack's output is a classic script.
  await expectAppRuns(page, 'webpack-out', '<script src="./main.js"></script>');
});

/**
 * Serves a page of the arkts-app's http-and-ws module (bundled into `outDir`, or left to
 * an import map) with `head`, and checks that it runs in direct mode: both http
 * requests are the page's fetch, then the WebSocket echo.
 */
async function expectHttpAndWsRuns(page: Page, outDir: string, head: string): Promise<void> {
  await writeFile(join(app.dir, outDir, 'http-and-ws.html'), `<!doctype html><link rel="icon" href="data:,">${head}`);
  const from = api.requests.length;
  const lines = await runHttpAndWsPage(page, `${site.url}/${outDir}/http-and-ws.html${httpAndWsQuery(api.origin, `${upstream.origin}/echo`)}`);
  expect(lines).toEqual(HTTP_AND_WS_STEPS);
  expect(api.requests.slice(from).map((request) => [request.target, sentBy(request)])).toEqual([
    ['/echo', 'a page'],
    ['/text?body=from-the-api', 'a page'],
  ]);
}

test('the README import map resolves every ArkTS name of the http and webSocket module (@ohos.net.http too), which runs unchanged', async ({
  page,
}) => {
  const [importMapPage] = readmeSnippets('### Without a bundler', 'html');
  // The module's TypeScript stripped and its own files joined; its ArkTS imports left for the map.
  await esbuild.build({
    entryPoints: [join(app.dir, 'http-and-ws-page.ts')],
    bundle: true,
    format: 'esm',
    outfile: join(app.dir, 'import-map-http/http-and-ws-page.js'),
    external: ['@kit.NetworkKit', '@kit.BasicServicesKit', '@ohos.net.http'],
    logLevel: 'silent',
  });
  const bundled = await readFile(join(app.dir, 'import-map-http/http-and-ws-page.js'), 'utf8');
  // (BusinessError is a type there: its import is gone.)
  for (const name of ['@kit.NetworkKit', '@ohos.net.http']) expect(bundled).toContain(`from "${name}"`);
  // The snippet's own module sets strict: the module's options are all a page can honour.
  await expectHttpAndWsRuns(page, 'import-map-http', `${importMapPage}<script type="module" src="./http-and-ws-page.js"></script>`);
});

test("the README classic script's global has http beside webSocket", async ({ page }) => {
  const [, classicPage] = readmeSnippets('### Without a bundler', 'html');
  await writeFile(join(app.dir, 'classic-http.html'), `<!doctype html><link rel="icon" href="data:,">\n${classicPage}`);
  await page.goto(`${site.url}/classic-http.html`);
  const answer = await page.evaluate(async (url) => {
    const { http } = (globalThis as unknown as { ohosNetkit: { http: any } }).ohosNetkit;
    const response = await http.createHttp().request(url, { expectDataType: http.HttpDataType.OBJECT });
    return [response.responseCode, response.result.method, response.result.target];
  }, `${api.origin}/echo`);
  expect(answer).toEqual([200, 'GET', '/echo']);
});

test('the README esbuild alias bundles the http and webSocket module (@ohos.net.http included), which runs in Chromium', async ({ page }) => {
  const [recipe] = readmeSnippets('### With esbuild or webpack: an alias', 'js');
  const esbuildPart = recipe?.slice(0, recipe.indexOf('// webpack')) ?? '';
  const documented = esbuildPart
    .replace(
      "entryPoints: ['src/main.ts']",
      `entryPoints: [${JSON.stringify(join(app.dir, 'http-and-ws-page.ts'))}], absWorkingDir: ${JSON.stringify(app.dir)}, logLevel: 'silent'`,
    )
    .replace("outfile: 'dist/main.js'", "outfile: 'dist-http/main.js'");
  expect(documented).toContain('dist-http/main.js');
  await (new Function('esbuild', `return (async () => { ${documented} })()`) as (e: typeof esbuild) => Promise<void>)(esbuild);
  await expectHttpAndWsRuns(page, 'dist-http', '<script type="module" src="./main.js"></script>');
});

test('the README webpack alias bundles the http and webSocket module (@ohos.net.http included), which runs in Chromium', async ({ page }) => {
  const [recipe] = readmeSnippets('### With esbuild or webpack: an alias', 'js');
  const module = { exports: {} as Configuration };
  (new Function('module', recipe?.slice(recipe.indexOf('// webpack')) ?? '') as (m: typeof module) => void)(module);
  // webpack takes JavaScript: each file's TypeScript stripped, imports untouched.
  for (const name of ['http-and-ws', 'http-and-ws-page']) {
    const { code } = await esbuild.transform(await readFile(join(app.dir, `${name}.ts`), 'utf8'), { loader: 'ts', format: 'esm' });
    await writeFile(join(app.dir, `${name}.js`), code);
  }
  const stats = await new Promise<webpack.Stats | undefined>((resolve, reject) =>
    webpack(
      {
        ...module.exports,
        context: app.dir,
        entry: './http-and-ws-page.js',
        output: { path: join(app.dir, 'webpack-http-out'), filename: 'main.js' },
        mode: 'production',
        devtool: false,
        infrastructureLogging: { level: 'error' },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  expect(stats?.hasErrors() ? stats.toString('errors-only') : '').toEqual('');
  await expectHttpAndWsRuns(page, 'webpack-http-out', '<script src="./main.js"></script>');
});

test('the README Node snippet runs as written against a wss server with its own CA', async () => {
  const [snippet] = readmeSnippets('## In Node', 'ts');
  const tls = await createTlsFixtures();
  const server = await startUpstreamServer({ tls: { cert: tls.server.cert, key: tls.server.key } });
  try {
    // The snippet's own names: its fixtures directory holds ca.pem, its server is ours.
    await copyFile(tls.ca.certPath, join(app.dir, 'ca.pem'));
    const program = (snippet ?? '')
      .replace("'wss://127.0.0.1:8443/'", JSON.stringify(`${server.origin}/echo`))
      .replace("'./test-fixtures'", JSON.stringify(app.dir));
    expect(program).toContain(server.origin);
    await writeFile(join(app.dir, 'node-snippet.mjs'), program);
    const { stdout } = await promisify(execFile)(process.execPath, [join(app.dir, 'node-snippet.mjs')], {
      cwd: app.dir,
      timeout: 20_000,
      // Plain console output: the test runner's color setting must not reach the snippet.
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    expect(stdout.trim().split('\n')).toEqual(["{ status: 101, message: 'Switching Protocols' }", 'hello', '1001 done']);
  } finally {
    await server.close();
    await tls.dispose();
  }
});

test("the README's http quick start runs as written in a page with the README import map (direct mode)", async ({ page }) => {
  const [importMapPage] = readmeSnippets('### Without a bundler', 'html');
  const [quickStart] = readmeSnippets('### http quick start', 'ts');
  const server = await startHttpTestServer();
  try {
    // The one change: the address, the test server's /echo (it answers with the request, as JSON, and CORS).
    const code = quickStart?.replace('http://127.0.0.1:8080/api', `${server.origin}/echo`) ?? '';
    expect(code).toContain(`${server.origin}/echo`);
    await writeFile(
      join(app.dir, 'http-quick-start.html'),
      `<!doctype html><link rel="icon" href="data:,">\n${importMapPage}\n<script type="module">\n${code}\nwindow.done = true;\n</script>`,
    );
    const lines: string[] = [];
    const errors: Error[] = [];
    page.on('console', (message) => lines.push(`${message.type()} ${message.text()}`));
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(`${site.url}/http-quick-start.html`);
    await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, undefined, { timeout: 10_000 });
    expect(errors).toEqual([]);
    expect(lines.filter((line) => line.startsWith('log 200 '))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('log {') && line.includes('"content-type":"application/json"'))).toBe(true);
    const [received] = server.requests;
    expect(server.requests).toHaveLength(1);
    expect(received?.method).toBe('POST');
    expect(received?.body.toString()).toBe('{"name":"value"}');
    expect(received?.headers.filter(([name]) => name.toLowerCase() === 'content-type').map(([, value]) => value)).toEqual(['application/json']);
  } finally {
    await server.close();
  }
});

test("the README's Node http snippet runs as written, from the packed tarball, against an https server with its own CA", async () => {
  const [, snippet] = readmeSnippets('### http quick start', 'ts');
  expect(snippet).toContain("from 'ohos-netkit'");
  const tls = await createTlsFixtures();
  const server = await startHttpTestServer({ tls: { cert: tls.server.cert, key: tls.server.key } });
  const project = await installPackedPackage();
  try {
    // The one change: the address, a route of the test server that sets a cookie (so the jar has a line to show).
    const program = (snippet ?? '').replace("'https://127.0.0.1:8443/'", JSON.stringify(`${server.origin}/cookies?set=session%3D1`));
    expect(program).toContain(server.origin);
    // Its caPath 'ca.pem' is a file of the working directory (no filesDir configured).
    await copyFile(tls.ca.certPath, join(project.dir, 'ca.pem'));
    await writeFile(join(project.dir, 'http-snippet.mjs'), program);
    const { stdout } = await promisify(execFile)(process.execPath, [join(project.dir, 'http-snippet.mjs')], {
      cwd: project.dir,
      timeout: 20_000,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    // The status, then the jar in Netscape format: one line for the cookie the server set.
    expect(stdout).toMatch(/^200 127\.0\.0\.1\tFALSE\t\/\tFALSE\t0\tsession\t1\n/);
    expect(server.requests.map((request) => [request.target, headerOf(request, 'user-agent')])).toEqual([
      ['/cookies?set=session%3D1', 'libcurl-agent/1.0'],
    ]);
  } finally {
    await project.remove();
    await server.close();
    await tls.dispose();
  }
});
