import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareRequest, toWireRequest, type PreparedRequest } from './request-options.js';

const URL_ = 'http://127.0.0.1:9/p';

function prepare(options: object | undefined, url = URL_): PreparedRequest {
  const prepared = prepareRequest(url, options);
  assert.ok(prepared !== undefined, 'expected the options to parse');
  return prepared;
}

const text = (body: Uint8Array | undefined): string | undefined => (body === undefined ? undefined : new TextDecoder().decode(body));
const headersOf = (prepared: PreparedRequest): Record<string, string> => Object.fromEntries(prepared.headers);

test('no options: GET, no body, no headers, the device defaults', () => {
  const prepared = prepare(undefined);
  assert.equal(prepared.method, 'GET');
  assert.equal(prepared.url, URL_);
  assert.equal(prepared.body, undefined);
  assert.deepEqual(headersOf(prepared), {});
  assert.equal(prepared.maxLimit, 5 * 1024 * 1024);
  assert.equal(prepared.usingCache, true);
  assert.equal(prepared.expectDataType, undefined);
  assert.deepEqual(prepared.transport, {
    readTimeoutMs: 60000,
    connectTimeoutMs: 60000,
    maxRedirects: 30,
    proxy: 'system',
    remoteValidation: 'system',
    tls: { minVersion: 6, maxVersion: 7 },
    addressFamily: 'DEFAULT',
  });
});

test('HTTP §13.4 row 7: POST extraData "" and 123 are 401; GET extraData 123 is ignored', () => {
  assert.equal(prepareRequest(URL_, { method: 'POST', extraData: '' }), undefined);
  assert.equal(prepareRequest(URL_, { method: 'POST', extraData: 123 }), undefined);
  assert.equal(prepareRequest(URL_, { method: 'PUT', extraData: true }), undefined);
  assert.equal(prepareRequest(URL_, { method: 'POST', extraData: new ArrayBuffer(0) }), undefined);
  assert.equal(prepareRequest(URL_, { method: 'PROPFIND', extraData: '' }), undefined, 'a custom method takes a body too');
  const get = prepare({ method: 'GET', extraData: 123 });
  assert.equal(get.url, URL_);
  assert.equal(get.body, undefined);
});

test('extraData undefined or null is no extraData, for any method', () => {
  assert.equal(prepare({ method: 'POST', extraData: undefined }).body, undefined);
  assert.equal(prepare({ method: 'POST', extraData: null }).body, undefined);
});

test('HTTP §13.4 row 8: POST {a:1} is the JSON body; application/json only with a header object', () => {
  const without = prepare({ method: 'POST', extraData: { a: 1 } });
  assert.equal(text(without.body), '{"a":1}');
  assert.deepEqual(headersOf(without), {});
  const withHeader = prepare({ method: 'POST', extraData: { a: 1 }, header: {} });
  assert.deepEqual(headersOf(withHeader), { 'content-type': 'application/json' });
  // The app's own content type replaces the default.
  assert.deepEqual(headersOf(prepare({ method: 'POST', header: { 'Content-Type': 'text/plain' } })), { 'content-type': 'text/plain' });
  // GET-like methods never get the default.
  assert.deepEqual(headersOf(prepare({ method: 'GET', header: {} })), {});
  assert.deepEqual(headersOf(prepare({ method: '', header: {} })), { 'content-type': 'application/json' });
  assert.deepEqual(headersOf(prepare({ method: 'PROPFIND', header: {} })), {}, 'a custom method is not POST-like here');
});

