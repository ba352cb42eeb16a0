/**
 * An app pays only for the namespaces it imports: bundled from the built entry
 * (dist/browser/index.js, what `@kit.NetworkKit` resolves to) by Rollup and by esbuild,
 * a webSocket-only app holds no http code and stays within the bench's budget, and an
 * http-only app holds no webSocket code and works in a page.
 */
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { rollup } from 'rollup';
import { measureBundleSize } from '../bench/bundle-size.js';
import { BUNDLE_GZIP_BUDGET_BYTES } from '../bench/workloads.js';
import { startHttpTestServer } from '../src/testing/http-test-server.js';
import { expect, test } from './fixtures.js';

const ENTRY = fileURLToPath(new URL('../dist/browser/index.js', import.meta.url));

/** Text only the http namespace has: its error table, its fetch wire's form default, its factory. */
const HTTP_MARKERS = ['Failed to write the received data', 'application/x-www-form-urlencoded', 'createHttp'];
/** Text only the webSocket namespace has. */
const WEB_SOCKET_MARKERS = ['Websocket url error', 'createWebSocket'];

/** The app's source: it imports `names` from the entry and hands them to the page. */
const appSource = (names: readonly string[]): string =>
  `import { ${names.join(', ')} } from ${JSON.stringify(ENTRY)};\nglobalThis.app = { ${names.join(', ')} };\n`;

/** Every file of the app as Rollup bundles it (lazy chunks included), concatenated. */
async function bundleWithRollup(names: readonly string[]): Promise<string> {
  const bundle = await rollup({
    input: 'app',
    plugins: [{ name: 'app', resolveId: (id) => (id === 'app' ? id : undefined), load: (id) => (id === 'app' ? appSource(names) : undefined) }],
  });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    return output.map((file) => (file.type === 'chunk' ? file.code : '')).join('\n');
  } finally {
    await bundle.close();
  }
}

/** The app as esbuild bundles it: one classic script, lazy imports inlined. */
async function bundleWithEsbuild(names: readonly string[]): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: appSource(names), resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

const present = (code: string, markers: readonly string[]): string[] => markers.filter((marker) => code.includes(marker));

test('a webSocket-only app bundles no http code (Rollup, esbuild) and stays within the budget', async () => {
  for (const code of [await bundleWithRollup(['webSocket']), await bundleWithEsbuild(['webSocket'])]) {
    expect(present(code, WEB_SOCKET_MARKERS)).toEqual(WEB_SOCKET_MARKERS);
    expect(present(code, HTTP_MARKERS)).toEqual([]);
  }
  const { gzippedBytes } = await measureBundleSize(ENTRY, ['webSocket']);
  expect(gzippedBytes).toBeLessThanOrEqual(BUNDLE_GZIP_BUDGET_BYTES);
});

test('an http-only app bundles no webSocket code and requests in a page (direct mode)', async ({ kit }) => {
  const rolled = await bundleWithRollup(['http']);
  expect(present(rolled, WEB_SOCKET_MARKERS)).toEqual([]);
  expect(present(rolled, HTTP_MARKERS)).toEqual(HTTP_MARKERS);
  const script = await bundleWithEsbuild(['http']);
  expect(present(script, WEB_SOCKET_MARKERS)).toEqual([]);

  const server = await startHttpTestServer();
  try {
    await kit.addScriptTag({ content: script });
    const response = await kit.evaluate(async (url) => {
      const { http } = (globalThis as unknown as { app: { http: typeof window.kit.http } }).app;
      const answer = (await http.createHttp().request(url, { method: 'POST', extraData: 'hello' })) as Record<string, unknown>;
      return { responseCode: answer.responseCode, resultType: answer.resultType, body: JSON.parse(answer.result as string).body as string };
    }, `${server.origin}/echo`);
    expect(response).toEqual({ responseCode: 200, resultType: 0, body: btoa('hello') });
    expect(server.requests.map(({ method, target }) => `${method} ${target}`)).toEqual(['POST /echo']);
  } finally {
    await server.close();
  }
});
