import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optionsPageCannotHonour, PAGE_CANNOT_HONOUR } from './page-limits.js';
import { prepareRequest, toWireRequest } from './request-options.js';

function limitsOf(options: object, cookieJar: 'transfer' | { object: string } = 'transfer'): string[] {
  const prepared = prepareRequest('https://127.0.0.1:9/', options);
  assert.ok(prepared !== undefined);
  return optionsPageCannotHonour(toWireRequest(prepared, 'request', cookieJar));
}

test('defaults, and what fetch does as the device does, are not listed', () => {
  assert.deepEqual(limitsOf({}), []);
  assert.deepEqual(
    limitsOf({ method: 'POST', extraData: 'x', header: { 'X-App': '1' }, readTimeout: 5, usingProxy: true, tlsOptions: 'system', maxRedirects: 30 }),
    [],
  );
  assert.deepEqual(limitsOf({ method: 'PATCH', resumeFrom: 3 }), []);
});

test('each option a page cannot honour is named, with a reason', () => {
  assert.deepEqual(limitsOf({ header: { Cookie: 'a=1' } }), ['header']);
  assert.deepEqual(limitsOf({ header: { 'Sec-Fetch-Mode': 'x' } }), ['header']);
  assert.deepEqual(limitsOf({ method: 'get' }), ['method']);
  assert.deepEqual(limitsOf({ method: 'TRACE' }), ['method']);
  assert.deepEqual(limitsOf({ method: 'GET', body: 'x' }), ['body']);
  assert.deepEqual(
    limitsOf({
      usingProxy: { host: 'p', port: 1, exclusionList: [] },
      caPath: 'ca.pem',
      clientCert: { certPath: 'c', keyPath: 'k' },
      remoteValidation: 'skip',
      tlsOptions: { tlsVersionMin: 6, tlsVersionMax: 6 },
      addressFamily: 'ONLY_V4',
      usingProtocol: 1,
      maxRedirects: 0,
      connectTimeout: 5,
    }),
    ['usingProxy', 'caPath', 'clientCert', 'remoteValidation', 'tlsOptions', 'addressFamily', 'usingProtocol', 'maxRedirects', 'connectTimeout'],
  );
  assert.deepEqual(limitsOf({}, { object: 'jar' }), ['enableAutoCookie']);
  for (const reason of Object.values(PAGE_CANNOT_HONOUR)) assert.ok(reason.length > 10);
});
