import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildHopHeaders, CURL_ACCEPT_ENCODING, CURL_USER_AGENT, type HopHeaderInput } from './curl-request-headers.js';

const base: HopHeaderInput = {
  url: new URL('http://example.test/p'),
  appHeaders: [],
  body: undefined,
  range: undefined,
  jarCookies: '',
  authorization: undefined,
  sameOriginAsFirst: true,
  host: undefined,
  forwardProxy: undefined,
};

/** The flat name/value list as pairs. */
function pairs(input: Partial<HopHeaderInput>): Array<[string, string]> {
  const { headers } = buildHopHeaders({ ...base, ...input });
  const out: Array<[string, string]> = [];
  for (let index = 0; index < headers.length; index += 2) out.push([headers[index] ?? '', headers[index + 1] ?? '']);
  return out;
}

describe("curl's request headers (HTTP §4)", () => {
  it("adds curl's own headers in curl's order, before the app's, which keep theirs", () => {
    assert.deepEqual(
      pairs({
        appHeaders: [
          ['b-header', '2'],
          ['a-header', '1'],
        ],
        jarCookies: 'c=3',
      }),
      [
        ['User-Agent', CURL_USER_AGENT],
        ['Accept', '*/*'],
        ['Accept-Encoding', CURL_ACCEPT_ENCODING],
        ['Cookie', 'c=3'],
        ['b-header', '2'],
        ['a-header', '1'],
      ],
    );
  });

  it('lets an app header replace the curl header of the same name, empty ones too', () => {
    assert.deepEqual(
      pairs({
        appHeaders: [
          ['accept', ''],
          ['user-agent', 'mine'],
        ],
      }),
      [
        ['Accept-Encoding', CURL_ACCEPT_ENCODING],
        ['accept', ''],
        ['user-agent', 'mine'],
      ],
    );
  });

  it('sends Range instead of a user agent when a range is asked for', () => {
    assert.deepEqual(pairs({ range: '10-20' }).slice(0, 2), [
      ['Range', 'bytes=10-20'],
      ['Accept', '*/*'],
    ]);
  });

  it("gives a body curl's form content type unless the app gave one, and a multipart body its own", () => {
    assert.deepEqual(pairs({ body: { length: 3, contentType: undefined } }).at(-1), ['Content-Type', 'application/x-www-form-urlencoded']);
    const typed = pairs({ body: { length: 3, contentType: undefined }, appHeaders: [['content-type', 'text/plain']] });
    assert.deepEqual(typed.at(-1), ['content-type', 'text/plain']);
    assert.equal(typed.filter(([name]) => name.toLowerCase() === 'content-type').length, 1);
    const multipart = pairs({
      body: { length: 3, contentType: 'multipart/form-data; boundary=x' },
      appHeaders: [['content-type', 'multipart/form-data']],
    });
    assert.deepEqual(
      multipart.filter(([name]) => name.toLowerCase() === 'content-type'),
      [['Content-Type', 'multipart/form-data; boundary=x']],
    );
  });

  it('sends no Content-Type without a body', () => {
    assert.equal(
      pairs({}).some(([name]) => name.toLowerCase() === 'content-type'),
      false,
    );
  });

  it("keeps the app's Authorization and Cookie from other hosts after a redirect", () => {
    const app: Array<[string, string]> = [
      ['authorization', 'secret'],
      ['cookie', 'k=v'],
      ['x-other', '1'],
    ];
    assert.deepEqual(
      pairs({ appHeaders: app, sameOriginAsFirst: false }).map(([name]) => name),
      ['User-Agent', 'Accept', 'Accept-Encoding', 'x-other'],
    );
    assert.equal(pairs({ appHeaders: app }).length, 6);
  });

  it("uses a custom Host, and leaves out what undici cannot send as the app's", () => {
    const built = buildHopHeaders({
      ...base,
      appHeaders: [
        ['connection', 'close'],
        ['expect', '100-continue'],
        ['host', 'other.test'],
        ['transfer-encoding', 'chunked'],
      ],
    });
    assert.deepEqual(built.headers.slice(0, 2), ['host', 'other.test']);
    assert.deepEqual(built.dropped, ['expect', 'transfer-encoding']);
    assert.equal(built.closeConnection, true);
  });
});
