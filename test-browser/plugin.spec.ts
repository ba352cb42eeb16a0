import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import typescript from '@rollup/plugin-typescript';
import * as esbuild from 'esbuild';
import { expect, test, type Page } from '@playwright/test';
import { rollup } from 'rollup';
import { build, createServer, type ViteDevServer } from 'vite';
// Exactly as the README documents it.
import { networkKit } from 'ohos-netkit/plugin';
import { startStatic } from './servers/static.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { installApp, type InstalledApp } from './support/installed-app.js';

// The bundler plugin, used as documented, on a small ArkTS-style app
// (test-browser/apps/arkts-app) installed as a user's app would have it.

// Compilers and bundlers on a 2-core machine: give each test room.
test.describe.configure({ timeout: 90_000 });

let upstream: UpstreamServer;
let app: InstalledApp;
test.beforeAll(async () => {
  upstream = await startUpstreamServer();
  app = await installApp('arkts-app');
});
test.afterAll(async () => {
  await upstream.close();
  await app.remove();
});

/** Runs the app's page and collects its console until the close line. */
async function runApp(page: Page, url: string): Promise<string[]> {
  const lines: string[] = [];
  const closed = new Promise<void>((resolve) =>
    page.on('console', (message) => {
      lines.push(message.text());
      if (message.text().startsWith('close ')) resolve();
    }),
  );
  await page.goto(`${url}?server=${encodeURIComponent(`${upstream.origin}/headers`)}`);
  await closed;
  return lines;
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
  const bundle = await rollup({
    input: join(app.dir, 'main.ts'),
    plugins: [
      networkKit(),
      typescript({ tsconfig: join(app.dir, 'tsconfig.json'), filterRoot: app.dir, noEmit: false, outDir: join(app.dir, 'rollup-out') }),
    ],
  });
  await bundle.write({ dir: join(app.dir, 'rollup-out'), format: 'es' });
  await bundle.close();
  const html = (await readFile(join(app.dir, 'index.html'), 'utf8')).replace('./main.ts', './main.js');
  await writeFile(join(app.dir, 'rollup-out/index.html'), html);
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
  const server: ViteDevServer = await createServer({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [networkKit({ relay: { outbound: { allowLoopbackOnly: true } } })],
    server: { host: '127.0.0.1', port: 0, strictPort: true },
  });
  await server.listen();
  try {
    const address = server.httpServer?.address();
    if (address === null || typeof address !== 'object' || address === undefined) throw new Error('vite is not listening');
    const lines = await runApp(page, `http://127.0.0.1:${address.port}/`);
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

test('vite build with networkKit() carries no relay, and the built app runs in direct mode', async ({ page }) => {
  const outDir = join(app.dir, 'vite-out');
  await build({ root: app.dir, configFile: false, logLevel: 'silent', plugins: [networkKit()], build: { outDir, emptyOutDir: true } });
  const files = await readdir(outDir, { recursive: true });
  for (const file of files.filter((f) => f.endsWith('.js') || f.endsWith('.html'))) {
    const text = await readFile(join(outDir, file), 'utf8');
    expect(text, file).not.toContain('ohos-netkit-relay');
    expect(text, file).not.toMatch(/token:\s*"[0-9a-f]{32,}"/);
  }
  const site = await startStatic({ dist: outDir, harness: outDir });
  try {
    const lines = await runApp(page, `${site.url}/index.html`);
    expect(requestHeadersIn(lines)['x-app']).toBeUndefined();
    expect(lines).toContain('close 1001 done');
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
