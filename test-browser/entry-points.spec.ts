/**
 * The published entry points (dist/browser/*.js and the classic script) and the
 * bare specifiers an ArkTS app imports, resolved through the harness's import map.
 */
import { expect, test } from './fixtures.js';

const TLS_PROTOCOL = { TLS_V_1_0: 0, TLS_V_1_1: 1, TLS_V_1_2: 2, TLS_V_1_3: 3 };

test('index.js exports http and webSocket; webSocket with createWebSocket, createWebSocketServer and TlsProtocol', async ({ kit }) => {
  const shape = await kit.evaluate(async () => {
    const module = (await import('/browser/index.js' as string)) as Record<string, unknown>;
    const webSocket = module.webSocket as Record<string, unknown>;
    return {
      exports: Object.keys(module).sort(),
      createWebSocket: typeof webSocket.createWebSocket,
      createWebSocketServer: typeof webSocket.createWebSocketServer,
      TlsProtocol: webSocket.TlsProtocol,
    };
  });
  expect(shape).toEqual({
    exports: ['default', 'http', 'webSocket'],
    createWebSocket: 'function',
    createWebSocketServer: 'function',
    TlsProtocol: TLS_PROTOCOL,
  });
});

test("index.js's default export is { http, webSocket } with the same namespace objects", async ({ kit }) => {
  const result = await kit.evaluate(async () => {
    const module = (await import('/browser/index.js' as string)) as { default: Record<string, unknown>; webSocket: unknown; http: unknown };
    return { keys: Object.keys(module.default), same: module.default.webSocket === module.webSocket && module.default.http === module.http };
  });
  expect(result).toEqual({ keys: ['http', 'webSocket'], same: true });
});

test("ohos.net.http.js's default export is the same http namespace, with createHttp, createHttpResponseCache and the enums", async ({ kit }) => {
  const result = await kit.evaluate(async () => {
    const legacy = (await import('/browser/ohos.net.http.js' as string)) as { default: Record<string, unknown> };
    const kitModule = (await import('/browser/index.js' as string)) as { http: unknown };
    const request = (legacy.default.createHttp as () => Record<string, unknown>)();
    return {
      exports: Object.keys(legacy),
      same: legacy.default === kitModule.http,
      frozen: Object.isFrozen(legacy.default),
      methods: ['request', 'requestInStream', 'on', 'off', 'once', 'destroy'].map((name) => typeof request[name]),
      createHttpResponseCache: typeof legacy.default.createHttpResponseCache,
      get: (legacy.default.RequestMethod as Record<string, unknown>).GET,
      arrayBuffer: (legacy.default.HttpDataType as Record<string, unknown>).ARRAY_BUFFER,
    };
  });
  expect(result).toEqual({
    exports: ['default'],
    same: true,
    frozen: true,
    methods: Array.from({ length: 6 }, () => 'function'),
    createHttpResponseCache: 'function',
    get: 'GET',
    arrayBuffer: 2,
  });
});

test('createWebSocket() returns an object with connect, send, close, on and off', async ({ kit }) => {
  const methods = await kit.evaluate(() => {
    const ws = window.kit.webSocket.createWebSocket() as unknown as Record<string, unknown>;
    return ['connect', 'send', 'close', 'on', 'off'].map((name) => typeof ws[name]);
  });
  expect(methods).toEqual(['function', 'function', 'function', 'function', 'function']);
});

test('each createWebSocket() call returns a new object', async ({ kit }) => {
  expect(await kit.evaluate(() => window.kit.webSocket.createWebSocket() !== window.kit.webSocket.createWebSocket())).toBe(true);
});

test('basic-services-kit.js exports a BusinessError class', async ({ kit }) => {
  const result = await kit.evaluate(async () => {
    const module = (await import('/browser/basic-services-kit.js' as string)) as Record<string, unknown>;
    return { exports: Object.keys(module), type: typeof module.BusinessError };
  });
  expect(result).toEqual({ exports: ['BusinessError'], type: 'function' });
});

