import { buffer, shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

/** WS §4: 5 MiB − LWS_PRE (16), in UTF-8 bytes or ArrayBuffer bytes. Written out in each `run` (they are self-contained). */
const LIMIT = 5_242_864;
const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');
const SEND_FAILED = shape('{"code":-1,"message":"Websocket Unknown Other Error"}');

/** What the size cases give: the send's outcome and /measure's first answer ("text:5" is the probe's: nothing else went out). */
const sent = (answer: string) => ({ settled: { resolved: true }, answer });
const refused = { settled: { rejected: PARAMETER_ERROR }, answer: 'text:5' };

// The size cases send their data to /measure, then "probe": /measure answers each
// message with "text:<bytes>" or "binary:<bytes>", so its first answer tells whether
// (and how much of) the data went out.

/** send(): what goes over the wire, the size limit and the failure codes (WS §2.2, §4). */
export const SEND: CaseGroup<WebSocketInputs> = {
  section: 'send (WS §2.2, §4)',
  cases: [
    {
      title: 'a text message is echoed back as a string (WS §3.3, §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.send('Hello, server!');
        return (await log.until('message')).find(([type]) => type === 'message');
      },
      expect: ['message', undefined, 'Hello, server!'],
    },
    {
      title: 'an empty string is sent and echoed back as an empty string (WS §3.3, §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.send('');
        return (await log.until('message')).find(([type]) => type === 'message');
      },
      expect: ['message', undefined, ''],
    },
    {
      title: 'an ArrayBuffer is echoed back as an ArrayBuffer with the same bytes (WS §3.3, §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        ws.send(new Uint8Array([0, 1, 2, 127, 128, 254, 255]).buffer);
        return (await log.until('message')).find(([type]) => type === 'message');
      },
      expect: ['message', undefined, buffer([0, 1, 2, 127, 128, 254, 255])],
    },
    {
      title: 'send(data, callback) returns undefined and calls back (undefined, true) (WS §2.2)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        const callback = globalThis.helpers.callback();
        const returned = globalThis.helpers.serialise(ws.send('x', callback.fn));
        return { returned, args: await callback.args };
      },
      expect: { returned: undefined, args: [undefined, true] },
    },
    {
      title: 'a send callback that throws is called once and reported as an uncaught error, never as a rejection (WS §2.2)',
      run: async ({ server }) => {
        const reported: string[] = [];
        const describe = (error: unknown): string => `error: ${error instanceof Error ? error.message : String(error)}`;
        // Where app code sees an uncaught error: the window's error event in a page,
        // process 'uncaughtException' in Node (where the test runner's own listener
        // would take it for a failure of the test: it is set aside meanwhile).
        type NodeProcess = {
          listeners(event: string): Array<(...args: unknown[]) => void>;
          removeAllListeners(event: string): void;
          on(event: string, listener: (...args: unknown[]) => void): void;
          off(event: string, listener: (...args: unknown[]) => void): void;
        };
        const proc = (globalThis as { process?: NodeProcess }).process;
        let restore: () => void;
        if (proc !== undefined) {
          const runners = proc.listeners('uncaughtException');
          const onException = (error: unknown) => reported.push(describe(error));
          const onRejection = () => reported.push('unhandledrejection');
          proc.removeAllListeners('uncaughtException');
          proc.on('uncaughtException', onException);
          proc.on('unhandledRejection', onRejection);
          restore = () => {
            proc.off('uncaughtException', onException);
            proc.off('unhandledRejection', onRejection);
            for (const listener of runners) proc.on('uncaughtException', listener);
          };
        } else {
          const onError = (event: ErrorEvent) => reported.push(describe(event.error ?? event.message));
          const onRejection = () => reported.push('unhandledrejection');
          globalThis.addEventListener('error', onError);
          globalThis.addEventListener('unhandledrejection', onRejection);
          restore = () => {
            globalThis.removeEventListener('error', onError);
            globalThis.removeEventListener('unhandledrejection', onRejection);
          };
        }
        try {
          const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
          let calls = 0;
          ws.send('x', () => {
            calls += 1;
            throw new Error('callback failure');
          });
          // The echo comes a network round trip later, well after the callback's turn.
          await log.until('message');
          return { calls, reported };
        } finally {
          restore();
        }
      },
      expect: { calls: 1, reported: ['error: callback failure'] },
    },
    {
      title: 'send without a callback returns a Promise that resolves to true (WS §2.2)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        return globalThis.helpers.settle(ws.send('x'));
      },
      expect: { resolved: true },
    },
    {
      title: `an ArrayBuffer of ${LIMIT} bytes is sent (WS §4)`,
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
        const settled = await globalThis.helpers.settle(ws.send(new ArrayBuffer(5_242_864)));
        ws.send('probe');
        return { settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] };
      },
      expect: sent(`binary:${LIMIT}`),
    },
    {
      title: `an ArrayBuffer of ${LIMIT + 1} bytes fails with 401 and is not sent (WS §4)`,
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
        const settled = await globalThis.helpers.settle(ws.send(new ArrayBuffer(5_242_864 + 1)));
        ws.send('probe');
        return { settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] };
      },
      expect: refused,
    },
    {
      title: `a string of ${LIMIT} ASCII characters is sent (WS §4)`,
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
        const settled = await globalThis.helpers.settle(ws.send('a'.repeat(5_242_864)));
        ws.send('probe');
        return { settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] };
      },
      expect: sent(`text:${LIMIT}`),
    },
    {
      title: `a string of ${LIMIT + 1} ASCII characters fails with 401 and is not sent (WS §4)`,
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
        const settled = await globalThis.helpers.settle(ws.send('a'.repeat(5_242_864 + 1)));
        ws.send('probe');
        return { settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] };
      },
      expect: refused,
    },
    {
      title: `a string of ${LIMIT / 2} two-byte characters (${LIMIT} UTF-8 bytes) is sent (WS §4)`,
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
        const settled = await globalThis.helpers.settle(ws.send('é'.repeat(5_242_864 / 2)));
        ws.send('probe');
        return { settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] };
      },
      expect: sent(`text:${LIMIT}`),
    },
    {
      title: 'a string under the limit in characters but over it in UTF-8 bytes fails with 401 and is not sent (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
        // 2,621,433 characters, 5,242,866 bytes.
        const settled = await globalThis.helpers.settle(ws.send('é'.repeat(5_242_864 / 2 + 1)));
        ws.send('probe');
        return { settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] };
      },
      expect: refused,
    },
    {
      title: 'surrogate pairs count as four UTF-8 bytes: one byte over the limit fails with 401 and is not sent (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
        // 1,310,716 emoji = 5,242,864 bytes, plus one ASCII byte.
        const settled = await globalThis.helpers.settle(ws.send('😀'.repeat(5_242_864 / 4) + 'a'));
        ws.send('probe');
        return { settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] };
      },
      expect: refused,
    },
    {
      title: `surrogate pairs count as four UTF-8 bytes: exactly ${LIMIT} bytes is sent (WS §4)`,
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
        const settled = await globalThis.helpers.settle(ws.send('😀'.repeat(5_242_864 / 4)));
        ws.send('probe');
        return { settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] };
      },
      expect: sent(`text:${LIMIT}`),
    },
    {
      title: 'only a string or an ArrayBuffer is sent: a Uint8Array, a DataView, a Blob, a number, null each fail with 401 and send nothing (WS §4)',
      run: async ({ server }) => {
        const outcomes: unknown[] = [];
        for (const data of [new Uint8Array([1, 2, 3]), new DataView(new ArrayBuffer(3)), new Blob(['abc']), 42, null]) {
          const { ws, log } = await globalThis.helpers.openSocket(`${server}/measure`);
          const settled = await globalThis.helpers.settle(ws.send(data));
          ws.send('probe');
          outcomes.push({ settled, answer: (await log.until('message')).find(([type]) => type === 'message')?.[2] });
        }
        return outcomes;
      },
      expect: Array.from({ length: 5 }, () => refused),
    },
    {
      title: 'send() with no arguments fails with 401 (WS §4)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        return globalThis.helpers.settle(ws.send());
      },
      expect: { rejected: PARAMETER_ERROR },
    },
    {
      title: 'send with a second argument that is not a function fails with 401 (WS §2.2, §4)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        return globalThis.helpers.settle(ws.send('x', 'not a callback'));
      },
      expect: { rejected: PARAMETER_ERROR },
    },
    {
      title: 'send before connect fails with -1 "Websocket Unknown Other Error" (WS §4)',
      run: async () => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const callback = globalThis.helpers.callback();
        ws.send('too early', callback.fn);
        return callback.args;
      },
      expect: [SEND_FAILED, undefined],
    },
    {
      title: 'send right after close() fails with -1 (WS §4)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        void ws.close();
        return globalThis.helpers.settle(ws.send('too late'));
      },
      expect: { rejected: SEND_FAILED },
    },
    {
      title: 'send after the close event fails with -1 (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        void ws.close();
        await log.until('close');
        return globalThis.helpers.settle(ws.send('too late'));
      },
      expect: { rejected: SEND_FAILED },
    },
    {
      title: "send after the server's close fails with -1 (WS §4)",
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/close?code=4000&reason=bye`);
        await log.until('close');
        return globalThis.helpers.settle(ws.send('too late'));
      },
      expect: { rejected: SEND_FAILED },
    },
    {
      title: 'send between connect() and open resolves true (WS §4)',
      run: async ({ silent }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        await ws.connect(silent);
        return globalThis.helpers.settle(ws.send('early'));
      },
      expect: { resolved: true },
      unsupported: { mock: 'a mock server cannot accept and stay silent' },
    },
    {
      title: 'data sent between connect() and open goes out before data sent after open, in order (WS §4, §10)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'message']);
        // connect() resolves once the connection is under way, before the handshake (WS §2.2).
        await ws.connect(`${server}/echo`);
        const early = await globalThis.helpers.settle(ws.send('early'));
        const eventsBefore = log.entries.slice();
        await log.until('open');
        ws.send('late');
        return { early, eventsBefore, events: await log.until('message', 2) };
      },
      expect: {
        early: { resolved: true },
        eventsBefore: [],
        events: [
          ['open', undefined, shape('{"status":101,"message":"Switching Protocols"}')],
          ['message', undefined, 'early'],
          ['message', undefined, 'late'],
        ],
      },
    },
  ],
};
