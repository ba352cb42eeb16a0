import { shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

const OPEN = shape('{"status":101,"message":"Switching Protocols"}');
const EVENT_ERROR = shape('{"code":200,"data":"0"}');
const UNKNOWN_OTHER_ERROR = shape('{"code":2302999,"message":"Websocket Unknown Other Error"}');
const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');

/** The recorded `close` event `(undefined, {code, reason})`. */
const closeEvent = (code: number, reason: string) => ['close', undefined, shape(JSON.stringify({ code, reason }))];

/** Codes 1000–1015 are kept (WS §4); the reasons are the app's own. */
const KEPT_CODES: ReadonlyArray<readonly [number, string]> = [
  [1001, 'going away'],
  [1002, 'r'],
  [1005, 'r'],
  [1006, 'r'],
  [1008, 'policy'],
  [1011, 'server-ish error'],
  [1015, 'tls'],
];

/** Server closes with a code and a reason: [code, reason]. */
const SERVER_CLOSES: ReadonlyArray<readonly [number, string]> = [
  [4000, 'bye'],
  [1001, 'server going away'],
  [1011, 'internal error'],
  [4000, 'application code'],
];

/** close(), how a connection ends and what each ending looks like to the app (WS §3.4, §4). */
export const CLOSE: CaseGroup<WebSocketInputs> = {
  section: 'close and how connections end (WS §3.4, §4)',
  cases: [
    {
      title: 'close() reports {1000, "CLOSE_NORMAL"} and no error (WS §3.4, §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.close();
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [closeEvent(1000, 'CLOSE_NORMAL')],
    },
    {
      title: 'close({}) reports the defaults {1000, "CLOSE_NORMAL"} (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.close({});
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [closeEvent(1000, 'CLOSE_NORMAL')],
    },
    {
      title: "close({code, reason}) reports the app's own code and reason, not the server's answer (WS §3.4)",
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.close({ code: 1000, reason: 'done' });
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [closeEvent(1000, 'done')],
    },
    {
      title: 'close codes 1000–1015 are kept: 1001, 1002, 1005, 1006, 1008, 1011 and 1015 are reported as given, with the reason (WS §4)',
      run: async ({ server }) => {
        const outcomes: unknown[] = [];
        for (const [code, reason] of [
          [1001, 'going away'],
          [1002, 'r'],
          [1005, 'r'],
          [1006, 'r'],
          [1008, 'policy'],
          [1011, 'server-ish error'],
          [1015, 'tls'],
        ] as const) {
          const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
          ws.close({ code, reason });
          outcomes.push((await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo'));
        }
        return outcomes;
      },
      expect: KEPT_CODES.map(([code, reason]) => [closeEvent(code, reason)]),
    },
    {
      title: 'a close code out of 1000–1015 (999, 1016, 3000, 4000, -1 wrapping to 4294967295, the string "1001") is reported as 1000 (WS §4)',
      run: async ({ server }) => {
        const outcomes: unknown[] = [];
        for (const code of [999, 1016, 3000, 4000, -1, '1001']) {
          const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
          ws.close({ code, reason: 'r' });
          outcomes.push((await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo'));
        }
        return outcomes;
      },
      expect: Array.from({ length: 6 }, () => [closeEvent(1000, 'r')]),
    },
    {
      title: 'a fractional close code is truncated (1001.9 → 1001) (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.close({ code: 1001.9, reason: 'r' });
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [closeEvent(1001, 'r')],
    },
    {
      title: 'an empty close reason is reported as "CLOSE_NORMAL" (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.close({ code: 1001, reason: '' });
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [closeEvent(1001, 'CLOSE_NORMAL')],
    },
    {
      title: 'a close reason that is not a string is reported as "CLOSE_NORMAL" (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.close({ code: 1001, reason: 42 });
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [closeEvent(1001, 'CLOSE_NORMAL')],
    },
    {
      title: 'a close reason over 123 bytes is reported untruncated (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.close({ code: 1000, reason: 'é'.repeat(100) });
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [closeEvent(1000, 'é'.repeat(100))],
    },
    {
      title: 'close(callback) returns undefined and calls back (undefined, true) (WS §2.2)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        const callback = globalThis.helpers.callback();
        const returned = globalThis.helpers.serialise(ws.close(callback.fn));
        return { returned, args: await callback.args };
      },
      expect: { returned: undefined, args: [undefined, true] },
    },
    {
      title: 'close(options, callback) returns undefined and calls back (undefined, true) (WS §2.2)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        const callback = globalThis.helpers.callback();
        const returned = globalThis.helpers.serialise(ws.close({ code: 1000, reason: 'bye' }, callback.fn));
        return { returned, args: await callback.args };
      },
      expect: { returned: undefined, args: [undefined, true] },
    },
    {
      title: 'close without a callback returns a Promise that resolves to true (WS §2.2)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        return globalThis.helpers.settle(ws.close());
      },
      expect: { resolved: true },
    },
    {
      title: 'a server close with a code and a reason reports them exactly (1001, 1011, 4000), and no error (WS §3.4)',
      run: async ({ server }) => {
        const outcomes: unknown[] = [];
        for (const [code, reason] of [
          [4000, 'bye'],
          [1001, 'server going away'],
          [1011, 'internal error'],
          [4000, 'application code'],
        ] as const) {
          const { log } = await globalThis.helpers.openSocket(`${server}/close?code=${code}&reason=${encodeURIComponent(reason)}`);
          outcomes.push(await log.until('close'));
        }
        return outcomes;
      },
      expect: SERVER_CLOSES.map(([code, reason]) => [['open', undefined, OPEN], ['openInfo', undefined, OPEN], closeEvent(code, reason)]),
    },
    {
      title: 'a server close with a code and an empty reason reports "The link is down" (WS §3.4)',
      run: async ({ server }) => {
        const outcomes: unknown[] = [];
        for (const code of [4000, 4001, 1011]) {
          const { log } = await globalThis.helpers.openSocket(`${server}/close?code=${code}`);
          outcomes.push((await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo'));
        }
        return outcomes;
      },
      expect: [4000, 4001, 1011].map((code) => [closeEvent(code, 'The link is down')]),
    },
    {
      title: 'a server close frame without a status reports {1000, "The link is down"} (WS §3.4)',
      run: async ({ server }) => {
        const { log } = await globalThis.helpers.openSocket(`${server}/close`);
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [closeEvent(1000, 'The link is down')],
    },
    {
      title: 'a server close with an invalid code (1004) is reported as code 1002, as lws rewrites it, with no error (WS §3.4)',
      run: async ({ server }) => {
        const { log } = await globalThis.helpers.openSocket(`${server}/close-raw?code=1004`);
        const entries = (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
        // WS §3.4 settles the code only; which reason lws passes on with it is not known.
        return entries.map(([type, ...args]) =>
          type === 'close' ? [type, args[0], (JSON.parse((args[1] as { json: string }).json) as { code: unknown }).code] : [type, ...args],
        );
      },
      expect: [['close', undefined, 1002]],
    },
    {
      title: 'a server close after a message delivers the message (and dataEnd), then the close (WS §3.3, §3.4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/close-after-echo?code=1001&reason=going`);
        ws.send('last words');
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [['message', undefined, 'last words'], ['dataEnd', undefined], closeEvent(1001, 'going')],
    },
    {
      title: 'a drop of an open connection gives error {code: 200, data: "0"}, then close {0, "The link is down"} (WS §3.4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/drop`);
        ws.send('drop');
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [['error', EVENT_ERROR], closeEvent(0, 'The link is down')],
    },
    {
      title: 'a drop right after the handshake gives error {code: 200, data: "0"}, then close {0, "The link is down"} (WS §3.4)',
      run: async ({ server }) => {
        const { log } = await globalThis.helpers.openSocket(`${server}/drop?now`);
        return (await log.until('close')).filter(([type]) => type !== 'open' && type !== 'openInfo');
      },
      expect: [['error', EVENT_ERROR], closeEvent(0, 'The link is down')],
    },
    {
      title: 'a refused upgrade (403) gives only error {code: 200, data: "403"}: no open, no close (WS §2.1, §3.4)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(`${server}/refuse?status=403`);
        await log.until('error');
        // A close could only come before the next connection's open: connect again and wait for it.
        void ws.connect(`${server}/echo`);
        return log.until('open');
      },
      expect: [
        ['error', shape('{"code":200,"data":"403"}')],
        ['open', undefined, OPEN],
      ],
      differs: {
        direct: {
          why: 'README, "error.data in direct mode": a page cannot see the HTTP status of a refused upgrade',
          expect: [
            ['error', EVENT_ERROR],
            ['open', undefined, OPEN],
          ],
        },
        mock: {
          why: 'README, "error.data in direct mode": a page cannot see the HTTP status of a refused upgrade',
          expect: [
            ['error', EVENT_ERROR],
            ['open', undefined, OPEN],
          ],
        },
      },
    },
    {
      title: 'close before connect fails with 2302999 (WS §4)',
      run: async () => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const callback = globalThis.helpers.callback();
        ws.close(callback.fn);
        return callback.args;
      },
      expect: [UNKNOWN_OTHER_ERROR, undefined],
    },
    {
      title: 'a second close fails with 2302999; the first resolves true (WS §4)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        const first = globalThis.helpers.settle(ws.close());
        const second = globalThis.helpers.settle(ws.close());
        return { first: await first, second: await second };
      },
      expect: { first: { resolved: true }, second: { rejected: UNKNOWN_OTHER_ERROR } },
    },
    {
      title: 'close after the connection has ended fails with 2302999 (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/close?code=1000&reason=done`);
        await log.until('close');
        return globalThis.helpers.settle(ws.close());
      },
      expect: { rejected: UNKNOWN_OTHER_ERROR },
    },
    {
      title: 'close while the handshake is still pending calls back (undefined, true) (WS §4)',
      run: async ({ silent }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        void ws.connect(silent);
        const callback = globalThis.helpers.callback();
        ws.close(callback.fn);
        return callback.args;
      },
      expect: [undefined, true],
      unsupported: { mock: 'a mock server cannot accept and stay silent' },
    },
    {
      title: "close(undefined), close(null) and close('bye') fail with 401 (WS §4)",
      run: async ({ server }) => {
        const outcomes: unknown[] = [];
        for (const options of [undefined, null, 'bye']) {
          const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
          outcomes.push(await globalThis.helpers.settle(ws.close(options)));
        }
        return outcomes;
      },
      expect: Array.from({ length: 3 }, () => ({ rejected: PARAMETER_ERROR })),
    },
    {
      title: 'close(undefined, callback) calls back with 401 (WS §4)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        const callback = globalThis.helpers.callback();
        ws.close(undefined, callback.fn);
        return callback.args;
      },
      expect: [PARAMETER_ERROR, undefined],
    },
  ],
};