test("ohos.net.webSocket.js's default export is the same webSocket namespace", async ({ kit }) => {
  const result = await kit.evaluate(async () => {
    const legacy = (await import('/browser/ohos.net.webSocket.js' as string)) as Record<string, unknown>;
    const kitModule = (await import('/browser/index.js' as string)) as { webSocket: unknown };
    return { exports: Object.keys(legacy), same: legacy.default === kitModule.webSocket };
  });
  expect(result).toEqual({ exports: ['default'], same: true });
});

test('config.js exports configure, getConfig and serverAddress; the config is kept on globalThis.__OHOS_NETKIT_CONFIG__', async ({ kit }) => {
  const result = await kit.evaluate(async () => {
    const module = (await import('/browser/config.js' as string)) as {
      configure(config: Record<string, unknown>): void;
      getConfig(): Record<string, unknown>;
    };
    module.configure({ strict: true });
    return {
      exports: Object.keys(module).sort(),
      config: module.getConfig(),
      global: (globalThis as Record<string, unknown>).__OHOS_NETKIT_CONFIG__,
    };
  });
  expect(result).toEqual({ exports: ['configure', 'getConfig', 'serverAddress'], config: { strict: true }, global: { strict: true } });
});

test('the import map resolves @kit.NetworkKit, @kit.BasicServicesKit, @ohos.net.webSocket and @ohos.net.http to the built files', async ({ kit }) => {
  const same = await kit.evaluate(async () => {
    const load = (specifier: string) => import(specifier) as Promise<Record<string, unknown>>;
    const [networkKit, basicServices, legacy, legacyHttp] = await Promise.all([
      load('@kit.NetworkKit'),
      load('@kit.BasicServicesKit'),
      load('@ohos.net.webSocket'),
      load('@ohos.net.http'),
    ]);
    return {
      networkKit: networkKit.webSocket === window.importedKit.webSocket && networkKit.http === window.importedKit.http,
      basicServices: basicServices.BusinessError === window.kit.BusinessError,
      legacy: legacy.default === window.importedKit.webSocket,
      legacyHttp: legacyHttp.default === window.importedKit.http,
    };
  });
  expect(same).toEqual({ networkKit: true, basicServices: true, legacy: true, legacyHttp: true });
});

test('the classic script sets globalThis.ohosNetkit = { http, webSocket, BusinessError, configure }', async ({ openFrame }) => {
  const frame = await openFrame('global.html');
  const result = await frame.evaluate(() => {
    const global = window.ohosNetkit as unknown as Record<string, unknown>;
    const webSocket = global.webSocket as Record<string, unknown>;
    return {
      keys: Object.keys(global).sort(),
      createWebSocket: typeof webSocket.createWebSocket,
      TlsProtocol: webSocket.TlsProtocol,
      BusinessError: typeof global.BusinessError,
      configure: typeof global.configure,
      createHttp: typeof (global.http as Record<string, unknown>).createHttp,
    };
  });
  expect(result).toEqual({
    keys: ['BusinessError', 'configure', 'http', 'webSocket'],
    createWebSocket: 'function',
    TlsProtocol: TLS_PROTOCOL,
    BusinessError: 'function',
    configure: 'function',
    createHttp: 'function',
  });
});

test("the classic script's webSocket connects and echoes", async ({ openFrame, servers }) => {
  const frame = await openFrame('global.html');
  const entries = await frame.evaluate(async (url) => {
    const global = window.ohosNetkit;
    if (global === undefined) throw new Error('no ohosNetkit global');
    const ws = global.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open', 'message']);
    ws.connect(url);
    await log.until('open');
    ws.send('from the classic script');
    return log.until('message');
  }, `${servers.upstream}/echo`);
  expect(entries.at(-1)).toEqual(['message', undefined, 'from the classic script']);
});
