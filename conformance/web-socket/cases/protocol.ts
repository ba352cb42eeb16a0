import { shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

const OPEN = shape('{"status":101,"message":"Switching Protocols"}');

/** Direct mode's error.data: README "Differences from the device". */
const DIRECT_ERROR_DATA_WHY = 'error.data in direct mode is always "0": a page cannot see the HTTP status of a failed upgrade';

/**
 * The `protocol` option and what the handshake's answer makes of it (WS §3.2, §3.4, §5).
 * /protocol sends the subprotocols it was offered (a JSON array) as its first message and
 * accepts the first one; ?none accepts none; ?pick=P answers P whatever was offered.
 */
export const PROTOCOL: CaseGroup<WebSocketInputs> = {
  section: 'protocol and the handshake (WS §3.2, §3.4, §5)',
  cases: [
    {
      title: 'a comma-separated protocol is offered as several subprotocols (WS §5)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(`${server}/protocol`, { protocol: 'chat, superchat' });
        return log.until('message');
      },
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, shape('{"status":101,"message":"Switching Protocols","protocol":"chat"}')],
        ['message', undefined, '["chat","superchat"]'],
      ],
    },
    {
      title: 'the negotiated subprotocol is reported in openInfo, and not in open (WS §3.2)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(`${server}/protocol`, { protocol: 'chat, superchat' });
        return log.until('openInfo');
      },
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, shape('{"status":101,"message":"Switching Protocols","protocol":"chat"}')],
      ],
    },
    {
      title: "the server's choice among the offered subprotocols is what openInfo reports (WS §3.2, §5)",
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(`${server}/protocol?pick=superchat`, { protocol: 'chat, superchat' });
        return log.until('openInfo');
      },
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, shape('{"status":101,"message":"Switching Protocols","protocol":"superchat"}')],
      ],
    },
    {
      title: 'with nothing offered and none negotiated, openInfo has no protocol key (WS §3.2)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(`${server}/protocol?none`);
        return log.until('message');
      },
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
        ['message', undefined, '[]'],
      ],
    },
    {
      title: 'an empty protocol offers no subprotocol (WS §5)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(`${server}/protocol`, { protocol: '' });
        return log.until('message');
      },
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
        ['message', undefined, '[]'],
      ],
    },
    {
      title: 'a server that answers no subprotocol when one was offered is accepted, and openInfo has no protocol key (WS §5)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open', 'openInfo', 'message', 'close']);
        // Whichever ends the handshake's story, the first message (the server's) or an error, notes 'settled'.
        ws.on('dataEnd', (...args: unknown[]) => {
          log.note('dataEnd', ...args);
          log.note('settled');
        });
        ws.on('error', (...args: unknown[]) => {
          log.note('error', ...args);
          log.note('settled');
        });
        void ws.connect(`${server}/protocol?none`, { protocol: 'chat' });
        await log.until('settled');
        if (log.entries.some(([type]) => type === 'error')) {
          // Neither open nor close may follow an error: connect again and wait for that connection's open.
          void ws.connect(`${server}/echo`);
          await log.until('open');
        }
        return log.entries.filter(([type]) => type !== 'settled');
      },
      expect: [
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
        ['message', undefined, '["chat"]'],
        ['dataEnd', undefined],
      ],
      differs: {
        direct: {
          why: 'a subprotocol offered but not chosen: a browser fails the handshake (error only) where the device accepts the connection',
          expect: [
            ['error', shape('{"code":200,"data":"0"}')],
            ['open', undefined, OPEN],
            ['openInfo', undefined, OPEN],
          ],
        },
      },
    },
    {
      title: 'a server answering a subprotocol that was not offered fails the handshake: error {code: 200, data: "101"} only (WS §3.4, §5)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(`${server}/protocol?pick=other`, { protocol: 'chat' });
        await log.until('error');
        // Neither open nor close may follow: connect again and wait for that connection's open.
        void ws.connect(`${server}/echo`);
        return log.until('openInfo');
      },
      expect: [
        ['error', shape('{"code":200,"data":"101"}')],
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
      ],
      differs: {
        direct: {
          why: DIRECT_ERROR_DATA_WHY,
          expect: [
            ['error', shape('{"code":200,"data":"0"}')],
            ['open', undefined, OPEN],
            ['openInfo', undefined, OPEN],
          ],
        },
        mock: {
          why: DIRECT_ERROR_DATA_WHY,
          expect: [
            ['error', shape('{"code":200,"data":"0"}')],
            ['open', undefined, OPEN],
            ['openInfo', undefined, OPEN],
          ],
        },
      },
    },
    {
      title: 'a refused upgrade (401, 403, 500): connect resolves true, then only error {code: 200, data: "<status>"}, no open, no close (WS §3.4)',
      run: async ({ server }) => {
        const outcomes: unknown[] = [];
        for (const status of [401, 403, 500]) {
          const ws = globalThis.kit.webSocket.createWebSocket();
          const log = globalThis.helpers.record(ws);
          log.note('connect', await globalThis.helpers.settle(ws.connect(`${server}/refuse?status=${status}`)));
          await log.until('error');
          // Neither open nor close may follow: the next event must be a second connection's open.
          void ws.connect(`${server}/echo`);
          outcomes.push(await log.until('openInfo'));
        }
        return outcomes;
      },
      expect: [401, 403, 500].map((status) => [
        ['connect', shape('{"resolved":true}')],
        ['error', shape(`{"code":200,"data":"${status}"}`)],
        ['open', undefined, OPEN],
        ['openInfo', undefined, OPEN],
      ]),
      differs: {
        direct: {
          why: DIRECT_ERROR_DATA_WHY,
          expect: [401, 403, 500].map(() => [
            ['connect', shape('{"resolved":true}')],
            ['error', shape('{"code":200,"data":"0"}')],
            ['open', undefined, OPEN],
            ['openInfo', undefined, OPEN],
          ]),
        },
        mock: {
          why: DIRECT_ERROR_DATA_WHY,
          expect: [401, 403, 500].map(() => [
            ['connect', shape('{"resolved":true}')],
            ['error', shape('{"code":200,"data":"0"}')],
            ['open', undefined, OPEN],
            ['openInfo', undefined, OPEN],
          ]),
        },
      },
    },
    {
      title: 'a protocol that is not a string fails with 401 (WS §5)',
      run: async ({ server }) =>
        globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/protocol`, { protocol: ['chat'] })),
      expect: { rejected: shape('{"code":401,"message":"Parameter error"}') },
    },
  ],
};
