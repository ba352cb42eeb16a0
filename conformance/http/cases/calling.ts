import type { CaseGroup } from '../../case.js';
import type { HttpInputs } from '../inputs.js';

const PARAMETER_ERROR = { code: 401, message: 'Parameter error' };

/** How request() is called and answers (HTTP §2): shapes, callback or Promise, errors, listeners. */
export const CALLING: CaseGroup<HttpInputs> = {
  section: 'calling conventions (HTTP §2)',
  cases: [
    {
      title: 'a GET succeeds with (undefined, response): the response keys in the device order, resultType 0 for text (HTTP §2.2, §5; §13.4 row 1)',
      run: async ({ server }) =>
        new Promise((resolve) =>
          globalThis.kit.http.createHttp().request(`${server}/status?code=200`, (err: unknown, value: Record<string, unknown>) =>
            resolve({
              err,
              errIsUndefined: err === undefined,
              keys: Object.keys(value).slice(0, 5),
              responseCode: value.responseCode,
              result: value.result,
              resultType: value.resultType,
            }),
          ),
        ),
      expect: {
        err: undefined,
        errIsUndefined: true,
        keys: ['responseCode', 'cookies', 'header', 'result', 'resultType'],
        responseCode: 200,
        result: 'status 200',
        resultType: 0,
      },
    },
    {
      title: 'request(url, undefined) does not throw: it rejects with the plain {code: 401, message: "Parameter error"} (HTTP §2.1; §13.4 row 2)',
      run: async ({ server }) => {
        let thrown = false;
        let promise: Promise<unknown> | undefined;
        try {
          promise = globalThis.kit.http.createHttp().request(`${server}/status`, undefined);
        } catch {
          thrown = true;
        }
        const outcome = await (promise as Promise<unknown>).then(
          () => 'resolved',
          (err: object) => ({ json: JSON.stringify(err), isError: err instanceof Error }),
        );
        return { thrown, isPromise: promise instanceof Promise, outcome };
      },
      expect: { thrown: false, isPromise: true, outcome: { json: JSON.stringify(PARAMETER_ERROR), isError: false } },
    },
    {
      title: 'request(123, cb) returns undefined and calls cb with 401 later, never during the call (HTTP §2.1; §13.4 row 3)',
      run: async () => {
        let called = false;
        let returned: unknown = 'unset';
        const got = new Promise((resolve) => {
          returned = globalThis.kit.http.createHttp().request(123, (err: unknown, value: unknown) => {
            called = true;
            resolve({ err, value });
          });
        });
        const calledDuringCall = called;
        return { returned, calledDuringCall, got: await got };
      },
      expect: { returned: undefined, calledDuringCall: false, got: { err: PARAMETER_ERROR, value: undefined } },
    },
    {
      title: 'other malformed calls are 401 too: no arguments, a null options object, a third argument that is no function (HTTP §2.1)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const outcomes: unknown[] = [];
        for (const args of [[], [`${server}/status`, null], [`${server}/status`, {}, undefined], [`${server}/status`, {}, 1, 2]]) {
          outcomes.push(
            await (http.request(...args) as Promise<unknown>).then(
              () => 'resolved',
              (err: unknown) => err,
            ),
          );
        }
        return outcomes;
      },
      expect: [PARAMETER_ERROR, PARAMETER_ERROR, PARAMETER_ERROR, PARAMETER_ERROR],
    },
    {
      title: 'on() with a missing or wrong callback throws an Error whose code is the string "401"; off() likewise (HTTP §2.3; §13.4 row 4)',
      run: async () => {
        const http = globalThis.kit.http.createHttp();
        const thrown = (call: () => void) => {
          try {
            call();
            return 'no throw';
          } catch (error) {
            const e = error as Error & { code?: unknown };
            return { isError: e instanceof Error, message: e.message, code: e.code, codeType: typeof e.code };
          }
        };
        return [thrown(() => http.on('headersReceive')), thrown(() => http.on('headersReceive', 1)), thrown(() => http.off(1))];
      },
      expect: Array.from({ length: 3 }, () => ({ isError: true, message: 'Parameter error', code: '401', codeType: 'string' })),
    },
    {
      title: 'once() with bad arguments does nothing and throws nothing; unknown event names are ignored (HTTP §2.3; §13.4 row 5)',
      run: async () => {
        const http = globalThis.kit.http.createHttp();
        http.once('headersReceive', 1);
        http.once('headersReceive');
        http.on('noSuchEvent', () => {});
        http.off('noSuchEvent');
        return 'nothing thrown';
      },
      expect: 'nothing thrown',
    },
    {
      title: 'one listener per event type: a second on() replaces the first; off(type, fn) removes only fn (HTTP §2.3; §13.4 row 6)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const heard: string[] = [];
        const a = () => heard.push('a');
        http.on('headersReceive', a);
        http.on('headersReceive', () => heard.push('b'));
        http.off('headersReceive', a);
        await http.request(`${server}/status`);
        return heard;
      },
      expect: ['b'],
    },
    {
      title: 'headerReceive listeners get (undefined, header); headersReceive and once() listeners get (header), with this undefined (HTTP §2.3, §6)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const seen: unknown[] = [];
        // Strict, as an ArkTS module is (Playwright hands a page this code as a sloppy script,
        // where `this` would be the global object). A strict function's parameters must be
        // simple: no rest parameter, hence `arguments`.
        /* eslint-disable prefer-rest-params */
        http.on('headerReceive', function (this: unknown) {
          'use strict';
          seen.push(['headerReceive', arguments.length, arguments[0], typeof arguments[1], this === undefined]);
        });
        http.once('headersReceive', function (this: unknown) {
          'use strict';
          seen.push(['headersReceive', arguments.length, typeof arguments[0], this === undefined]);
        });
        /* eslint-enable prefer-rest-params */
        await http.request(`${server}/status`);
        await http.request(`${server}/status`);
        return seen;
      },
      expect: [
        ['headerReceive', 2, undefined, 'object', true],
        ['headersReceive', 1, 'object', true],
        ['headerReceive', 2, undefined, 'object', true],
      ],
    },
  ],
};
