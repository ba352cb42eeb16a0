import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createHttpNamespace } from './http-namespace.js';
import { responseCache } from './response-cache.js';
import { recordEvents } from './testing/record-events.js';
import { ScriptedWire } from './testing/scripted-wire.js';

const URL_ = 'http://127.0.0.1:9/cached';
const now = (): string => new Date().toUTCString();

/** A namespace over a scripted wire; the realm's cache is off again after the test. */
function setup(t: TestContext) {
  const wire = new ScriptedWire();
  t.after(() => responseCache.stop());
  return { wire, http: createHttpNamespace(wire.wire) };
}

test('HTTP §13.4 row 32: without createHttpResponseCache() a max-age response is fetched twice', async (t) => {
  const { wire, http } = setup(t);
  const request = http.createHttp();
  for (const index of [0, 1]) {
    const pending = request.request(URL_);
    (await wire.transfer(index))
      .headers(200, [
        ['Cache-Control', 'max-age=60'],
        ['Date', now()],
      ])
      .data('x')
      .end();
    await pending;
  }
  assert.equal(wire.transfers.length, 2);
});

test('HTTP §13.4 row 32: with it, the second GET is a hit: 200 whatever was stored, no events, isCacheHit, the three own timings', async (t) => {
  const { wire, http } = setup(t);
  http.createHttpResponseCache();
  const request = http.createHttp();
  const first = request.request(URL_);
  (await wire.transfer())
    .headers(203, [
      ['Cache-Control', 'max-age=60'],
      ['Date', now()],
      ['Content-Type', 'text/plain'],
      ['Set-Cookie', 'a=1'],
    ])
    .data('stored body')
    .end({ status: 203, cookies: 'jar-line' });
  assert.equal((await first).responseCode, 203);

  const events = recordEvents(request);
  const hit = await request.request(URL_);
  assert.equal(wire.transfers.length, 1, 'no second transfer');
  assert.deepEqual(events, []);
  assert.equal(hit.responseCode, 200);
  assert.equal(hit.result, 'stored body');
  assert.equal(hit.cookies, 'jar-line');
  assert.deepEqual(hit.header, {
    'cache-control': 'max-age=60',
    'content-type': 'text/plain',
    date: (hit.header as Record<string, string>).date,
    'set-cookie': ['a=1'],
  });
  assert.equal(hit.connectionExtraInfo?.isCacheHit, true);
  assert.deepEqual(Object.keys(hit.performanceTiming), ['responseBodyTiming', 'responseHeaderTiming', 'totalTiming']);
  assert.equal(hit.performanceTiming.responseHeaderTiming, 0);

  // requestInStream on a hit: dataEnd, then 200.
  assert.equal(await request.requestInStream(URL_), 200);
  assert.deepEqual(events, [['dataEnd', undefined]]);
});

test('usingCache: false skips the lookup, but the response is still stored', async (t) => {
  const { wire, http } = setup(t);
  http.createHttpResponseCache();
  const request = http.createHttp();
  const first = request.request(URL_, { usingCache: false });
  (await wire.transfer(0))
    .headers(200, [
      ['Cache-Control', 'max-age=60'],
      ['Date', now()],
    ])
    .data('one')
    .end();
  await first;
  const second = request.request(URL_, { usingCache: false });
  (await wire.transfer(1))
    .headers(200, [
      ['Cache-Control', 'max-age=60'],
      ['Date', now()],
    ])
    .data('two')
    .end();
  await second;
  assert.equal((await request.request(URL_)).result, 'two');
  assert.equal(wire.transfers.length, 2);
});

test('only GET and HEAD (or a range header) use the cache; no-store is never stored', async (t) => {
  const { wire, http } = setup(t);
  http.createHttpResponseCache();
  const request = http.createHttp();
  let index = 0;
  const fetchOnce = async (url: string, options: object, headers: [string, string][]): Promise<void> => {
    const pending = request.request(url, options);
    (await wire.transfer(index++)).headers(200, headers).data('b').end();
    await pending;
  };
  await fetchOnce(`${URL_}/post`, { method: 'POST', extraData: 'x' }, [
    ['Cache-Control', 'max-age=60'],
    ['Date', now()],
  ]);
  await fetchOnce(`${URL_}/post`, { method: 'POST', extraData: 'x' }, [
    ['Cache-Control', 'max-age=60'],
    ['Date', now()],
  ]);
  await fetchOnce(`${URL_}/ns`, {}, [
    ['Cache-Control', 'no-store, max-age=60'],
    ['Date', now()],
  ]);
  await fetchOnce(`${URL_}/ns`, {}, [
    ['Cache-Control', 'max-age=60'],
    ['Date', now()],
  ]);
  assert.equal(wire.transfers.length, 4);
});

