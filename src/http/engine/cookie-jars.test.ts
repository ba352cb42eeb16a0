import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieHeaderFor, CookieJars, createCurlCookieJar, storeSetCookies } from './cookie-jars.js';

describe('cookie jars', () => {
  it("takes at most 50 Set-Cookie lines of one response, and none longer than curl's 5000", () => {
    const jar = createCurlCookieJar();
    const url = 'http://example.com/';
    storeSetCookies(jar, url, [`long=${'x'.repeat(5000)}`, ...Array.from({ length: 60 }, (_, index) => `c${index}=1`)]);
    const sent = cookieHeaderFor(jar, url).split('; ');
    assert.equal(sent.length, 49);
    assert.ok(!sent.some((pair) => pair.startsWith('long=')));
  });

  it('sends at most 150 cookies, within the Cookie header limit', () => {
    const jar = createCurlCookieJar();
    const url = 'http://example.com/';
    for (let round = 0; round < 4; round += 1) {
      storeSetCookies(
        jar,
        url,
        Array.from({ length: 50 }, (_, index) => `r${round}n${index}=v`),
      );
    }
    assert.equal(cookieHeaderFor(jar, url).split('; ').length, 150);
    const big = createCurlCookieJar();
    storeSetCookies(
      big,
      url,
      Array.from({ length: 10 }, (_, index) => `b${index}=${'y'.repeat(1000)}`),
    );
    const header = cookieHeaderFor(big, url);
    assert.ok(header.length + 'Cookie: '.length < 8190 && header.split('; ').length === 8, String(header.length));
  });

  it("keeps one jar per object until it is dropped, a page's all at once, and the oldest past the bound", () => {
    const jars = new CookieJars(2);
    const first = jars.jarOf('page-1/a');
    assert.equal(jars.jarOf('page-1/a'), first);
    jars.jarOf('page-1/b');
    jars.jarOf('page-2/a');
    assert.equal(jars.size, 2);
    assert.notEqual(jars.jarOf('page-1/a'), first);
    jars.dropAll('page-1/');
    assert.equal(jars.size, 1);
    jars.drop('page-2/a');
    assert.equal(jars.size, 0);
  });
});
