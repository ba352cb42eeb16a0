import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { http } from '../../../types/http.js';
import { KitHttpRequest } from './kit-http-request.js';
import { recordEvents, useDeviceConditions } from './testing/record-events.js';
import { ScriptedWire, transferFacts } from './testing/scripted-wire.js';

const URL_ = 'http://127.0.0.1:9/p';

/** Options as app code writes them: plain strings where the declarations want the enum stand-ins. */
const opts = (options: object): http.HttpRequestOptions => options as http.HttpRequestOptions;

function setup(): { wire: ScriptedWire; request: KitHttpRequest } {
  const wire = new ScriptedWire();
  return { wire, request: new KitHttpRequest(wire.wire) };
}

test('HTTP §13.4 row 1: (undefined, response), own properties in the device order, a string result', async () => {
  const { wire, request } = setup();
  const done = new Promise<unknown[]>((resolve) => request.request(URL_, (...args: unknown[]) => resolve(args)));
  (await wire.transfer())
    .headers(200, [['Content-Type', 'text/plain']])
    .data('hello')
    .end({ cookies: 'c\tFALSE\t/\tFALSE\t0\tn\tv' });
  const [err, response, ...rest] = await done;
  assert.equal(err, undefined);
  assert.deepEqual(rest, []);
  const value = response as Record<string, unknown>;
  assert.deepEqual(Object.keys(value), ['responseCode', 'cookies', 'header', 'result', 'resultType', 'performanceTiming', 'connectionExtraInfo']);
  assert.equal(value.responseCode, 200);
  assert.equal(value.result, 'hello');
  assert.equal(value.resultType, 0);
  assert.equal(value.cookies, 'c\tFALSE\t/\tFALSE\t0\tn\tv');
  assert.deepEqual(value.header, { 'content-type': 'text/plain' });
  assert.deepEqual(value.connectionExtraInfo, {
    networkProtocolName: 'HTTP/1.1',
    localAddress: '127.0.0.1',
    remoteAddress: '127.0.0.1',
    localPort: 50000,
    remotePort: 8080,
    isReusedConnection: false,
    isProxyConnection: false,
    isCacheHit: false,
    redirectCount: 0,
  });
  const timing = value.performanceTiming as Record<string, number>;
  assert.deepEqual(Object.keys(timing), [
    'dnsTiming',
    'firstReceiveTiming',
    'firstSendTiming',
    'redirectTiming',
    'responseBodyTiming',
    'responseHeaderTiming',
    'tcpTiming',
    'tlsTiming',
    'totalFinishTiming',
    'totalTiming',
  ]);
  assert.equal(timing.dnsTiming, 1);
  assert.ok(
    timing.totalTiming! >= timing.responseBodyTiming! &&
      timing.responseBodyTiming! >= timing.responseHeaderTiming! &&
      timing.responseHeaderTiming! > 0,
  );
});

test('the wire gets the prepared request: joined URL, verbatim method, sorted headers, body, mode and a jar of its own', async () => {
  const { wire, request } = setup();
  void request
    .request(`${URL_}?x=1`, opts({ method: 'post', extraData: 'a=1', header: { B: '2', a: '1' }, queryParams: 'q' }))
    .catch(() => undefined);
  const transfer = await wire.transfer();
  transfer.end();
  const { request: sent } = transfer;
  assert.equal(sent.url, `${URL_}?x=1&q`);
  assert.equal(sent.method, 'post');
  assert.deepEqual(sent.headers, [
    ['a', '1'],
    ['b', '2'],
  ]);
  assert.equal(sent.body, undefined, 'queryParams present: extraData is not used');
  assert.equal(sent.mode, 'request');
  assert.equal(sent.transport.cookieJar, 'transfer');
});

test('HTTP §13.4 row 2: request(url, undefined) does not throw and rejects {code: 401, message: "Parameter error"}', async () => {
  const { wire, request } = setup();
  let promise: Promise<unknown> | undefined;
  assert.doesNotThrow(() => {
    promise = (request.request as (...a: unknown[]) => Promise<unknown>)(URL_, undefined);
  });
  await assert.rejects(promise!, (error: unknown) => {
    assert.deepEqual(error, { code: 401, message: 'Parameter error' });
    assert.equal(error instanceof Error, false);
    return true;
  });
  assert.equal(wire.transfers.length, 0);
});

