import { shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');
const CERT_FILE_MISSING = shape('{"code":2302002,"message":"Websocket certificate file does not exist"}');

/** README, "Differences from the device": direct mode cannot use certificate files; it warns (strict: refuses) and connects without them. */
const DIRECT_IGNORES_FILES =
  'a browser cannot trust a CA file or present a client certificate per connection: direct mode warns and connects without them (README, "Options of direct mode")';

/** connect()'s options as the device parses them (WS §4, §5): only proxy and protocol can fail. */
export const OPTIONS: CaseGroup<WebSocketInputs> = {
  section: 'connect options (WS §4, §5)',
  cases: [
    {
      title: 'a proxy that is neither "system", "no-proxy" nor an object with a port in 0…65535 is a 401, present-but-undefined included (WS §5)',
      run: async ({ server }) => {
        const results: unknown[] = [];
        for (const proxy of [
          'direct',
          'other',
          '',
          42,
          true,
          null,
          undefined,
          { host: '127.0.0.1', port: 70000 },
          { host: 'h', port: -1 },
          { port: 65536 },
        ]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, { proxy })));
        }
        return results;
      },
      expect: Array.from({ length: 10 }, () => ({ rejected: PARAMETER_ERROR })),
    },
    {
      title: 'a protocol that is not a string is a 401, present-but-undefined included (WS §5)',
      run: async ({ server }) => {
        const results: unknown[] = [];
        for (const protocol of [1, undefined, null, true, ['chat'], {}]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, { protocol })));
        }
        return results;
      },
      expect: Array.from({ length: 6 }, () => ({ rejected: PARAMETER_ERROR })),
    },
    {
      title: 'with a callback, a bad proxy or protocol calls back (401, undefined) (WS §2.2, §5)',
      run: async ({ server }) => {
        const results: unknown[] = [];
        for (const options of [
          { proxy: undefined },
          { proxy: 'direct' },
          { proxy: { host: '127.0.0.1', port: 70000 } },
          { proxy: null },
          { protocol: undefined },
          { protocol: 1 },
        ]) {
          const callback = globalThis.helpers.callback();
          globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, options, callback.fn);
          results.push(await callback.args);
        }
        return results;
      },
      expect: Array.from({ length: 6 }, () => [PARAMETER_ERROR, undefined]),
    },
    {
      title:
        'connect(url, undefined) rejects and connect(url, undefined, callback) calls back with 401: an explicit undefined is an argument (WS §4, §9.18)',
      run: async ({ server }) => {
        const callback = globalThis.helpers.callback();
        globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, undefined, callback.fn);
        return {
          promise: await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, undefined)),
          callback: await callback.args,
        };
      },
      expect: { promise: { rejected: PARAMETER_ERROR }, callback: [PARAMETER_ERROR, undefined] },
    },
    {
      title: 'every other option of the wrong type is ignored and the connection opens (WS §5)',
      run: async ({ server }) => {
        const { log } = await globalThis.helpers.openSocket(`${server}/echo`, {
          header: 'x',
          caPath: 1,
          clientCert: 'x',
          skipServerCertVerification: 'yes',
          pingInterval: '10',
          pongTimeout: '5',
          minSupportTlsProtocol: '3',
          supportOriginPort: 'yes',
        });
        return (await log.until('openInfo')).map(([type]) => type);
      },
      expect: ['open', 'openInfo'],
    },
    {
      title: "proxy 'system' and 'no-proxy' are accepted (WS §5)",
      run: async ({ server }) =>
        Promise.all(
          ['system', 'no-proxy'].map((proxy) =>
            globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, { proxy })),
          ),
        ),
      expect: [{ resolved: true }, { resolved: true }],
    },
    {
      title: 'a proxy object with a host name or address (or "" for none) and no port or username is accepted (WS §5)',
      run: async ({ server }) => {
        // The exclusion list holds the server's host: the connections go straight to it.
        const exclusionList = [new URL(server).hostname];
        const results: unknown[] = [];
        for (const proxy of [
          { host: '', port: 80, exclusionList },
          { host: '127.0.0.1', port: 80, exclusionList },
          { host: '::1', port: 8080, exclusionList },
          { host: '[::1]', port: 0, exclusionList },
          { host: '127.0.0.1', exclusionList },
          { host: '127.0.0.1', port: 3128, username: 1, password: {}, exclusionList },
        ]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, { proxy })));
        }
        return results;
      },
      expect: Array.from({ length: 6 }, () => ({ resolved: true })),
    },
    {
      // The device takes any host string and lets lws fail; ohos-netkit answers 401 on every
      // wire (README, "Differences from the device": what the relay refuses as bad input).
      title: "a proxy host that is no host ('a b', '[::1') or an exclusionList past 256 entries of 255 characters is a 401 (proxy-rules.ts)",
      run: async ({ server }) => {
        const results: unknown[] = [];
        for (const proxy of [
          { host: 'a b', port: 80, exclusionList: [] },
          { host: '[::1', port: 80, exclusionList: [] },
          { host: 'h', port: 80, exclusionList: Array.from({ length: 257 }, () => 'x') },
          { host: 'h', port: 80, exclusionList: ['a,b', ...Array.from({ length: 255 }, () => 'x')] },
          { host: 'h', port: 80, exclusionList: ['x'.repeat(256)] },
        ]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, { proxy })));
        }
        return results;
      },
      expect: Array.from({ length: 5 }, () => ({ rejected: PARAMETER_ERROR })),
    },
    {
      title: 'an exclusionList of exactly 256 entries is accepted (proxy-rules.ts)',
      run: async ({ server }) => {
        const exclusionList = [new URL(server).hostname, ...Array.from({ length: 255 }, (_, i) => `h${i}.example`)];
        return globalThis.helpers.settle(
          globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, { proxy: { host: '127.0.0.1', port: 80, exclusionList } }),
        );
      },
      expect: { resolved: true },
    },
    {
      title: 'a caPath, or a client certificate, whose file does not exist is 2302002, for ws:// too; the error is a plain object (WS §2.1, §5)',
      run: async ({ server }) => {
        const results: unknown[] = [];
        for (const options of [{ caPath: 'missing-ca.pem' }, { clientCert: { certPath: 'missing-cert.pem', keyPath: 'missing-key.pem' } }]) {
          try {
            results.push({ resolved: await globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, options) });
          } catch (err) {
            results.push({
              rejected: globalThis.helpers.serialise(err),
              isError: err instanceof Error,
              hasStack: 'stack' in (err as object),
              ownKeys: Reflect.ownKeys(err as object).map(String),
            });
          }
        }
        return results;
      },
      expect: Array.from({ length: 2 }, () => ({ rejected: CERT_FILE_MISSING, isError: false, hasStack: false, ownKeys: ['code', 'message'] })),
      differs: {
        mock: { why: DIRECT_IGNORES_FILES, expect: [{ resolved: true }, { resolved: true }] },
        direct: { why: DIRECT_IGNORES_FILES, expect: [{ resolved: true }, { resolved: true }] },
      },
    },
    {
      title: 'the certificate files are checked before the connection state and the URL: 2302002 comes before 2302003 and 2302001 (WS §4)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        return [
          await globalThis.helpers.settle(ws.connect(`${server}/echo`, { caPath: 'missing-ca.pem' })),
          await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect('http://127.0.0.1/', { caPath: 'missing-ca.pem' })),
          await globalThis.helpers.settle(
            globalThis.kit.webSocket
              .createWebSocket()
              .connect('WS://127.0.0.1/', { clientCert: { certPath: 'missing-cert.pem', keyPath: 'missing-key.pem' } }),
          ),
        ];
      },
      expect: Array.from({ length: 3 }, () => ({ rejected: CERT_FILE_MISSING })),
      differs: {
        mock: {
          why: DIRECT_IGNORES_FILES,
          expect: [
            { rejected: shape('{"code":2302003,"message":"Websocket connection already exist"}') },
            { rejected: shape('{"code":2302001,"message":"Websocket url error"}') },
            { rejected: shape('{"code":2302001,"message":"Websocket url error"}') },
          ],
        },
        direct: {
          why: DIRECT_IGNORES_FILES,
          expect: [
            { rejected: shape('{"code":2302003,"message":"Websocket connection already exist"}') },
            { rejected: shape('{"code":2302001,"message":"Websocket url error"}') },
            { rejected: shape('{"code":2302001,"message":"Websocket url error"}') },
          ],
        },
      },
    },
  ],
};
