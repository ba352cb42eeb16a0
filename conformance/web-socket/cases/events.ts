import { buffer, shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

const OPEN = shape('{"status":101,"message":"Switching Protocols"}');
const EVENT_ERROR = shape('{"code":200,"data":"0"}');
const PARAMETER_THROW = { thrown: { isError: true, name: 'Error', message: 'Parameter error', code: '401', codeType: 'string' } };

/** The calls of on()/off() the device refuses with a synchronous throw (WS §2.3); the case's run lists the same ones. */
const BAD_LISTENER_CALLS = [
  "on('open')",
  "on('open', 'not a function')",
  'on(1, () => {})',
  "on('open', () => {}, 'extra')",
  'on()',
  'off()',
  'off(1)',
  "off('open', 'not a function')",
  "off('open', undefined)",
  "off('open', () => {}, 'extra')",
];

/** What a case's run makes of sec-websocket-accept: a digest of the client's random key, so only its form is known. */
const ACCEPT = '<base64 of 20 bytes>';

/** Direct mode's headerReceive: README "Differences from the device". */
const DIRECT_HEADERS_WHY =
  'headerReceive in direct mode gets only what a successful upgrade proves the server sent (connection, upgrade, and sec-websocket-protocol when one was negotiated): pages cannot read response headers';
const DIRECT_HEADERS = { connection: 'Upgrade', upgrade: 'websocket' };
/** What direct mode's headerReceive makes of /cookies: none of the server's own headers. */
const DIRECT_COOKIES = {
  types: ['headerReceive', 'open'],
  keys: ['connection', 'upgrade'],
  sorted: true,
  allStrings: true,
  'set-cookie': { notAString: undefined },
  'x-twice': { notAString: undefined },
};

/** The listener model, the order of events and messages (WS §3.1, §3.2, §3.3). */
export const EVENTS: CaseGroup<WebSocketInputs> = {
  section: 'events (WS §3.1–§3.3)',
  cases: [
    // ---- WS §3.2: the order of events when a connection succeeds ----
    {
      title: 'open is called with (undefined, {status: 101, message: "Switching Protocols"}) (WS §3.2)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open']);
        void ws.connect(`${server}/echo`);
        return log.until('open');
      },
      expect: [['open', undefined, OPEN]],
    },
    {
      title: 'openInfo follows open with the same status, and no protocol key when none was negotiated (WS §3.2)',
      run: async ({ server }) => (await globalThis.helpers.openSocket(`${server}/echo`)).log.until('openInfo'),
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
      ],
    },
    {
      title: 'headerReceive comes first, with one argument: the real response headers, lower-case names, one string each (WS §3.2)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['headerReceive', 'open', 'openInfo']);
        void ws.connect(`${server}/echo`);
        const entries = await log.until('openInfo');
        // sec-websocket-accept depends on the client's random key: only its form is checked.
        return entries.map((entry) => {
          if (entry[0] !== 'headerReceive' || entry.length !== 2) return entry;
          const { json, keys } = entry[1] as { json: string; keys: string[] };
          const headers = JSON.parse(json) as Record<string, unknown>;
          const accept = headers['sec-websocket-accept'];
          if (typeof accept === 'string' && /^[A-Za-z0-9+/]{27}=$/.test(accept)) headers['sec-websocket-accept'] = '<base64 of 20 bytes>';
          return ['headerReceive', { headers, keys }];
        });
      },
      expect: [
        [
          'headerReceive',
          {
            headers: { connection: 'Upgrade', 'sec-websocket-accept': ACCEPT, upgrade: 'websocket' },
            keys: ['connection', 'sec-websocket-accept', 'upgrade'],
          },
        ],
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
      ],
      differs: {
        direct: {
          why: DIRECT_HEADERS_WHY,
          expect: [
            ['headerReceive', { headers: DIRECT_HEADERS, keys: ['connection', 'upgrade'] }],
            ['open', undefined, OPEN],
            ['openInfo', undefined, OPEN],
          ],
        },
        mock: {
          why: DIRECT_HEADERS_WHY,
          expect: [
            ['headerReceive', { headers: DIRECT_HEADERS, keys: ['connection', 'upgrade'] }],
            ['open', undefined, OPEN],
            ['openInfo', undefined, OPEN],
          ],
        },
      },
    },
    {
      title: "headerReceive has the server's own headers too, the names in sorted (std::map) order (WS §3.2)",
      run: async ({ server }) => {
        // /cookies: the 101 carries Set-Cookie: a=1, Set-Cookie: b=2, X-Twice: one, X-Twice: two.
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['headerReceive', 'open']);
        void ws.connect(`${server}/cookies`);
        const entries = await log.until('open');
        const { json, keys } = entries[0]?.[1] as { json: string; keys: string[] };
        const headers = JSON.parse(json) as Record<string, unknown>;
        // How a repeated header is combined is an open point (WS §10); the first value comes first either way.
        const first = (value: unknown) => (typeof value === 'string' ? value.split(', ')[0] : { notAString: globalThis.helpers.serialise(value) });
        return {
          types: entries.map(([type]) => type),
          keys,
          sorted: keys.every((key, index) => index === 0 || (keys[index - 1] ?? '') < key),
          allStrings: Object.values(headers).every((value) => typeof value === 'string'),
          'set-cookie': first(headers['set-cookie']),
          'x-twice': first(headers['x-twice']),
        };
      },
      expect: {
        types: ['headerReceive', 'open'],
        keys: ['connection', 'sec-websocket-accept', 'set-cookie', 'upgrade', 'x-twice'],
        sorted: true,
        allStrings: true,
        'set-cookie': 'a=1',
        'x-twice': 'one',
      },
      differs: {
        direct: { why: DIRECT_HEADERS_WHY, expect: DIRECT_COOKIES },
        mock: { why: DIRECT_HEADERS_WHY, expect: DIRECT_COOKIES },
      },
    },
    {
      title: 'headerReceive with a negotiated subprotocol: sec-websocket-protocol among the headers, in sorted order (WS §3.2)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['headerReceive', 'open']);
        void ws.connect(`${server}/protocol`, { protocol: 'chat' });
        const entries = await log.until('open');
        const { json, keys } = entries[0]?.[1] as { json: string; keys: string[] };
        const headers = JSON.parse(json) as Record<string, unknown>;
        const accept = headers['sec-websocket-accept'];
        if (typeof accept === 'string' && /^[A-Za-z0-9+/]{27}=$/.test(accept)) headers['sec-websocket-accept'] = '<base64 of 20 bytes>';
        return { types: entries.map(([type]) => type), headers, keys };
      },
      expect: {
        types: ['headerReceive', 'open'],
        headers: { connection: 'Upgrade', 'sec-websocket-accept': ACCEPT, 'sec-websocket-protocol': 'chat', upgrade: 'websocket' },
        keys: ['connection', 'sec-websocket-accept', 'sec-websocket-protocol', 'upgrade'],
      },
      differs: {
        direct: {
          why: DIRECT_HEADERS_WHY,
          expect: {
            types: ['headerReceive', 'open'],
            headers: { connection: 'Upgrade', 'sec-websocket-protocol': 'chat', upgrade: 'websocket' },
            keys: ['connection', 'sec-websocket-protocol', 'upgrade'],
          },
        },
        mock: {
          why: DIRECT_HEADERS_WHY,
          expect: {
            types: ['headerReceive', 'open'],
            headers: { connection: 'Upgrade', 'sec-websocket-protocol': 'chat', upgrade: 'websocket' },
            keys: ['connection', 'sec-websocket-protocol', 'upgrade'],
          },
        },
      },
    },
    {
      title: 'a message the server sends on open arrives after open and openInfo (WS §3.2)',
      run: async ({ server }) => (await globalThis.helpers.openSocket(`${server}/greet?text=${encodeURIComponent('héllo')}`)).log.until('dataEnd'),
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
        ['message', undefined, 'héllo'],
        ['dataEnd', undefined],
      ],
    },

    // ---- WS §3.3: messages ----
    {
      title: 'every message is followed at once by dataEnd, with a single undefined argument (WS §3.3)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`, undefined, ['open', 'message', 'dataEnd']);
        void ws.send('one');
        void ws.send(new Uint8Array([7]).buffer);
        void ws.send('three');
        return log.until('dataEnd', 3);
      },
      expect: [
        ['open', undefined, OPEN],
        ['message', undefined, 'one'],
        ['dataEnd', undefined],
        ['message', undefined, buffer([7])],
        ['dataEnd', undefined],
        ['message', undefined, 'three'],
        ['dataEnd', undefined],
      ],
    },
    {
      title: 'an empty text message arrives as "" (WS §3.3)',
      run: async ({ server }) => (await globalThis.helpers.openSocket(`${server}/greet?text=`)).log.until('dataEnd'),
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
        ['message', undefined, ''],
        ['dataEnd', undefined],
      ],
    },
    {
      title: 'a binary message arrives as an ArrayBuffer with its bytes (WS §3.3)',
      run: async ({ server }) => (await globalThis.helpers.openSocket(`${server}/binary?size=5`)).log.until('dataEnd'),
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
        ['message', undefined, buffer([0, 1, 2, 3, 4])],
        ['dataEnd', undefined],
      ],
    },
    {
      title: 'an empty binary message arrives as undefined (WS §3.3: the value is set only for a non-null buffer)',
      run: async ({ server }) => (await globalThis.helpers.openSocket(`${server}/binary?size=0`)).log.until('dataEnd'),
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
        ['message', undefined, undefined],
        ['dataEnd', undefined],
      ],
    },
    {
      title: 'a text message with invalid UTF-8 arrives with each bad sequence as U+FFFD (WS §3.3)',
      run: async ({ server }) => {
        // /bad-utf8 sends the text frame ff fe 41. The echo of "end" shows that nothing else
        // came; a close instead ends the story too, so that a wire that fails shows how.
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'error']);
        ws.on('message', (...args: unknown[]) => {
          log.note('message', ...args);
          if (args[1] === 'end') log.note('settled');
          else void ws.send('end');
        });
        ws.on('close', (...args: unknown[]) => {
          log.note('close', ...args);
          log.note('settled');
        });
        void ws.connect(`${server}/bad-utf8`);
        await log.until('settled');
        return log.entries.filter(([type]) => type !== 'settled');
      },
      expect: [
        ['open', undefined, OPEN],
        ['message', undefined, '\uFFFD\uFFFDA'],
        ['message', undefined, 'end'],
      ],
      unsupported: { mock: 'mock-socket carries JavaScript strings, not bytes: it cannot send invalid UTF-8' },
      differs: {
        direct: {
          why: 'a browser fails the connection on invalid UTF-8 in a text frame (README: invalid UTF-8 in direct mode)',
          expect: [
            ['open', undefined, OPEN],
            ['error', shape('{"code":200,"data":"0"}')],
            ['close', undefined, shape('{"code":0,"reason":"The link is down"}')],
          ],
        },
      },
    },
    {
      title: 'a binary message the server sends in fragments, a ping between them, arrives as one ArrayBuffer in its place (WS §3.3)',
      run: async ({ server }) => {
        // /fragments: "before", bytes 0…19 in two fragments with a ping between them, "after".
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/fragments`, undefined, ['open', 'message', 'error', 'close']);
        await log.until('message', 3);
        void ws.send('end');
        return log.until('message', 4);
      },
      expect: [
        ['open', undefined, OPEN],
        ['message', undefined, 'before'],
        ['message', undefined, buffer(Array.from({ length: 20 }, (_, i) => i))],
        ['message', undefined, 'after'],
        ['message', undefined, 'end'],
      ],
      unsupported: { mock: 'mock-socket cannot send a message in fragments' },
    },
    {
      title: '1 MiB of binary from the server arrives as one ArrayBuffer of exactly those bytes (WS §3.3: one message per whole message)',
      run: async ({ server }) => {
        const size = 1024 * 1024;
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'error', 'close']);
        // Its own message listener (one listener per type, WS §3.1): the bytes are checked here, not serialised.
        ws.on('message', (_err: unknown, data: unknown) => {
          if (data instanceof ArrayBuffer) {
            const bytes = new Uint8Array(data);
            log.note('message', { byteLength: data.byteLength, inOrder: bytes.every((byte, index) => byte === index % 256) });
          } else log.note('message', data);
        });
        void ws.connect(`${server}/binary?size=${size}`);
        await log.until('message');
        void ws.send('end');
        return log.until('message', 2);
      },
      expect: [
        ['open', undefined, OPEN],
        ['message', shape('{"byteLength":1048576,"inOrder":true}')],
        ['message', 'end'],
      ],
    },
    {
      title: '100 messages, text and binary mixed, come back in the order they were sent (WS §3.2)',
      run: async ({ server }) => {
        const count = 100;
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`, undefined, ['open', 'message', 'error', 'close']);
        for (let index = 0; index < count; index += 1) void ws.send(index % 2 === 0 ? `m${index}` : new Uint8Array([index]).buffer);
        return (await log.until('message', count)).slice(1);
      },
      expect: Array.from({ length: 100 }, (_, index) => ['message', undefined, index % 2 === 0 ? `m${index}` : buffer([index])]),
    },
    {
      title: 'without a message listener there is no dataEnd either (WS §3.3)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/close-after-echo?code=1000&reason=done`, undefined, [
          'open',
          'dataEnd',
          'close',
        ]);
        // The echo comes before the server's close frame: had dataEnd fired, it would be logged before close.
        void ws.send('x');
        return (await log.until('close')).map(([type]) => type);
      },
      expect: ['open', 'close'],
    },

    // ---- WS §3.1: the listener model ----
    {
      title: 'on() replaces the previous listener of the same type (WS §3.1)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'close']);
        ws.on('message', (_err: unknown, value: unknown) => log.note('first', value));
        ws.on('message', (_err: unknown, value: unknown) => log.note('second', value));
        void ws.connect(`${server}/close-after-echo?code=1000&reason=done`);
        await log.until('open');
        void ws.send('x');
        return (await log.until('close')).map(([type, ...args]) => (type === 'second' ? [type, ...args] : type));
      },
      expect: ['open', ['second', 'x'], 'close'],
    },
    {
      title: 'off(type, fn) with a function that is not the registered one keeps the listener (WS §3.1)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'close']);
        ws.on('message', (_err: unknown, value: unknown) => log.note('listener', value));
        ws.off('message', () => {});
        void ws.connect(`${server}/close-after-echo?code=1000&reason=done`);
        await log.until('open');
        void ws.send('x');
        return (await log.until('close')).map(([type, ...args]) => (type === 'listener' ? [type, ...args] : type));
      },
      expect: ['open', ['listener', 'x'], 'close'],
    },
    {
      title: 'off(type, fn) with the registered function removes it (WS §3.1)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'close']);
        const listener = (_err: unknown, value: unknown) => log.note('listener', value);
        ws.on('message', listener);
        ws.off('message', listener);
        void ws.connect(`${server}/close-after-echo?code=1000&reason=done`);
        await log.until('open');
        void ws.send('x');
        return (await log.until('close')).map(([type]) => type);
      },
      expect: ['open', 'close'],
    },
    {
      title: 'off(type) removes the listener of that type (WS §3.1)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'close']);
        ws.on('message', (_err: unknown, value: unknown) => log.note('listener', value));
        ws.off('message');
        void ws.connect(`${server}/close-after-echo?code=1000&reason=done`);
        await log.until('open');
        void ws.send('x');
        return (await log.until('close')).map(([type]) => type);
      },
      expect: ['open', 'close'],
    },
    {
      title: 'off(type) removes only that type (WS §3.1)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'message', 'close']);
        ws.off('open');
        void ws.connect(`${server}/close?code=1000&reason=done`);
        return log.until('close');
      },
      expect: [['close', undefined, shape('{"code":1000,"reason":"done"}')]],
    },
    {
      title: 'on() and off() with an unknown event name are ignored and return undefined (WS §2.3)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const on = globalThis.helpers.attempt(() => ws.on('opened', () => {}));
        const off = globalThis.helpers.attempt(() => ws.off('opened'));
        const log = globalThis.helpers.record(ws, ['open']);
        void ws.connect(`${server}/echo`);
        return { on, off, entries: await log.until('open') };
      },
      expect: { on: { returned: undefined }, off: { returned: undefined }, entries: [['open', undefined, OPEN]] },
    },
    {
      title: 'on() and off() with good arguments return undefined (WS §2.3)',
      run: async () => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const listener = () => {};
        const { attempt } = globalThis.helpers;
        return [attempt(() => ws.on('open', listener)), attempt(() => ws.off('open', listener)), attempt(() => ws.off('open'))];
      },
      expect: [{ returned: undefined }, { returned: undefined }, { returned: undefined }],
    },
    {
      title: 'on()/off() with wrong arguments throw synchronously: Error "Parameter error" with the string code "401" (WS §2.3)',
      run: async () => {
        const calls: ReadonlyArray<readonly [string, (ws: ReturnType<typeof globalThis.kit.webSocket.createWebSocket>) => unknown]> = [
          ["on('open')", (ws) => ws.on('open')],
          ["on('open', 'not a function')", (ws) => ws.on('open', 'not a function')],
          ['on(1, () => {})', (ws) => ws.on(1, () => {})],
          ["on('open', () => {}, 'extra')", (ws) => ws.on('open', () => {}, 'extra')],
          ['on()', (ws) => ws.on()],
          ['off()', (ws) => ws.off()],
          ['off(1)', (ws) => ws.off(1)],
          ["off('open', 'not a function')", (ws) => ws.off('open', 'not a function')],
          ["off('open', undefined)", (ws) => ws.off('open', undefined)],
          ["off('open', () => {}, 'extra')", (ws) => ws.off('open', () => {}, 'extra')],
        ];
        return Object.fromEntries(
          calls.map(([label, call]) => [label, globalThis.helpers.attempt(() => call(globalThis.kit.webSocket.createWebSocket()))]),
        );
      },
      expect: Object.fromEntries(BAD_LISTENER_CALLS.map((call) => [call, PARAMETER_THROW])),
    },
    {
      title: 'a listener that throws does not stop the events after it, and its error is reported as uncaught (WS §3.1)',
      run: async ({ server }) => {
        // Where the case runs, an uncaught error goes to the window's 'error' event (a page)
        // or to process 'uncaughtException' (Node, whose test runner would count it as a failure).
        const reported: unknown[] = [];
        let restore: () => void;
        if (typeof process === 'undefined') {
          const onError = (event: ErrorEvent) => {
            reported.push(event.error instanceof Error ? event.error.message : event.message);
            event.preventDefault();
          };
          globalThis.addEventListener('error', onError);
          restore = () => globalThis.removeEventListener('error', onError);
        } else {
          const saved = process.listeners('uncaughtException');
          process.removeAllListeners('uncaughtException');
          const onException = (error: Error) => reported.push(error.message);
          process.on('uncaughtException', onException);
          restore = () => {
            process.off('uncaughtException', onException);
            for (const listener of saved) process.on('uncaughtException', listener);
          };
        }
        try {
          const ws = globalThis.kit.webSocket.createWebSocket();
          const log = globalThis.helpers.record(ws, ['open', 'dataEnd', 'close']);
          ws.on('message', () => {
            log.note('thrower');
            throw new Error('listener failure');
          });
          void ws.connect(`${server}/close-after-echo?code=1000&reason=done`);
          await log.until('open');
          void ws.send('x');
          const types = (await log.until('close')).map(([type]) => type);
          return { types, reported: reported.slice() };
        } finally {
          restore();
        }
      },
      expect: { types: ['open', 'thrower', 'dataEnd', 'close'], reported: ['listener failure'] },
    },
    {
      title: 'listeners survive a close and serve the next connection on the same object (WS §3.1)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'message', 'close']);
        void ws.connect(`${server}/close?code=1000&reason=done`);
        await log.until('close');
        void ws.connect(`${server}/close?code=1000&reason=done`);
        return (await log.until('close', 2)).map(([type]) => type);
      },
      expect: ['open', 'close', 'open', 'close'],
    },
    {
      title: 'listeners survive an error and serve the next connection on the same object (WS §3.1)',
      run: async ({ refused, server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'message', 'error']);
        void ws.connect(refused);
        await log.until('error');
        void ws.connect(`${server}/greet?text=again`);
        return log.until('message');
      },
      expect: [
        ['error', EVENT_ERROR],
        ['open', undefined, OPEN],
        ['message', undefined, 'again'],
      ],
    },
  ],
};
