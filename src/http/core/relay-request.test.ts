import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpWireRequest } from './http-wire.js';
import { MAX_UPLOAD_BYTES } from './relay-messages.js';
import { parseAck, parseRelayRequest, toRelayRequest, uploadLength, withUploadedBytes } from './relay-request.js';

/** A request as the core hands a wire one, with every optional transport field set. */
function fullRequest(): HttpWireRequest {
  return {
    url: 'example.test/p?q=1',
    method: 'get',
    headers: [
      ['', 'empty name'],
      ['a', ''],
      ['content-type', 'multipart/form-data'],
    ],
    body: new Uint8Array([1, 2, 3]),
    mode: 'stream',
    maxLimit: 1000,
    transport: {
      readTimeoutMs: 0,
      connectTimeoutMs: 100,
      maxRedirects: 0,
      proxy: { host: 'proxy.test', port: -1, exclusionList: ['*.a'], username: 'u', password: 'p' },
      socks5Proxy: { host: 'socks5h://s.test', port: 1080, exclusionList: [], resolveOnProxy: true },
      caPath: 'ca.pem',
      caData: '-----BEGIN-----',
      clientCert: { certPath: 'c.pem', keyPath: 'k.pem', certType: 'P12', keyPassword: 'secret' },
      certificatePinning: ['sha256//abc='],
      remoteValidation: 'skip',
      tls: { minVersion: 4, maxVersion: 7, cipherSuites: ['TLS_AES_128_GCM_SHA256'] },
      serverAuthentication: { username: 'u', password: 'p', scheme: 'digest' },
      addressFamily: 'ONLY_V6',
      dnsServers: ['1.1.1.1', '::1'],
      dnsOverHttps: 'https://doh.test/q',
      httpVersion: '2',
      range: '10-20',
      sniHostName: 'sni.test',
      multipart: [
        { name: 'inline', contentType: 'text/plain', data: new Uint8Array([4, 5]) },
        { name: 'file', remoteFileName: 'r.bin', filePath: 'f.bin' },
        { name: 'empty', data: new Uint8Array(0) },
      ],
      cookieJar: { object: 'http-request-3/jar-1' },
    },
  };
}

/** The request as JSON travels it, read back by the relay. */
function travelled(request: HttpWireRequest): Record<string, unknown> {
  return JSON.parse(JSON.stringify(toRelayRequest(request, 'session-1').message)) as Record<string, unknown>;
}

describe('the http request on a relay leg (relay-messages.ts step 3)', () => {
  it('goes there and back: the relay performs exactly what the core built', () => {
    const request = fullRequest();
    const { bytes } = toRelayRequest(request, 'session-1');
    assert.deepEqual(
      bytes.map((part) => [...part]),
      [
        [1, 2, 3],
        [4, 5],
      ],
    );
    const parsed = parseRelayRequest(travelled(request));
    assert.ok(typeof parsed !== 'string', String(parsed));
    assert.equal(parsed.session, 'session-1');
    assert.equal(uploadLength(parsed), 5);
    assert.deepEqual(withUploadedBytes(parsed, new Uint8Array([1, 2, 3, 4, 5])), request);
  });

  it('keeps a request without a body apart from one with an empty body, and a plain one minimal', () => {
    const { multipart: _multipart, ...transport } = fullRequest().transport;
    const plain: HttpWireRequest = { ...fullRequest(), body: undefined, transport };
    const parsed = parseRelayRequest(travelled(plain));
    assert.ok(typeof parsed !== 'string');
    assert.equal(withUploadedBytes(parsed, new Uint8Array(0)).body, undefined);
    const empty = parseRelayRequest(travelled({ ...plain, body: new Uint8Array(0) }));
    assert.ok(typeof empty !== 'string');
    assert.deepEqual(withUploadedBytes(empty, new Uint8Array(0)).body, new Uint8Array(0));
  });

  it('refuses what the core could not have built, with a short reason naming the field', () => {
    const good = travelled(fullRequest());
    const transport = good.transport as Record<string, unknown>;
    const cases: ReadonlyArray<readonly [Record<string, unknown>, RegExp]> = [
      [{ session: 'a b' }, /session/],
      [{ session: 'x'.repeat(129) }, /session/],
      [{ url: '' }, /url/],
      [{ method: '' }, /method/],
      [{ headers: [['A', 'b']] }, /headers/],
      [{ headers: [['a', 'b', 'c']] }, /headers/],
      [{ headers: {} }, /headers/],
      [{ hasBody: 'yes' }, /hasBody/],
      [{ bodyLength: MAX_UPLOAD_BYTES + 1 }, /bodyLength/],
      [{ hasBody: false, bodyLength: 3 }, /without a body/],
      [{ mode: 'REQUEST' }, /mode/],
      [{ maxLimit: -1 }, /maxLimit/],
      [{ transport: { ...transport, readTimeoutMs: '1' } }, /readTimeoutMs/],
      [{ transport: { ...transport, proxy: 'system!' } }, /proxy/],
      [{ transport: { ...transport, proxy: { host: '', port: 1, exclusionList: [] } } }, /proxy/],
      [{ transport: { ...transport, remoteValidation: 'callback' } }, /remoteValidation/],
      [{ transport: { ...transport, addressFamily: 'V4' } }, /addressFamily/],
      [{ transport: { ...transport, tls: { minVersion: 4 } } }, /tls/],
      [{ transport: { ...transport, cookieJar: 'object' } }, /cookieJar/],
      [{ transport: { ...transport, caPath: 1 } }, /caPath/],
      [{ transport: { ...transport, httpVersion: '1.0' } }, /httpVersion/],
      [{ transport: { ...transport, dnsServers: ['a', 'b', 'c', 'd'] } }, /dnsServers/],
      [{ transport: { ...transport, clientCert: { certPath: 'c', keyPath: 'k', certType: 'PFX' } } }, /clientCert/],
      [{ transport: { ...transport, serverAuthentication: { username: 'u', password: 'p', scheme: 'kerberos' } } }, /serverAuthentication/],
      [{ transport: { ...transport, socks5Proxy: { host: 's', port: 1, resolveOnProxy: 1 } } }, /socks5Proxy/],
      [{ transport: { ...transport, multipart: [{ name: 'x', dataLength: -1 }] } }, /multipart/],
      [{ transport: { ...transport, multipart: [{ name: 'x', dataLength: MAX_UPLOAD_BYTES }] } }, /too large/],
    ];
    for (const [patch, reason] of cases) {
      const parsed = parseRelayRequest({ ...good, ...patch });
      assert.equal(typeof parsed, 'string', JSON.stringify(patch));
      assert.match(parsed as string, reason);
      // It goes into a close frame: ASCII, at most 123 bytes.
      assert.ok(/^[\x20-\x7e]{1,123}$/.test(parsed as string), parsed as string);
    }
  });

  it('ignores fields it does not know (a newer page may send more)', () => {
    const parsed = parseRelayRequest({ ...travelled(fullRequest()), future: 1 });
    assert.ok(typeof parsed !== 'string');
    assert.equal('future' in parsed, false);
  });

  it('reads an ack, and nothing else, after the body', () => {
    assert.deepEqual(parseAck({ op: 'ack', bytes: 5 }), { op: 'ack', bytes: 5 });
    assert.match(parseAck({ op: 'ack', bytes: 1.5 }) as string, /ack\.bytes/);
    assert.match(parseAck({ op: 'ack' }) as string, /ack\.bytes/);
    assert.match(parseAck({ op: 'http', bytes: 5 }) as string, /only ack/);
  });
});
