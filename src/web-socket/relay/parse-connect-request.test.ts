import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_REQUEST_BYTES } from '../../protocol/relay-protocol.js';
import { parseLegRequest } from '../../relay/parse-leg-request.js';
import { parseConnectRequest as parseConnectFields } from './parse-connect-request.js';

/** The leg's reading of a first message, then the connect operation's, as the relay does them. */
function parseConnectRequest(data: Buffer, isBinary: boolean): { ok: true; request: unknown } | { ok: false; reason: string } {
  const leg = parseLegRequest(data, isBinary);
  if (!leg.ok) return leg;
  if (leg.op !== 'connect') return { ok: false, reason: `unknown op ${leg.op}` };
  const request = parseConnectFields(leg.message);
  return typeof request === 'string' ? { ok: false, reason: request } : { ok: true, request };
}

const text = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('parseConnectRequest', () => {
  it('reads a full request', () => {
    const options = {
      header: { a: 'b' },
      caPath: 'ca.pem',
      clientCert: { certPath: 'c.pem', keyPath: 'k.pem', keyPassword: 'pw' },
      proxy: { host: '127.0.0.1', port: 3128, exclusionList: ['*.local'] },
      protocol: 'chat',
      skipServerCertVerification: true,
      minSupportTlsProtocol: 3,
      pingInterval: 10,
      pongTimeout: 5,
      supportOriginPort: false,
    };
    assert.deepEqual(parseConnectRequest(text({ op: 'connect', url: 'ws://127.0.0.1/', options }), false), {
      ok: true,
      request: { op: 'connect', url: 'ws://127.0.0.1/', options },
    });
  });

  it('reads NaN and ±Infinity (null in JSON) as 0, as the device does', () => {
    const parsed = parseConnectRequest(text('{"op":"connect","url":"ws://h/","options":{"pingInterval":null,"pongTimeout":null}}'), false);
    assert.deepEqual(parsed.ok && (parsed.request as { options: unknown }).options, { pingInterval: 0, pongTimeout: 0 });
  });

  it('ignores option names it does not know', () => {
    const parsed = parseConnectRequest(text({ op: 'connect', url: 'ws://h/', options: { future: 1 } }), false);
    assert.deepEqual(parsed.ok && (parsed.request as { options: unknown }).options, {});
  });

  it('refuses everything else with a short reason', () => {
    const refusals: Array<[Buffer, boolean]> = [
      [text({ op: 'connect', url: 'ws://h/', options: {} }), true],
      [Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x20), false],
      [text('not json'), false],
      [text('null'), false],
      [text([]), false],
      [text({ op: 'close', url: 'ws://h/', options: {} }), false],
      [text({ op: 'connect', url: 1, options: {} }), false],
      [text({ op: 'connect', url: 'ws://h/', options: [] }), false],
      [text({ op: 'connect', url: 'ws://h/', options: { header: 'x' } }), false],
      [text({ op: 'connect', url: 'ws://h/', options: { proxy: 'direct' } }), false],
      [text({ op: 'connect', url: 'ws://h/', options: { proxy: { host: 'h', port: 70000, exclusionList: [] } } }), false],
      [text({ op: 'connect', url: 'ws://h/', options: { clientCert: { certPath: 'c' } } }), false],
      [text({ op: 'connect', url: 'ws://h/', options: { pingInterval: '10' } }), false],
      [text({ op: 'connect', url: 'ws://h/', options: { supportOriginPort: 1 } }), false],
      [text(`${'['.repeat(20000)}${']'.repeat(20000)}`), false],
    ];
    for (const [data, isBinary] of refusals) {
      const parsed = parseConnectRequest(data, isBinary);
      assert.equal(parsed.ok, false, data.subarray(0, 80).toString());
      if (!parsed.ok) assert.ok(Buffer.byteLength(parsed.reason) <= 123, parsed.reason);
    }
  });
});
