import type { CaseGroup } from '../../case.js';
import { DIRECT_HTTP } from '../direct-differences.js';
import type { HttpInputs } from '../inputs.js';

/** What request() resolves with (HTTP §5): the result's type, the header object, redirects, HTTP errors. */
export const RESPONSE: CaseGroup<HttpInputs> = {
  section: 'the response (HTTP §5)',
  cases: [
    {
      title: 'the result by content type: JSON is a string (0), octet-stream and image/* are ArrayBuffers (2) (HTTP §5; §13.4 row 13)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const typed = async (type: string) => {
          const response = await http.request(`${server}/bytes?size=3&type=${encodeURIComponent(type)}`);
          const result = response.result as unknown;
          return [response.resultType, result instanceof ArrayBuffer ? `ArrayBuffer(${result.byteLength})` : typeof result];
        };
        return [await typed('application/json'), await typed('application/octet-stream'), await typed('image/png')];
      },
      expect: [
        [0, 'string'],
        [2, 'ArrayBuffer(3)'],
        [2, 'ArrayBuffer(3)'],
      ],
    },
    {
      title:
        'expectDataType OBJECT: JSON parsed; bad JSON gives result undefined with resultType 1; a body past 65536 bytes stays a string (HTTP §5; §13.4 row 14)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const object = await http.request(`${server}/echo`, { expectDataType: 1 });
        const bad = await http.request(`${server}/status?code=200`, { expectDataType: 1 });
        const big = await http.request(`${server}/bytes?size=70000&type=application/json`, { expectDataType: 1 });
        return [
          [object.resultType, typeof object.result, (object.result as { method?: string }).method],
          [bad.resultType, bad.result, 'result' in bad],
          [big.resultType, typeof big.result],
        ];
      },
      expect: [
        [1, 'object', 'GET'],
        [1, undefined, true],
        [0, 'string'],
      ],
    },
    {
      title:
        'the header object: lower-case keys, the last of two equal names wins, set-cookie an array, empty values left out, no status-line (HTTP §5; §13.4 row 15)',
      run: async ({ server }) => {
        const query = 'X-A=one&X-A=two&Set-Cookie=a%3D1&Set-Cookie=b%3D2&X-Empty=';
        const { header } = await globalThis.kit.http.createHttp().request(`${server}/headers?${query}`);
        const object = header as Record<string, unknown>;
        return { xa: object['x-a'], cookies: object['set-cookie'], hasEmpty: 'x-empty' in object, hasStatusLine: 'status-line' in object };
      },
      expect: { xa: 'two', cookies: ['a=1', 'b=2'], hasEmpty: false, hasStatusLine: false },
      differs: { direct: { why: DIRECT_HTTP.joinedHeaders, expect: { xa: 'one, two', cookies: undefined, hasEmpty: false, hasStatusLine: false } } },
    },
    {
      title:
        "a redirect's headers merge into the final object (its location stays), each hop is a header event, its Set-Cookie comes twice, redirectCount 1 (HTTP §5, §6; §13.4 row 16)",
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        let events = 0;
        http.on('headersReceive', () => events++);
        const response = await http.request(`${server}/redirect?to=%2Fstatus&cookie=hop%3D1`);
        const header = response.header as Record<string, unknown>;
        return {
          responseCode: response.responseCode,
          location: header.location,
          setCookie: header['set-cookie'],
          events,
          redirectCount: (response.connectionExtraInfo as { redirectCount: number }).redirectCount,
        };
      },
      expect: { responseCode: 200, location: '/status', setCookie: ['hop=1', 'hop=1'], events: 2, redirectCount: 1 },
      differs: {
        direct: {
          why: DIRECT_HTTP.redirectHops,
          expect: { responseCode: 200, location: undefined, setCookie: undefined, events: 1, redirectCount: 1 },
        },
      },
    },
    {
      title: 'HTTP errors are responses: a 404 and a 500 resolve with their status (HTTP §5; §13.4 row 18)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        return [(await http.request(`${server}/status?code=404`)).responseCode, (await http.request(`${server}/status?code=500`)).responseCode];
      },
      expect: [404, 500],
    },
    {
      title: 'a text result ends at the first NUL byte (HTTP §5; §13.4 row 33)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const cut = await http.request(`${server}/text?body=ab%00cd`);
        const binary = await http.request(`${server}/text?body=ab%00cd&type=application/octet-stream`);
        return [cut.result, (binary.result as ArrayBuffer).byteLength];
      },
      expect: ['ab', 5],
    },
  ],
};
