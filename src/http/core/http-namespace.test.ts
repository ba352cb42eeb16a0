import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHttpNamespace } from './http-namespace.js';
import { KitHttpRequest } from './kit-http-request.js';
import { responseCache } from './response-cache.js';
import { ScriptedWire } from './testing/scripted-wire.js';

const http = createHttpNamespace(new ScriptedWire().wire);

test('HTTP §1.1: the enum stand-ins hold the runtime values, AddressFamily its option strings', () => {
  assert.equal(http.RequestMethod.GET, 'GET');
  assert.equal(http.RequestMethod.PATCH, 'PATCH');
  assert.equal(Object.keys(http.RequestMethod).length, 9);
  assert.equal(http.ResponseCode.RANGE_NOT_SATISFIABLE, 416);
  assert.equal(Object.keys(http.ResponseCode).length, 36);
  assert.deepEqual(http.AddressFamily, { DEFAULT: 'DEFAULT', ONLY_V4: 'ONLY_V4', ONLY_V6: 'ONLY_V6' });
  assert.deepEqual(http.HttpProtocol, { HTTP1_1: 0, HTTP2: 1, HTTP3: 2 });
  assert.deepEqual(http.HttpDataType, { STRING: 0, OBJECT: 1, ARRAY_BUFFER: 2 });
  assert.deepEqual(http.TlsVersion, { TLS_V_1_0: 4, TLS_V_1_1: 5, TLS_V_1_2: 6, TLS_V_1_3: 7 });
  assert.deepEqual(http.CertType, { PEM: 'PEM', DER: 'DER', P12: 'P12' });
  assert.deepEqual(http.SslType, { TLS: 0, TLCP: 1 });
  assert.equal(http.InterceptorType.CACHE_CHECKED, 'READ_CACHE');
  assert.equal(http.InterceptorType.NETWORK_CONNECT, 'CONNECT_NETWORK');
  assert.ok(Object.isFrozen(http) && Object.isFrozen(http.RequestMethod));
});

test('createHttp makes a new, independent object each time', () => {
  const a = http.createHttp();
  const b = http.createHttp();
  assert.ok(a instanceof KitHttpRequest);
  assert.notEqual(a, b);
});

test('createHttpResponseCache starts the cache whatever its argument', (t) => {
  t.after(() => responseCache.stop());
  assert.equal(responseCache.active, false);
  (http.createHttpResponseCache as (...a: unknown[]) => unknown)('not a number');
  assert.equal(responseCache.active, true);
});

test('HttpInterceptorChain: addChain and getChain as on the device, with string-code throws', () => {
  const chain = new http.HttpInterceptorChain();
  const initial = { interceptorType: http.InterceptorType.INITIAL_REQUEST as never, interceptorHandle: async () => true };
  assert.equal(chain.addChain([initial]), true);
  assert.deepEqual(chain.getChain(), [initial]);
  assert.notEqual(chain.getChain(), chain.getChain());
  assert.throws(() => (chain.addChain as (...a: unknown[]) => boolean)(), {
    code: '2300801',
    message: 'Parameter type not supported by the interceptor',
  });
  assert.throws(() => (chain.addChain as (...a: unknown[]) => boolean)(initial), { code: '2300801' });
  const redirect = { interceptorType: http.InterceptorType.REDIRECTION as never, interceptorHandle: async () => true };
  assert.throws(() => chain.addChain([redirect, initial]), { code: '2300802', message: 'Duplicated interceptor type in the chain' });
  assert.equal(chain.getChain().length, 2, 'entries before the duplicate stay added');
  assert.throws(() => chain.addChain([{} as never]), { code: '2300999', message: 'Internal error' });
});

test('HttpInterceptorChain.apply: false for an empty chain; otherwise refused with a thrown 2300999 (not supported yet)', () => {
  const chain = new http.HttpInterceptorChain();
  const request = http.createHttp();
  assert.equal(chain.apply(request), false);
  chain.addChain([{ interceptorType: http.InterceptorType.FINAL_RESPONSE as never, interceptorHandle: async () => true }]);
  assert.throws(() => (chain.apply as (...a: unknown[]) => boolean)(1), { code: '2300801' });
  assert.throws(
    () => chain.apply(request),
    (error: unknown) => error instanceof Error && (error as { code?: string }).code === '2300999' && /not supported/.test(error.message),
  );
});
