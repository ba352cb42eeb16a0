/**
 * TLS through the dev relay, by the device's rules (WS §5): self-signed certificates
 * accepted, expired ones refused unless skipServerCertVerification, caPath and
 * clientCert read from the app's files (the relay's sandboxDir, here the directory
 * of this run's openssl-made certificates), minSupportTlsProtocol. A TLS failure is
 * `error {200, "0"}` only (WS §3.4).
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { shape } from './support/shape.js';

const FAILED = shape('{"code":200,"data":"0"}');
const CERT_FILE_MISSING = shape('{"code":2302002,"message":"Websocket certificate file does not exist"}');

/**
 * Connects with `options`; on open, sends one message and waits for its echo. Returns
 * the event types and the error event's value, or the rejection of connect().
 */
async function attempt(kit: Frame, url: string, options: Record<string, unknown>) {
  return kit.evaluate(
    async ({ url, options }) => {
      const ws = window.kit.webSocket.createWebSocket();
      const log = window.helpers.record(ws);
      const settled = await window.helpers.settle(ws.connect(url, options));
      if (!('resolved' in settled)) return { settled };
      const first = await Promise.race([log.until('open'), log.until('error')]);
      if (first.some(([type]) => type === 'open')) {
        ws.send('over tls');
        await log.until('message');
        ws.close();
        await log.until('close');
      } else {
        // No open or close may follow a failure: a later close() must find no connection.
        log.note('close()', await window.helpers.settle(ws.close()));
      }
      return { types: log.entries.map(([type]) => type), error: log.entries.find(([type]) => type === 'error')?.[1] };
    },
    { url, options },
  );
}

const OPENED = { types: ['open', 'openInfo', 'message', 'dataEnd', 'close'], error: undefined };
const FAILED_ONLY = { types: ['error', 'close()'], error: FAILED };

test('a self-signed server certificate is accepted by default', async ({ relayAlwaysKit, relayUpstreams }) => {
  expect(await attempt(relayAlwaysKit, `${relayUpstreams.selfSigned.origin}/echo`, {})).toEqual(OPENED);
});

test('an expired server certificate is refused: error {200, "0"} only', async ({ relayAlwaysKit, relayUpstreams }) => {
  expect(await attempt(relayAlwaysKit, `${relayUpstreams.expired.origin}/echo`, {})).toEqual(FAILED_ONLY);
});

test('skipServerCertVerification accepts an expired server certificate', async ({ relayKit, relayUpstreams }) => {
  expect(await attempt(relayKit, `${relayUpstreams.expired.origin}/echo`, { skipServerCertVerification: true })).toEqual(OPENED);
});

test('a certificate from an unknown CA is refused without caPath', async ({ relayAlwaysKit, relayUpstreams }) => {
  expect(await attempt(relayAlwaysKit, `${relayUpstreams.caSigned.origin}/echo`, {})).toEqual(FAILED_ONLY);
});

test('caPath (relative to the app files) makes that CA trusted', async ({ relayKit, relayUpstreams }) => {
  expect(await attempt(relayKit, `${relayUpstreams.caSigned.origin}/echo`, { caPath: 'ca.pem' })).toEqual(OPENED);
});

test('clientCert with an encrypted key and its keyPassword is accepted by a server that requires one', async ({
  relayKit,
  relayUpstreams,
  relayTls,
}) => {
  const options = { caPath: 'ca.pem', clientCert: { certPath: 'client.pem', keyPath: 'client.key', keyPassword: relayTls.clientKeyPassword } };
  expect(await attempt(relayKit, `${relayUpstreams.mutualTls.origin}/echo`, options)).toEqual(OPENED);
});

test('without clientCert a server that requires one refuses the connection: error {200, "0"} only', async ({ relayKit, relayUpstreams }) => {
  expect(await attempt(relayKit, `${relayUpstreams.mutualTls.origin}/echo`, { caPath: 'ca.pem' })).toEqual(FAILED_ONLY);
});

test('a caPath that does not exist makes connect reject with 2302002', async ({ relayKit, relayUpstreams }) => {
  expect(await attempt(relayKit, `${relayUpstreams.selfSigned.origin}/echo`, { caPath: 'no-such-ca.pem' })).toEqual({
    settled: { rejected: CERT_FILE_MISSING },
  });
});

test('a clientCert keyPath that does not exist makes connect reject with 2302002, for ws:// too', async ({ relayKit, relayUpstreams }) => {
  // WS §4: the files are checked before the URL's scheme matters.
  const options = { clientCert: { certPath: 'client.pem', keyPath: 'no-such.key' } };
  expect(await attempt(relayKit, `${relayUpstreams.plain.origin}/echo`, options)).toEqual({ settled: { rejected: CERT_FILE_MISSING } });
});

test('a caPath that leaves the app files (an existing file outside) makes connect reject with 2302002', async ({
  relayKit,
  relayUpstreams,
  relayTls,
}) => {
  // A real file, reached with "../": outside the sandbox it does not exist for the app.
  const outside = relative(relayTls.dir, fileURLToPath(new URL('../package.json', import.meta.url)));
  expect(outside.startsWith('..')).toBe(true);
  expect(await attempt(relayKit, `${relayUpstreams.selfSigned.origin}/echo`, { caPath: outside })).toEqual({
    settled: { rejected: CERT_FILE_MISSING },
  });
});

test('an absolute caPath outside the app files makes connect reject with 2302002', async ({ relayKit, relayUpstreams }) => {
  expect(await attempt(relayKit, `${relayUpstreams.caSigned.origin}/echo`, { caPath: '/etc/hosts' })).toEqual({
    settled: { rejected: CERT_FILE_MISSING },
  });
});

test('minSupportTlsProtocol 3 (TLS 1.3) against a TLS-1.2-only server fails: error {200, "0"} only', async ({ relayKit, relayUpstreams }) => {
  expect(await attempt(relayKit, `${relayUpstreams.tls12Only.origin}/echo`, { minSupportTlsProtocol: 3 })).toEqual(FAILED_ONLY);
});

test('minSupportTlsProtocol 2 (TLS 1.2) against the same server connects', async ({ relayKit, relayUpstreams }) => {
  expect(await attempt(relayKit, `${relayUpstreams.tls12Only.origin}/echo`, { minSupportTlsProtocol: 2 })).toEqual(OPENED);
});
