import type { CaseGroup } from '../../case.js';
import { DIRECT_HTTP } from '../direct-differences.js';
import type { HttpInputs } from '../inputs.js';

const PARAMETER_ERROR = { code: 401, message: 'Parameter error' };

/**
 * What goes on the wire (HTTP §3, §4): the cases ask /echo, which answers with the
 * request as the server received it (method, target, header lines, body as base64).
 */
export const REQUEST: CaseGroup<HttpInputs> = {
  section: 'the request on the wire (HTTP §3, §4)',
  cases: [
    {
      title: 'extraData "" or a number is a 401 for POST; a number on GET is ignored and the request succeeds (HTTP §3; §13.4 row 7)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const outcome = (promise: Promise<{ responseCode: number }>) =>
          promise.then(
            (response) => response.responseCode,
            (err: unknown) => err,
          );
        return [
          await outcome(http.request(`${server}/echo`, { method: 'POST', extraData: '' })),
          await outcome(http.request(`${server}/echo`, { method: 'POST', extraData: 123 })),
          await outcome(http.request(`${server}/echo`, { method: 'GET', extraData: 123 })),
        ];
      },
      expect: [PARAMETER_ERROR, PARAMETER_ERROR, 200],
    },
    {
      title:
        'a POST object body is JSON; its Content-Type is urlencoded without a header option, application/json with one (HTTP §3, §4; §13.4 row 8)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const sent = async (options: object) => {
          const echo = JSON.parse((await http.request(`${server}/echo`, options)).result as string) as {
            body: string;
            headers: [string, string][];
          };
          return {
            body: atob(echo.body),
            contentType: echo.headers.filter(([name]) => name.toLowerCase() === 'content-type').map(([, value]) => value),
          };
        };
        return [await sent({ method: 'POST', extraData: { a: 1 } }), await sent({ method: 'POST', extraData: { a: 1 }, header: {} })];
      },
      expect: [
        { body: '{"a":1}', contentType: ['application/x-www-form-urlencoded'] },
        { body: '{"a":1}', contentType: ['application/json'] },
      ],
    },
    {
      title:
        'a GET object extraData joins the URL: string values percent-encoded, other values dropped, an urlencoded Content-Type sent (HTTP §3; §13.4 row 9)',
      run: async ({ server }) => {
        const response = await globalThis.kit.http.createHttp().request(`${server}/echo?x=1`, { extraData: { q: 'a b', n: 1, e: '' } });
        const echo = JSON.parse(response.result as string) as { target: string; headers: [string, string][] };
        return {
          target: echo.target,
          contentType: echo.headers.filter(([name]) => name.toLowerCase() === 'content-type').map(([, value]) => value),
        };
      },
      expect: { target: '/echo?x=1&q=a%20b', contentType: ['application/x-www-form-urlencoded'] },
    },
    {
      title: 'DELETE sends a string extraData as its body; HEAD joins it to the URL and gets an empty result (HTTP §3, §4; §13.4 row 10)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const deleted = JSON.parse((await http.request(`${server}/echo`, { method: 'DELETE', extraData: 'abc' })).result as string) as {
          method: string;
          body: string;
        };
        const head = await http.request(`${server}/echo`, { method: 'HEAD', extraData: 'k=v' });
        return { deleted: [deleted.method, atob(deleted.body)], head: [head.responseCode, head.result] };
      },
      expect: { deleted: ['DELETE', 'abc'], head: [200, ''] },
    },
    {
      title: 'header values: numbers with %f, booleans as words, null as an empty value; names lower-cased (HTTP §3; §13.4 row 11)',
      run: async ({ server }) => {
        const response = await globalThis.kit.http
          .createHttp()
          .request(`${server}/echo`, { header: { 'X-A': 1.5, 'X-B': true, 'X-C': null, 'X-D': 7 } });
        const echo = JSON.parse(response.result as string) as { headers: [string, string][] };
        return echo.headers.filter(([name]) => name.toLowerCase().startsWith('x-')).map(([name, value]) => [name.toLowerCase(), value]);
      },
      expect: [
        ['x-a', '1.500000'],
        ['x-b', 'true'],
        ['x-c', ''],
        ['x-d', '7'],
      ],
      differs: {
        direct: {
          why: DIRECT_HTTP.headerOrder,
          expect: [
            ['x-d', '7'],
            ['x-c', ''],
            ['x-a', '1.500000'],
            ['x-b', 'true'],
          ],
        },
      },
    },
    {
      title: 'a GET with a query and an empty extraData gets a trailing & (HTTP §3; §13.4 row 12)',
      run: async ({ server }) => {
        const response = await globalThis.kit.http.createHttp().request(`${server}/echo?x=1`, { extraData: '' });
        return (JSON.parse(response.result as string) as { target: string }).target;
      },
      expect: '/echo?x=1&',
    },
    {
      title: 'a POST without extraData sends no body and no Content-Length (HTTP §4; §13.4 row 34)',
      run: async ({ server }) => {
        const response = await globalThis.kit.http.createHttp().request(`${server}/echo`, { method: 'POST' });
        const echo = JSON.parse(response.result as string) as { method: string; body: string; headers: [string, string][] };
        return { method: echo.method, body: echo.body, contentLength: echo.headers.filter(([name]) => name.toLowerCase() === 'content-length') };
      },
      expect: { method: 'POST', body: '', contentLength: [] },
      differs: { direct: { why: DIRECT_HTTP.contentLength, expect: { method: 'POST', body: '', contentLength: [['Content-Length', '0']] } } },
    },
    {
      title:
        'the method string goes out verbatim: "get" stays lower-case, which the test server (Node\'s parser knows upper-case methods only) answers 400 (HTTP §3, §4; §13.4 row 35)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        return [
          (await http.request(`${server}/status`, { method: 'get' })).responseCode,
          (await http.request(`${server}/status`, { method: 'GET' })).responseCode,
        ];
      },
      expect: [400, 200],
      differs: { direct: { why: DIRECT_HTTP.methodCase, expect: [200, 200] } },
    },
    {
      title: "curl's request headers: Accept */*, User-Agent libcurl-agent/1.0, no Origin, no Referer, no Cookie of the page's (HTTP §4)",
      run: async ({ server }) => {
        const response = await globalThis.kit.http.createHttp().request(`${server}/echo`);
        const headers = (JSON.parse(response.result as string) as { headers: [string, string][] }).headers.map(([name, value]): [string, string] => [
          name.toLowerCase(),
          value,
        ]);
        // A page's own values named as such (their text varies by run and browser); none of them exists in Node.
        const { location, navigator } = globalThis as { location?: { origin: string }; navigator?: { userAgent: string } };
        const named = (text: string) =>
          text === location?.origin ? "the page's origin" : text === navigator?.userAgent ? "the browser's User-Agent" : text;
        const value = (name: string) => headers.filter(([key]) => key === name).map(([, text]) => named(text));
        return {
          accept: value('accept'),
          userAgent: value('user-agent'),
          origin: value('origin'),
          referer: value('referer'),
          cookie: value('cookie'),
        };
      },
      expect: { accept: ['*/*'], userAgent: ['libcurl-agent/1.0'], origin: [], referer: [], cookie: [] },
      differs: {
        direct: {
          why: DIRECT_HTTP.browserHeaders,
          expect: { accept: ['*/*'], userAgent: ["the browser's User-Agent"], origin: ["the page's origin"], referer: [], cookie: [] },
        },
      },
    },
  ],
};
