import type { CaseGroup } from '../../case.js';
import { DIRECT_HTTP } from '../direct-differences.js';
import type { HttpInputs } from '../inputs.js';

/** The cookies field, enableAutoCookie and the response cache (HTTP §5, §7.4, §8). */
export const COOKIES_AND_CACHE: CaseGroup<HttpInputs> = {
  section: 'cookies and the cache (HTTP §5, §7.4, §8)',
  cases: [
    {
      title:
        "cookies is the transfer's jar as Netscape lines; a second request of the object sends none, unless enableAutoCookie(true) (HTTP §5, §7.4; §13.4 row 31)",
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const set = await http.request(`${server}/cookies?set=${encodeURIComponent('sid=abc; Path=/')}`);
        const line = (set.cookies as string).split('\r\n').find((text) => text.includes('sid'));
        const fields = line?.split('\t') ?? [];
        const sentBefore = (await http.request(`${server}/cookies`)).result;
        http.enableAutoCookie(true);
        await http.request(`${server}/cookies?set=${encodeURIComponent('auto=1; Path=/')}`);
        const sentAfter = (await http.request(`${server}/cookies`)).result;
        return { fields: [fields.length, fields[2], fields[5], fields[6]], sentBefore, sentAfter };
      },
      expect: { fields: [7, '/', 'sid', 'abc'], sentBefore: '', sentAfter: 'auto=1' },
      differs: {
        direct: { why: DIRECT_HTTP.cookieJar, expect: { fields: [0, undefined, undefined, undefined], sentBefore: '', sentAfter: '' } },
      },
    },
    {
      title:
        'the cache is off until createHttpResponseCache(): then a fresh GET is answered from it with 200 and no events, isCacheHit true (HTTP §8; §13.4 row 32)',
      run: async ({ server }) => {
        const url = `${server}/headers?Cache-Control=max-age%3D60&X-Run=${Math.random()}`;
        const http = globalThis.kit.http.createHttp();
        let events = 0;
        http.on('headersReceive', () => events++);
        await http.request(url);
        await http.request(url);
        const withoutCache = events;
        globalThis.kit.http.createHttpResponseCache();
        await http.request(url);
        events = 0;
        const hit = await http.request(url);
        return {
          withoutCache,
          hitEvents: events,
          responseCode: hit.responseCode,
          isCacheHit: (hit.connectionExtraInfo as { isCacheHit: boolean }).isCacheHit,
        };
      },
      expect: { withoutCache: 2, hitEvents: 0, responseCode: 200, isCacheHit: true },
    },
  ],
};
