import { cp, mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { startHttpTestServer, type HttpTestServer } from '../src/testing/http-test-server.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { findChromium } from './support/find-chromium.js';
import { headerOf } from './support/http-and-ws-app.js';
import { installPackedPackage, type InstalledPackage } from './support/installed-package.js';
import { readmeSnippets } from './support/readme-snippet.js';
import { runUserPlaywright } from './support/user-playwright.js';

// The README's Playwright examples as a new user meets them: ohos-netkit installed from
// the packed tarball into a project whose app (test-browser/apps/dev-server-app) runs on
// a real Vite dev server with the README's vite.config.js (the plugin, its dev relay on),
// and the README's playwright.config.ts and specs, copied as written, run with
// `npx playwright test` on a machine without Playwright's browser download
// (support/user-playwright.ts). Only the README's address of the dev server is replaced:
// by the real one, with the app's parameters (where it connects, what it does).

test.describe.configure({ mode: 'default', timeout: 120_000 });

const APP = fileURLToPath(new URL('./apps/dev-server-app', import.meta.url));
/** The dev server's address in the README's specs. */
const README_ADDRESS = "'http://127.0.0.1:5173/'";

/** The one `ts` block of the README's "In Playwright tests" that `is`. */
function playwrightSnippet(is: (block: string) => boolean): string {
  const found = readmeSnippets('## In Playwright tests', 'ts').filter(is);
  if (found.length !== 1) throw new Error(`README "In Playwright tests" has ${found.length} such blocks, not one`);
  return found[0] ?? '';
}

/** The README's spec with the running dev server's address, and the app's parameters, in place of 5173's. */
function specFor(readmeSpec: string, params: Record<string, string>): string {
  expect(readmeSpec).toContain(README_ADDRESS);
  return readmeSpec.replace(README_ADDRESS, JSON.stringify(`${appAddress}?${new URLSearchParams(params).toString()}`));
}

let project: InstalledPackage;
let upstream: UpstreamServer;
let httpServer: HttpTestServer;
let vite: ViteDevServer;
let appAddress: string;
/** The paths of every upgrade request the real server got. */
const upgrades: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  project = await installPackedPackage(['@playwright/test', 'vite']);
  // A Vite project as create-vite makes one: ES modules.
  await writeFile(join(project.dir, 'package.json'), `${JSON.stringify({ name: 'my-app', private: true, type: 'module' }, undefined, 2)}\n`);
  await cp(APP, project.dir, { recursive: true });
  const [viteConfig = ''] = readmeSnippets('### With Rollup or Vite: the plugin', 'js');
  await writeFile(join(project.dir, 'vite.config.js'), viteConfig);
  await writeFile(
    join(project.dir, 'playwright.config.ts'),
    playwrightSnippet((block) => block.startsWith('// playwright.config.ts')),
  );
  upstream = await startUpstreamServer();
  httpServer = await startHttpTestServer();
  upstream.on('upgrade-request', (request: IncomingMessage) => upgrades.push(new URL(request.url ?? '/', 'ws://any').pathname));
  // The user's dev server, from the user's config file, on a free port of 127.0.0.1.
  vite = await createServer({
    root: project.dir,
    configFile: join(project.dir, 'vite.config.js'),
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: true },
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  if (address === null || address === undefined || typeof address !== 'object') throw new Error('vite is not listening');
  appAddress = `http://127.0.0.1:${address.port}/`;
});
test.afterAll(async () => {
  await vite?.close();
  await upstream?.close();
  await httpServer?.close();
  await project?.remove();
});

test("the README's fixture example on the dev server: the fixture's relay, with its netkitRelayOptions, carries the app's connection, and whenListening tells where its server listens", async () => {
  const readmeSpec = playwrightSnippet((block) => block.startsWith('// my-app.spec.ts'));
  // The spec's sandboxDir, with the file the app names as its caPath. For a ws:// URL the
  // device only checks that the file exists (2302002 when it does not, WS §5): only a
  // relay given this sandboxDir (the fixture's, from netkitRelayOptions) opens the
  // connection; the dev server's relay has no sandboxDir and would refuse it.
  await mkdir(join(project.dir, 'test-files'), { recursive: true });
  await writeFile(join(project.dir, 'test-files/ca.pem'), '(the app names this file as its caPath: on ws:// its presence is what counts)\n');
  const spec = specFor(readmeSpec, { server: `${upstream.origin}/echo`, ca: 'ca.pem', listen: '8080', get: `${httpServer.origin}/status?code=200` });
  await writeFile(join(project.dir, 'my-app.spec.ts'), spec);

  const run = await runUserPlaywright(project.dir, ['my-app.spec.ts'], { chromiumPath: findChromium() });

  expect(run.code, run.output).toBe(0);
  expect(run.output).toMatch(/1 passed/);
  // And the connection the fixture's relay opened reached the server, as did the request, with its Cookie.
  expect(upgrades).toContain('/echo');
  expect(httpServer.requests.map((request) => headerOf(request, 'cookie'))).toContain('session=my-app');
});

test("the README's routeWebSocket example on the dev server: plain @playwright/test finds the browser through the README's config, and the route answers the app", async () => {
  const readmeSpec = playwrightSnippet((block) => block.includes('page.routeWebSocket('));
  expect(readmeSpec).toContain("from '@playwright/test'");
  const spec = specFor(readmeSpec, { server: `${upstream.origin}/chat` });
  await writeFile(join(project.dir, 'mocked.spec.ts'), spec);

  const run = await runUserPlaywright(project.dir, ['mocked.spec.ts'], { chromiumPath: findChromium() });

  expect(run.code, run.output).toBe(0);
  expect(run.output).toMatch(/1 passed/);
  // The route answered in the server's place: nothing reached the real server behind that URL.
  expect(upgrades.filter((path) => path === '/chat')).toEqual([]);
});
