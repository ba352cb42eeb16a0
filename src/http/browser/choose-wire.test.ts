import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { CONFIG_GLOBAL, type NetkitConfig } from '../../core/netkit-config.js';
import { freePort } from '../../testing/free-port.js';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.js';
import { createHttpNamespace } from '../core/http-namespace.js';
import { pageWire } from './choose-wire.js';

// The page's wire in Node, whose fetch stands for the page's: what it chooses per
// request, and what it says or refuses on the way (HTTP §13.2).

const http = createHttpNamespace(pageWire);

/** Sets the page's config for the test (again with the setter it returns); the test's end restores it. */
function useConfig(t: TestContext, config: NetkitConfig): (next: NetkitConfig) => void {
  const holder = globalThis as Record<string, unknown>;
  const saved = holder[CONFIG_GLOBAL];
  holder[CONFIG_GLOBAL] = config;
  t.after(() => {
    holder[CONFIG_GLOBAL] = saved;
  });
  return (next) => {
    holder[CONFIG_GLOBAL] = next;
  };
}

function captureWarnings(t: TestContext): string[] {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  t.after(() => {
    console.warn = original;
  });
  return warnings;
}

async function server(t: TestContext): Promise<HttpTestServer> {
  const started = await startHttpTestServer();
  t.after(() => started.close());
  return started;
}

test('direct mode: a request with nothing a page cannot honour goes out through fetch, without a word', async (t) => {
  useConfig(t, {});
  const warnings = captureWarnings(t);
  const { origin, requests } = await server(t);
  const response = await http.createHttp().request(`${origin}/status?code=201`);
  assert.equal(response.responseCode, 201);
  assert.equal(requests.length, 1);
  assert.deepEqual(warnings, []);
});

test('direct mode warns once per option a page cannot honour, naming it and the dev relay, and still sends the request', async (t) => {
  useConfig(t, {});
  const warnings = captureWarnings(t);
  const { origin, requests } = await server(t);
  const options = { header: { Cookie: 'a=1' }, maxRedirects: 3, usingProtocol: 1 };
  assert.equal((await http.createHttp().request(`${origin}/echo`, options)).responseCode, 200);
  assert.equal(warnings.length, 3, warnings.join('\n'));
  for (const name of ['header', 'maxRedirects', 'usingProtocol']) {
    const warning = warnings.find((text) => text.includes(`'${name}'`));
    assert.ok(warning, `no warning for ${name}`);
    assert.match(warning, /^\[ohos-netkit\] http: .* is not honoured in direct mode: .+\. The ohos-netkit dev relay provides it/);
  }
  // Once per page: the same options again say nothing more.
  await http.createHttp().request(`${origin}/echo`, options);
  assert.equal(warnings.length, 3);
  assert.equal(requests.length, 2);
});

test('strict mode refuses such a request with 2300999, naming the option and the relay, and sends nothing', async (t) => {
  useConfig(t, { strict: true });
  const { origin, requests } = await server(t);
  const request = http.createHttp();
  const failed = await request.request(`${origin}/echo`, { header: { Host: 'elsewhere' } }).then(
    () => assert.fail('resolved'),
    (error: unknown) => error as { code: number; message: string },
  );
  assert.deepEqual(Object.keys(failed), ['code', 'message']);
  assert.equal(failed.code, 2300999);
  assert.match(
    failed.message,
    /^Internal error: 'header' \(a page may not set some request headers .*\) needs the ohos-netkit dev relay; configure the relay/,
  );
  // The object is not spent: the same request without the option goes out.
  assert.equal((await request.request(`${origin}/status`)).responseCode, 200);
  assert.equal(requests.length, 1);
});

test('with a relay configured every request goes to it; with useRelay "auto" only one that needs it', async (t) => {
  const relayPort = await freePort();
  const relay = { url: `ws://127.0.0.1:${relayPort}/ohos-netkit-relay`, token: 'token' };
  const warnings = captureWarnings(t);
  const { origin, requests } = await server(t);
  const outcome = (promise: Promise<{ responseCode: number }>) =>
    promise.then(
      (response) => response.responseCode,
      (error: { code: number }) => (typeof error.code === 'number' ? 'failed' : error),
    );

  const setConfig = useConfig(t, { relay });
  // Nothing answers at the relay's address: the request fails, and the server never hears of it.
  assert.equal(await outcome(http.createHttp().request(`${origin}/status`)), 'failed');
  assert.equal(requests.length, 0);

  setConfig({ relay, useRelay: 'auto' });
  assert.equal(await outcome(http.createHttp().request(`${origin}/status`)), 200);
  assert.equal(await outcome(http.createHttp().request(`${origin}/status`, { header: { Cookie: 'a=1' } })), 'failed');
  assert.equal(requests.length, 1);
  // The relay honours what it carries: no warning.
  assert.deepEqual(warnings, []);
});
