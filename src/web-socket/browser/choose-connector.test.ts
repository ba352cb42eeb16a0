import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configure } from '../../core/netkit-config.js';
import { createClient, recordEvents, startMockServer } from './testing/mock-network.js';

const RELAY_ONLY_OPTIONS = {
  header: { Authorization: 'Bearer x' },
  proxy: { host: '127.0.0.1', port: 3128, exclusionList: [] },
  caPath: '/data/ca.pem',
  clientCert: { certPath: '/data/c.pem', keyPath: '/data/k.pem' },
  skipServerCertVerification: true,
  minSupportTlsProtocol: 2,
  pingInterval: 10,
  pongTimeout: 5,
  supportOriginPort: true,
};

function captureWarnings(t: { after: (fn: () => void) => void }): string[] {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  t.after(() => {
    console.warn = original;
  });
  return warnings;
}

test('direct mode warns once per unsupported option, naming it and the dev relay, and still connects', async (t) => {
  const warnings = captureWarnings(t);
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  assert.equal(await ws.connect(url, RELAY_ONLY_OPTIONS), true);
  await events.next('open');
  const names = Object.keys(RELAY_ONLY_OPTIONS);
  assert.equal(warnings.length, names.length, warnings.join('\n'));
  for (const name of names) {
    const warning = warnings.find((w) => w.includes(`'${name}'`));
    assert.ok(warning, `no warning for ${name}`);
    assert.match(warning, /dev relay/);
  }
  // Once per page: a second connection with the same options says nothing more.
  await ws.close();
  await events.next('close');
  await createClient().connect(url, RELAY_ONLY_OPTIONS);
  assert.equal(warnings.length, names.length);
});

test('options left at their device defaults need no relay and give no warning', async (t) => {
  const warnings = captureWarnings(t);
  const { url } = startMockServer(t);
  await createClient().connect(url, {
    header: {},
    proxy: 'system',
    caPath: '',
    protocol: '',
    skipServerCertVerification: false,
    minSupportTlsProtocol: 0,
  });
  await createClient().connect(url, { proxy: 'no-proxy', header: { empty: '' }, clientCert: { certPath: '', keyPath: '' } });
  assert.deepEqual(warnings, []);
});

test('strict mode: an option a browser cannot honour makes connect fail with 2302999 naming it and the relay', async (t) => {
  const { url } = startMockServer(t);
  configure({ strict: true });
  t.after(() => configure({ strict: false }));
  const ws = createClient();
  await assert.rejects(ws.connect(url, { header: { a: 'b' } }) as Promise<boolean>, (error: { code: number; message: string }) => {
    assert.equal(error.code, 2302999);
    assert.match(
      error.message,
      /^Websocket Unknown Other Error: 'header' \(a browser cannot send handshake headers\) needs the ohos-netkit dev relay/,
    );
    return true;
  });
  // Nothing was opened: the same object can connect without the option.
  assert.equal(await ws.connect(url), true);
});

test('strict mode: a headerReceive listener needs the relay too', async (t) => {
  const { url } = startMockServer(t);
  configure({ strict: true });
  t.after(() => configure({ strict: false }));
  const ws = createClient();
  ws.on('headerReceive', () => {});
  await assert.rejects(
    ws.connect(url) as Promise<boolean>,
    (error: { code: number; message: string }) => error.code === 2302999 && error.message.includes("'headerReceive'"),
  );
});
