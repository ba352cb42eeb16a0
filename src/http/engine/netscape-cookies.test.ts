import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCurlCookieJar } from './cookie-jars.js';
import { netscapeCookieLines } from './netscape-cookies.js';

describe('the jar as Netscape cookie-file lines (HTTP §5 cookies)', () => {
  it("writes each cookie as curl's COOKIELIST does", () => {
    const jar = createCurlCookieJar();
    const url = 'http://app.example.com/dir/page';
    jar.setCookieSync('session=abc', url);
    jar.setCookieSync('wide=1; Domain=example.com; Path=/; HttpOnly', url);
    jar.setCookieSync('dated=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT', url);
    jar.setCookieSync('gone=3; Max-Age=0', url);
    const lines = netscapeCookieLines(jar).split('\r\n').sort();
    assert.deepEqual(lines, [
      '#HttpOnly_.example.com\tTRUE\t/\tFALSE\t0\twide\t1',
      'app.example.com\tFALSE\t/dir\tFALSE\t0\tsession\tabc',
      'app.example.com\tFALSE\t/dir\tFALSE\t1\tgone\t3',
      'app.example.com\tFALSE\t/dir\tFALSE\t2139722880\tdated\t2',
    ]);
  });

  it('writes nothing for an empty jar', () => {
    assert.equal(netscapeCookieLines(createCurlCookieJar()), '');
  });

  it('marks Secure cookies, which curl keeps from localhost over http', () => {
    const jar = createCurlCookieJar();
    jar.setCookieSync('s=1; Secure', 'http://localhost:8080/');
    jar.setCookieSync('t=1; Secure', 'http://example.com/', { ignoreError: true });
    assert.equal(netscapeCookieLines(jar), 'localhost\tFALSE\t/\tTRUE\t0\ts\t1');
  });
});