test('a stale entry makes the request conditional; the 304 reaches the app as it is', async (t) => {
  const { wire, http } = setup(t);
  http.createHttpResponseCache();
  const request = http.createHttp();
  const first = request.request(URL_);
  (await wire.transfer(0))
    .headers(200, [
      ['Cache-Control', 'max-age=0'],
      ['Date', now()],
      ['ETag', '"v1"'],
    ])
    .data('old')
    .end();
  await first;
  const second = request.request(URL_);
  const revalidation = await wire.transfer(1);
  assert.deepEqual(revalidation.request.headers, [['if-none-match', '"v1"']]);
  revalidation.headers(304).end({ status: 304 });
  const response = await second;
  assert.equal(response.responseCode, 304);
  assert.equal(response.result, '');
});

test('a requestInStream response is stored with an empty body', async (t) => {
  const { wire, http } = setup(t);
  http.createHttpResponseCache();
  const request = http.createHttp();
  const stream = request.requestInStream(URL_);
  (await wire.transfer())
    .headers(200, [
      ['Cache-Control', 'max-age=60'],
      ['Date', now()],
    ])
    .data('streamed')
    .end();
  await stream;
  const hit = await request.request(URL_);
  assert.equal(hit.result, '');
  assert.equal(wire.transfers.length, 1);
});

test('flush and delete: () or (callback); delete turns the cache off and empties it; anything else is a 401', async (t) => {
  const { wire, http } = setup(t);
  const cache = http.createHttpResponseCache(5 * 1024 * 1024);
  assert.equal(await cache.flush(), undefined);
  const callbackArgs = await new Promise<unknown[]>((resolve) => cache.flush((...args: unknown[]) => resolve(args)));
  assert.deepEqual(callbackArgs, [undefined, undefined]);
  await assert.rejects((cache.flush as (...a: unknown[]) => Promise<void>)('x'), { code: 401, message: 'Parameter error' });
  await assert.rejects(
    (cache.delete as (...a: unknown[]) => Promise<void>)(() => undefined, 1),
    { code: 401 },
  );

  const request = http.createHttp();
  const first = request.request(URL_);
  (await wire.transfer(0))
    .headers(200, [
      ['Cache-Control', 'max-age=60'],
      ['Date', now()],
    ])
    .data('x')
    .end();
  await first;
  assert.equal(await cache.delete(), undefined);
  assert.equal(responseCache.active, false);
  const after = request.request(URL_);
  (await wire.transfer(1)).end();
  await after;
  assert.equal(wire.transfers.length, 2);
});

test("an ArrayBuffer result is the app's own: writing to it changes neither the cached answer nor the next result", async (t) => {
  const { wire, http } = setup(t);
  http.createHttpResponseCache();
  const request = http.createHttp();
  const options = { expectDataType: http.HttpDataType.ARRAY_BUFFER };
  const first = request.request(URL_, options);
  (await wire.transfer())
    .headers(200, [
      ['Cache-Control', 'max-age=60'],
      ['Date', now()],
    ])
    .data('abc')
    .data('def')
    .end();
  const written = new Uint8Array((await first).result as ArrayBuffer);
  written.fill(0x7a);

  const hit = await request.request(URL_, options);
  assert.equal(wire.transfers.length, 1, 'answered from the cache');
  assert.equal(new TextDecoder().decode(hit.result as ArrayBuffer), 'abcdef');
  new Uint8Array(hit.result as ArrayBuffer).fill(0x7a);
  const again = await request.request(URL_, options);
  assert.equal(new TextDecoder().decode(again.result as ArrayBuffer), 'abcdef');
});
