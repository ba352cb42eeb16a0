import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CurlCode } from '../core/http-wire.js';
import { parseCurlUrl, resolveLocation } from './curl-url.js';

describe('URLs as curl takes them (HTTP §4)', () => {
  it('guesses http:// for a URL without a scheme', () => {
    const parsed = parseCurlUrl('127.0.0.1:8080/p?q=1#frag');
    assert.ok(parsed.ok);
    assert.equal(parsed.url.href, 'http://127.0.0.1:8080/p?q=1');
  });

  it('refuses schemes it does not speak with curl 1', () => {
    for (const url of ['ftp://example.test/', 'ws://example.test/', 'ftp.example.test/file', 'file:///etc/passwd']) {
      const parsed = parseCurlUrl(url);
      assert.equal(parsed.ok ? 0 : parsed.code, CurlCode.UNSUPPORTED_PROTOCOL, url);
    }
  });

  it('refuses a malformed URL with curl 3', () => {
    for (const url of ['', 'http://', 'http://exa mple.test/', 'http://[::1/', 'http://a.test/\n']) {
      const parsed = parseCurlUrl(url);
      assert.equal(parsed.ok ? 0 : parsed.code, CurlCode.URL_MALFORMAT, JSON.stringify(url));
    }
  });

  it('resolves a Location against the URL it answered, http and https only', () => {
    const base = new URL('http://example.test/a/b');
    const next = resolveLocation('../c?d', base);
    assert.ok(next.ok);
    assert.equal(next.url.href, 'http://example.test/c?d');
    const ftp = resolveLocation('ftp://example.test/', base);
    assert.equal(ftp.ok ? 0 : ftp.code, CurlCode.UNSUPPORTED_PROTOCOL);
  });
});