test('HTTP §13.4 row 3: request(123, cb) hands cb the 401 later, and returns undefined', async () => {
  const { request } = setup();
  let called = false;
  const args = await new Promise<unknown[]>((resolve) => {
    const returned = (request.request as (...a: unknown[]) => unknown)(123, (...a: unknown[]) => {
      called = true;
      resolve(a);
    });
    assert.equal(returned, undefined);
    assert.equal(called, false, 'the callback must not run inside the call');
  });
  assert.deepEqual(args, [{ code: 401, message: 'Parameter error' }, undefined]);
});

test('HTTP §13.4 row 7 through the object: POST extraData 123 is a 401 for the callback', async () => {
  const { wire, request } = setup();
  const [err] = await new Promise<unknown[]>((resolve) =>
    request.request(URL_, opts({ method: 'POST', extraData: 123 }), (...a: unknown[]) => resolve(a)),
  );
  assert.deepEqual(err, { code: 401, message: 'Parameter error' });
  assert.equal(wire.transfers.length, 0);
});

test('HTTP §13.4 row 18: 404 and 500 are successes with that code', async () => {
  const { wire, request } = setup();
  const notFound = request.request(URL_);
  (await wire.transfer(0)).headers(404).data('no').end({ status: 404 });
  assert.equal((await notFound).responseCode, 404);
  const failed = request.request(URL_);
  (await wire.transfer(1)).headers(500).end({ status: 500 });
  const response = await failed;
  assert.equal(response.responseCode, 500);
  assert.equal(response.result, '');
});

test('HTTP §13.4 row 16: a redirect hop merged into the header, two header events, its cookie twice, redirectCount from the wire', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  const pending = request.request(URL_);
  (await wire.transfer())
    .headers(302, [
      ['Location', '/next'],
      ['Set-Cookie', 'hop=1'],
    ])
    .headers(200, [['Set-Cookie', 'final=2']])
    .end({ redirectCount: 1 });
  const response = await pending;
  assert.deepEqual(response.header, { location: '/next', 'set-cookie': ['hop=1', 'hop=1', 'final=2'] });
  assert.equal(response.connectionExtraInfo?.redirectCount, 1);
  assert.deepEqual(
    events.map(([type]) => type),
    ['headerReceive', 'headersReceive', 'headerReceive', 'headersReceive'],
  );
  assert.deepEqual(events[0], ['headerReceive', undefined, { location: '/next', 'set-cookie': ['hop=1'] }]);
  assert.deepEqual(events[1], ['headersReceive', { location: '/next', 'set-cookie': ['hop=1'] }]);
  assert.notEqual(events[0]?.[2], events[1]?.[1], 'each event gets an object of its own');
});

test('HTTP §13.4 row 19: maxLimit 1000: a 1000-byte chunk succeeds, a 1001-byte one fails 2300023 after the headers, and stops the transfer', async () => {
  const { wire, request } = setup();
  const exact = request.request(URL_, { maxLimit: 1000 });
  (await wire.transfer(0)).headers(200).data('a'.repeat(1000)).end();
  assert.equal(((await exact).result as string).length, 1000);

  const events = recordEvents(request);
  const over = request.request(URL_, { maxLimit: 1000 });
  const transfer = await wire.transfer(1);
  transfer.headers(200).data('a'.repeat(1001));
  await assert.rejects(over, { code: 2300023, message: 'Failed to write the received data to the disk or application' });
  assert.equal(transfer.aborted, true);
  assert.deepEqual(
    events.map(([type]) => type),
    ['headerReceive', 'headersReceive'],
  );
});

test('maxLimit counts what was buffered before a chunk: one chunk may overshoot, the next fails', async () => {
  const { wire, request } = setup();
  const overshoot = request.request(URL_, { maxLimit: 10 });
  (await wire.transfer(0)).data('abcdef').data('ghijkl').end();
  assert.equal((await overshoot).result, 'abcdefghijkl');
  const failing = request.request(URL_, { maxLimit: 10 });
  (await wire.transfer(1)).data('abcdef').data('ghijkl').data('m');
  await assert.rejects(failing, { code: 2300023 });
});

test('HTTP §13.4 row 20: requestInStream has no limit', async () => {
  const { wire, request } = setup();
  const pending = request.requestInStream(URL_, { maxLimit: 1 });
  (await wire.transfer()).headers(200).data(new Uint8Array(10)).data(new Uint8Array(10)).end();
  assert.equal(await pending, 200);
});