test('HTTP §13.4 row 9: a GET object keeps non-empty strings, encoded, adds a form content type when it encoded', () => {
  const prepared = prepare({ extraData: { q: 'a b', n: 1, e: '', o: {}, t: true } }, 'http://127.0.0.1:9/p?x=1');
  assert.equal(prepared.url, 'http://127.0.0.1:9/p?x=1&q=a%20b');
  assert.deepEqual(headersOf(prepared), { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(prepared.body, undefined);
  const plain = prepare({ extraData: { q: 'abc' } });
  assert.equal(plain.url, `${URL_}?q=abc`);
  assert.deepEqual(headersOf(plain), {}, 'nothing needed encoding');
  // A header object given too comes after, and may replace it.
  assert.deepEqual(headersOf(prepare({ extraData: { q: 'a b' }, header: { 'content-type': 'x/y' } })), { 'content-type': 'x/y' });
});

test('HTTP §13.4 row 10: DELETE takes a body; HEAD puts a string into the URL', () => {
  const del = prepare({ method: 'DELETE', extraData: 'abc' });
  assert.equal(text(del.body), 'abc');
  assert.equal(del.url, URL_);
  const head = prepare({ method: 'HEAD', extraData: 'k=v' });
  assert.equal(head.url, `${URL_}?k=v`);
  assert.equal(head.body, undefined);
  const patch = prepare({ method: 'PATCH', extraData: new Uint8Array([1, 2]).buffer });
  assert.deepEqual([...(patch.body ?? [])], [1, 2]);
});

test('HTTP §13.4 row 11: header values: 1.5 → "1.500000", true → "true", null → empty; names lower-cased', () => {
  const prepared = prepare({ header: { 'X-A': 1.5, 'X-B': true, 'X-C': null, 'X-D': 7, 'X-E': { a: 1 }, 'X-F': 'v' } });
  assert.deepEqual(headersOf(prepared), { 'x-a': '1.500000', 'x-b': 'true', 'x-c': '', 'x-d': '7', 'x-e': '', 'x-f': 'v' });
});

test('HTTP §13.4 row 12: GET /p?x=1 with extraData "" is /p?x=1&', () => {
  assert.equal(prepare({ extraData: '' }, 'http://127.0.0.1:9/p?x=1').url, 'http://127.0.0.1:9/p?x=1&');
  // An object whose values all drop, and an ArrayBuffer (an object without keys), do the same.
  assert.equal(prepare({ extraData: { n: 1 } }, 'http://127.0.0.1:9/p?x=1').url, 'http://127.0.0.1:9/p?x=1&');
  assert.equal(prepare({ extraData: new ArrayBuffer(2) }, 'http://127.0.0.1:9/p?x=1').url, 'http://127.0.0.1:9/p?x=1&');
  assert.equal(prepare({ extraData: '' }).url, URL_);
});

test('HTTP §13.4 row 35: the method string is kept verbatim; customMethod wins; "" resolves as curl does', () => {
  assert.equal(prepare({ method: 'get' }).method, 'get');
  assert.equal(prepare({ method: 7 }).method, 'GET');
  assert.equal(prepare({ method: 'POST', customMethod: 'PROPFIND' }).method, 'PROPFIND');
  assert.equal(prepare({ method: 'POST', customMethod: 'X'.repeat(129) }).method, 'POST', 'over 128 bytes is ignored');
  assert.equal(prepare({ customMethod: '' }).method, 'GET', '"" with no body is sent as GET');
  assert.equal(prepare({ customMethod: '' }).deviceMethod, '', 'the device itself still holds ""');
  assert.equal(prepare({ customMethod: '', extraData: 'a' }).method, 'POST', '"" with a body is sent as POST');
  assert.equal(prepare({ customMethod: '', method: 'PUT' }).method, 'PUT', 'an empty customMethod lets method in');
});

test('body (26.0.0): sent with any method, replaces extraData, "" and numbers ignored rather than 401', () => {
  const get = prepare({ method: 'GET', body: 'x', extraData: 'ignored' });
  assert.equal(text(get.body), 'x');
  assert.equal(get.url, URL_);
  assert.equal(prepare({ method: 'POST', body: '', extraData: 'ignored' }).body, undefined);
  assert.equal(prepare({ method: 'POST', body: 5 }).body, undefined);
  assert.equal(
    text(prepare({ method: 'POST', body: undefined, extraData: 'ignored' }).body),
    undefined,
    'present-but-undefined still replaces extraData',
  );
  // The URL is joined even with only a body: a query gets its trailing "&".
  assert.equal(prepare({ body: 'x' }, 'http://127.0.0.1:9/p?x=1').url, 'http://127.0.0.1:9/p?x=1&');
});

test('queryParams (26.0.0): a string verbatim, an object encoded with its own rules', () => {
  assert.equal(prepare({ queryParams: 'a=1&b' }).url, `${URL_}?a=1&b`);
  const prepared = prepare({ queryParams: { n: null, u: undefined, arr: ['x', null, 2], i: 3, f: 1.5, b: false, o: { z: 1 }, s: '' } });
  assert.equal(prepared.url, `${URL_}?n&u&arr=x&arr&arr=2&i=3&f=1.500000&b=false&o=&s=`);
  assert.deepEqual(headersOf(prepared), {}, 'nothing needed encoding');
  const encoded = prepare({ queryParams: { 'a b': 'c d' } });
  assert.equal(encoded.url, `${URL_}?a%20b=c%20d`);
  assert.deepEqual(headersOf(encoded), { 'content-type': 'application/x-www-form-urlencoded' });
  // A bare key gets no content type, even encoded.
  assert.deepEqual(headersOf(prepare({ queryParams: { 'a b': null } })), {});
  assert.equal(prepare({ queryParams: { 'a b': null } }).url, `${URL_}?a%20b`);
  // GET-like extraData is not used with queryParams.
  assert.equal(prepare({ queryParams: 'q=1', extraData: 'e=1' }).url, `${URL_}?q=1`);
});

test('has semantics and uint32 numbers: present-but-undefined counts, a non-number reads as 0', () => {
  assert.equal(prepare({ maxLimit: undefined }).maxLimit, 0);
  assert.equal(prepare({ readTimeout: '5' }).transport.readTimeoutMs, 0);
  assert.equal(prepare({ connectTimeout: -1 }).transport.connectTimeoutMs, 4294967295);
  assert.equal(prepare({ readTimeout: 1500.9 }).transport.readTimeoutMs, 1500);
  assert.equal(prepare({ maxLimit: 200 * 1024 * 1024 }).maxLimit, 100 * 1024 * 1024, 'clamped to 100 MiB');
  assert.equal(prepare({ maxLimit: 1000 }).maxLimit, 1000);
  // An option inherited from the prototype counts too.
  assert.equal(prepare(Object.create({ maxLimit: 10 }) as object).maxLimit, 10);
});

test('types that are not right are ignored: usingCache, usingProtocol, expectDataType', () => {
  assert.equal(prepare({ usingCache: 'no' }).usingCache, true);
  assert.equal(prepare({ usingCache: false }).usingCache, false);
  assert.equal(prepare({ usingProtocol: 1 }).transport.httpVersion, '2');
  assert.equal(prepare({ usingProtocol: 2 }).transport.httpVersion, '3');
  assert.equal(prepare({ usingProtocol: 5 }).transport.httpVersion, undefined);
  assert.equal(prepare({ expectDataType: 1 }).expectDataType, 1);
  assert.equal(prepare({ expectDataType: 3 }).expectDataType, undefined);
  assert.equal(prepare({ expectDataType: '0' }).expectDataType, undefined);
});

test('maxRedirects: 0…INT32_MAX, anything else 30', () => {
  assert.equal(prepare({ maxRedirects: 0 }).transport.maxRedirects, 0);
  assert.equal(prepare({ maxRedirects: 5.7 }).transport.maxRedirects, 5);
  assert.equal(prepare({ maxRedirects: -1 }).transport.maxRedirects, 30);
  assert.equal(prepare({ maxRedirects: 2 ** 31 }).transport.maxRedirects, 30);
  assert.equal(prepare({ maxRedirects: '3' }).transport.maxRedirects, 30);
});

test('usingProxy: true system, false none, an object its proxy (none with an empty host), credentials only in pairs', () => {
  assert.equal(prepare({ usingProxy: true }).transport.proxy, 'system');
  assert.equal(prepare({ usingProxy: false }).transport.proxy, 'none');
  assert.equal(prepare({ usingProxy: 'x' }).transport.proxy, 'system');
  assert.equal(prepare({ usingProxy: { host: '' } }).transport.proxy, 'none');
  assert.deepEqual(prepare({ usingProxy: { host: 'p', port: 3128, exclusionList: ['a,b', 7, 'c'] } }).transport.proxy, {
    host: 'p',
    port: 3128,
    exclusionList: ['a', 'b', '', 'c'],
  });
  assert.deepEqual(prepare({ usingProxy: { host: 'p', port: 1, exclusionList: [], username: 'u', password: 'w' } }).transport.proxy, {
    host: 'p',
    port: 1,
    exclusionList: [],
    username: 'u',
    password: 'w',
  });
  const half = prepare({ usingProxy: { host: 'p', port: 1, exclusionList: [], username: 'u' } }).transport.proxy;
  assert.ok(typeof half === 'object' && !('username' in half));
});

test('usingSocks5Proxy: a host and a port above 0; who resolves the name', () => {
  assert.equal(prepare({ usingSocks5Proxy: { host: 'p', port: 0 } }).transport.socks5Proxy, undefined);
  assert.deepEqual(prepare({ usingSocks5Proxy: { host: 'p', port: 1080 } }).transport.socks5Proxy, {
    host: 'p',
    port: 1080,
    exclusionList: [],
    resolveOnProxy: false,
  });
  assert.equal(prepare({ usingSocks5Proxy: { host: 'socks5h://p', port: 1080 } }).transport.socks5Proxy?.resolveOnProxy, true);
  assert.equal(prepare({ usingSocks5Proxy: { host: 'p', port: 1080, dnsStrategy: 1 } }).transport.socks5Proxy?.resolveOnProxy, true);
});

test('TLS: versions 4…7 with min ≤ max; otherwise TLS 1.2 and up; unknown cipher names dropped', () => {
  assert.deepEqual(prepare({ tlsOptions: 'system' }).transport.tls, { minVersion: 6, maxVersion: 7 });
  assert.deepEqual(prepare({ tlsOptions: { tlsVersionMin: 7, tlsVersionMax: 6 } }).transport.tls, { minVersion: 6, maxVersion: 7 });
  assert.deepEqual(
    prepare({ tlsOptions: { tlsVersionMin: 4, tlsVersionMax: 5, cipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA', 'NOPE'] } }).transport.tls,
    {
      minVersion: 4,
      maxVersion: 5,
      cipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA'],
    },
  );
  assert.deepEqual(prepare({ tlsOptions: { tlsVersionMin: 5, tlsVersionMax: 9 } }).transport.tls, { minVersion: 5, maxVersion: 7 });
});

test('addressFamily: only the strings ONLY_V4 and ONLY_V6 count (the SDK enum values do not)', () => {
  assert.equal(prepare({ addressFamily: 'ONLY_V4' }).transport.addressFamily, 'ONLY_V4');
  assert.equal(prepare({ addressFamily: 'ONLY_V6' }).transport.addressFamily, 'ONLY_V6');
  assert.equal(prepare({ addressFamily: 'CURL_IPRESOLVE_V4' }).transport.addressFamily, 'DEFAULT');
});

test('resumeFrom/To: a Range value; out of 1…4294967296 dropped; to ≤ from none; with PUT a setup failure', () => {
  assert.equal(prepare({ resumeFrom: 10 }).transport.range, '10-');
  assert.equal(prepare({ resumeTo: 20 }).transport.range, '-20');
  assert.equal(prepare({ resumeFrom: 10, resumeTo: 20 }).transport.range, '10-20');
  assert.equal(prepare({ resumeFrom: 20, resumeTo: 10 }).transport.range, undefined);
  assert.equal(prepare({ resumeFrom: 0 }).transport.range, undefined);
  assert.equal(prepare({ resumeFrom: 4294967297 }).transport.range, undefined);
  assert.equal(prepare({ method: 'PUT', resumeFrom: 1 }).rangeWithPut, true);
  assert.equal(prepare({ method: 'PUT' }).rangeWithPut, false);
});

test('multiFormDataList: only with exactly multipart/form-data; parts need a name and data or a file', () => {
  const parts = [
    { name: 'a', contentType: 'text/plain', data: 'x' },
    { name: '', data: 'skipped' },
    { name: 'b', data: '' },
    { name: 'c', filePath: 'f.txt', remoteFileName: 'r.txt' },
    { name: 'd', data: { k: 1 } },
  ];
  assert.equal(prepare({ method: 'POST', multiFormDataList: parts }).transport.multipart, undefined);
  assert.equal(
    prepare({ method: 'POST', header: { 'content-type': 'multipart/form-data; boundary=x' }, multiFormDataList: parts }).transport.multipart,
    undefined,
  );
  const prepared = prepare({ method: 'POST', header: { 'Content-Type': 'Multipart/Form-Data' }, multiFormDataList: parts });
  const multipart = prepared.transport.multipart ?? [];
  assert.deepEqual(
    multipart.map(({ name, contentType, remoteFileName, filePath, data }) => ({ name, contentType, remoteFileName, filePath, data: text(data) })),
    [
      { name: 'a', contentType: 'text/plain', remoteFileName: undefined, filePath: undefined, data: 'x' },
      { name: 'c', contentType: undefined, remoteFileName: 'r.txt', filePath: 'f.txt', data: undefined },
      { name: 'd', contentType: undefined, remoteFileName: undefined, filePath: undefined, data: '{"k":1}' },
    ],
  );
});

test('certificates, pins, DNS, SNI, validation', () => {
  const prepared = prepare({
    caPath: 'ca.pem',
    caData: 'ignored with a caPath',
    clientCert: { certPath: 'c.pem', keyPath: 'k.pem', certType: 'p12', keyPassword: 'pw' },
    certificatePinning: [
      { publicKeyHash: 'AAA=', hashAlgorithm: 'SHA-256' },
      { publicKeyHash: 'BBB=', hashAlgorithm: 'SHA-1' },
    ],
    dnsServers: ['8.8.8.8', 'dns.example', '01.2.3.4', '::1', '1.1.1.1', '9.9.9.9'],
    sniHostName: 'example.com.',
    remoteValidation: 'skip',
  });
  const { transport } = prepared;
  assert.equal(transport.caPath, 'ca.pem');
  assert.equal(transport.caData, undefined);
  assert.deepEqual(transport.clientCert, { certPath: 'c.pem', keyPath: 'k.pem', certType: 'P12', keyPassword: 'pw' });
  assert.deepEqual(transport.certificatePinning, ['sha256//AAA=']);
  assert.deepEqual(transport.dnsServers, ['8.8.8.8', '::1', '1.1.1.1']);
  assert.equal(transport.sniHostName, 'example.com');
  assert.equal(transport.remoteValidation, 'skip');
  assert.equal(prepare({ caData: 'PEM' }).transport.caData, 'PEM');
  assert.equal(prepare({ caData: 'x'.repeat(8000) }).transport.caData, undefined);
  assert.equal(prepare({ clientCert: { certPath: '', keyPath: 'k' } }).transport.clientCert, undefined);
  assert.equal(prepare({ sniHostName: 'x'.repeat(256) }).transport.sniHostName, undefined);
  const callback = prepare({ remoteValidation: () => true });
  assert.equal(callback.transport.remoteValidation, 'system');
  assert.equal(callback.validationCallback, true);
});

test('the wire gets the headers in lexicographic order, the mode and the cookie jar', () => {
  const prepared = prepare({ header: { 'X-B': 'b', Accept: 'a', 'x-a': 'c' } });
  const wire = toWireRequest(prepared, 'stream', { object: 'jar-1' });
  assert.deepEqual(wire.headers, [
    ['accept', 'a'],
    ['x-a', 'c'],
    ['x-b', 'b'],
  ]);
  assert.equal(wire.mode, 'stream');
  assert.deepEqual(wire.transport.cookieJar, { object: 'jar-1' });
});