test('a curl failure is its device code with the wire’s extendInfo (strings); unknown codes are 2300999', async () => {
  const { wire, request } = setup();
  const dns = request.request(URL_);
  (await wire.transfer(0)).fail(6, { dnsDur: '1.000', osErr: '0' });
  await assert.rejects(dns, (error: unknown) => {
    assert.deepEqual(error, { code: 2300006, message: 'Failed to resolve the host name', extendInfo: { dnsDur: '1.000', osErr: '0' } });
    return true;
  });
  const tls = request.request(URL_);
  (await wire.transfer(1)).fail(35);
  await assert.rejects(tls, (error: unknown) => {
    assert.deepEqual(error, { code: 2300999, message: 'Internal error' });
    return true;
  });
});

test('HTTP §13.4 row 24: readTimeout bounds the whole transfer: 2300028, and the transfer is stopped', async (t) => {
  // The core's timer does not hold the process open (a real wire's socket does): this one stands in for the socket.
  const socket = setInterval(() => undefined, 1000);
  t.after(() => clearInterval(socket));
  const { wire, request } = setup();
  const pending = request.request(URL_, { readTimeout: 30 });
  const transfer = await wire.transfer();
  transfer.headers(200).data('a');
  await assert.rejects(pending, { code: 2300028, message: 'Operation timeout' });
  assert.equal(transfer.aborted, true);
  // Whatever the wire says afterwards changes nothing.
  transfer.end();
});

test('what a wire refuses up front is the rejection (a device error as it is; anything else 2300999)', async () => {
  const refusing = new KitHttpRequest(() => {
    throw { code: 2300999, message: 'direct mode cannot honour: caPath' };
  });
  await assert.rejects(refusing.request(URL_), { code: 2300999, message: 'direct mode cannot honour: caPath' });
});

test('HTTP §4 device conditions: 201 without the permission, checked first; 2300998 for a host an atomic service may not reach', async (t) => {
  const { wire, request } = setup();
  useDeviceConditions(t, { internetPermission: false, atomicServiceDomains: [] });
  await assert.rejects(request.request(URL_), { code: 201, message: 'Permission denied' });
  // 401 still comes before it.
  await assert.rejects((request.request as (...a: unknown[]) => Promise<unknown>)(URL_, undefined), { code: 401 });
  useDeviceConditions(t, { atomicServiceDomains: ['allowed.example'] });
  await assert.rejects(request.request('https://other.example/'), { code: 2300998, message: 'It is not allowed to access this domain' });
  const allowed = request.request('https://ALLOWED.example/x');
  const transfer = await wire.transfer();
  assert.equal(transfer.request.url, 'https://ALLOWED.example/x');
  transfer.end();
  await allowed;
});

test('HTTP §3: a Range with PUT fails with 2300999 before any transfer', async () => {
  const { wire, request } = setup();
  await assert.rejects(request.request(URL_, opts({ method: 'PUT', resumeFrom: 5, extraData: 'x' })), { code: 2300999, message: 'Internal error' });
  assert.equal(wire.transfers.length, 0);
});

test('HTTP §7.5: requestSync throws string codes: 401 for bad arguments, then its refusal with 2300999', (t) => {
  const { request } = setup();
  assert.throws(() => request.requestSync(URL_, undefined as never), { code: '401', message: 'Parameter error' });
  assert.throws(
    () => request.requestSync(URL_),
    (error: unknown) =>
      error instanceof Error && (error as { code?: unknown }).code === '2300999' && /requestSync is not available/.test(error.message),
  );
  useDeviceConditions(t, { internetPermission: false });
  assert.throws(() => request.requestSync(URL_), { code: '201', message: 'Permission denied' });
});

test('a method called on a foreign `this` returns undefined; on/off still check their arguments', () => {
  const { request } = setup();
  const foreign = {};
  assert.equal(request.request.call(foreign as never, URL_), undefined);
  assert.equal(request.requestInStream.call(foreign as never, URL_), undefined);
  assert.doesNotThrow(() => request.on.call(foreign as never, 'dataEnd', () => undefined));
  assert.throws(() => (request.on as (...a: unknown[]) => void).call(foreign, 'dataEnd'), { code: '401' });
});

test('the facts of a transfer that comes with TLS: tlsVersion and cipherSuite appear', async () => {
  const { wire, request } = setup();
  const pending = request.request(URL_);
  const facts = transferFacts();
  (await wire.transfer()).end({
    connection: { ...facts.connection, protocol: 'HTTP/2', tlsVersion: 7, cipherSuite: 'TLS_AES_128_GCM_SHA256', reused: true },
  });
  const info = (await pending).connectionExtraInfo;
  assert.deepEqual(Object.keys(info ?? {}).slice(0, 3), ['networkProtocolName', 'tlsVersion', 'cipherSuite']);
  assert.equal(info?.tlsVersion, 7);
  assert.equal(info?.isReusedConnection, true);
});
