// Positive type tests: the declarations give app code the types the device's values have.
// `expectType<T>()(value)` fails to compile unless `value`'s type is exactly T.

import networkKit, { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';
import type { AsyncCallback, BusinessErrorConstructor, Callback, ErrorCallback } from '@kit.BasicServicesKit';
import webSocketDefault from '@ohos.net.webSocket';
import { configure, getConfig } from 'ohos-netkit/config';
import type { NetkitConfig } from 'ohos-netkit/config';

type Exactly<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<Expected>() {
  return <Actual>(value: Actual & (Exactly<Actual, Expected> extends true ? unknown : never)): void => {
    void value;
  };
}

// The three import names reach the same namespace.
expectType<typeof webSocket>()(networkKit.webSocket);
expectType<typeof webSocket>()(webSocketDefault);
const viaDefault: webSocketDefault.WebSocket = webSocket.createWebSocket();
const viaNamed: webSocket.WebSocketServer = webSocketDefault.createWebSocketServer();

// TlsProtocol is a real enum with the device's numbers.
expectType<webSocket.TlsProtocol.TLS_V_1_2>()(webSocket.TlsProtocol.TLS_V_1_2);
const tls13: 3 = webSocket.TlsProtocol.TLS_V_1_3;
const options: webSocket.WebSocketRequestOptions = {
  header: { 'x-app': 'demo' },
  caPath: '/data/storage/el2/base/ca.pem',
  skipServerCertVerification: false,
  clientCert: { certPath: 'c.pem', keyPath: 'k.pem', keyPassword: '' },
  proxy: 'no-proxy',
  protocol: 'chat, superchat',
  pingInterval: 0,
  pongTimeout: 30,
  minSupportTlsProtocol: webSocket.TlsProtocol.TLS_V_1_2,
  supportOriginPort: true,
};
const proxied: webSocket.WebSocketRequestOptions = {
  proxy: { host: '127.0.0.1', port: 3128, username: 'u', password: 'p', exclusionList: ['localhost'] },
};
const systemProxy: webSocket.ProxyConfiguration = 'system';

// Client methods: callback forms return void, promise forms return Promise<boolean>.
const ws = webSocket.createWebSocket();
expectType<Promise<boolean>>()(ws.connect('ws://127.0.0.1:9/'));
expectType<Promise<boolean>>()(ws.connect('ws://127.0.0.1:9/', options));
expectType<void>()(ws.connect('ws://127.0.0.1:9/', options, (err, ok) => expectType<boolean>()(ok)));
expectType<void>()(ws.connect('ws://127.0.0.1:9/', (err, ok) => expectType<BusinessError<void>>()(err)));
expectType<Promise<boolean>>()(ws.send(new ArrayBuffer(8)));
expectType<void>()(ws.send('text', () => undefined));
expectType<Promise<boolean>>()(ws.close());
expectType<Promise<boolean>>()(ws.close({ code: 1000 }));
expectType<Promise<boolean>>()(ws.close({ reason: 'bye' }));
expectType<void>()(ws.close({ code: 4000, reason: 'app' }, () => undefined));
expectType<void>()(ws.close(() => undefined));

// Listeners get the payload type of their event.
ws.on('open', (err, value) => expectType<Object>()(value));
ws.on('message', (err, data) => expectType<string | ArrayBuffer>()(data));
ws.on('openInfo', (err, info) => {
  expectType<number>()(info.status);
  expectType<string>()(info.message);
  expectType<string | undefined>()(info.protocol);
});
ws.on('close', (err, result) => expectType<webSocket.CloseResult>()(result));
ws.on('error', (err) => {
  expectType<BusinessError>()(err);
  expectType<number>()(err.code);
});
ws.on('dataEnd', () => undefined);
ws.on('headerReceive', (headers) => expectType<string | string[] | undefined>()(headers['upgrade']));
ws.off('open');
ws.off('message');
ws.off('openInfo');
ws.off('close');
ws.off('error');
ws.off('dataEnd');
ws.off('headerReceive', (headers: webSocket.ResponseHeaders) => undefined);

// Server: every method is promise-based, listAllConnections included (the device's truth).
const server = webSocket.createWebSocketServer();
const config: webSocket.WebSocketServerConfig = {
  serverIP: '127.0.0.1',
  serverPort: 0,
  serverCert: { certPath: 'server.pem', keyPath: 'server.key' },
  protocol: 'lws_server',
  maxConcurrentClientsNumber: 10,
  maxConnectionsForOneClient: 10,
};
expectType<Promise<boolean>>()(server.start(config));
expectType<Promise<boolean>>()(server.stop());
expectType<Promise<webSocket.WebSocketConnection[]>>()(server.listAllConnections());
const everyone: webSocket.WebSocketConnection[] = await server.listAllConnections();
const first: webSocket.WebSocketConnection = { clientIP: '127.0.0.1', clientPort: 50000 };
expectType<Promise<boolean>>()(server.send('hi', first));
expectType<Promise<boolean>>()(server.send(new ArrayBuffer(1), first));
expectType<Promise<boolean>>()(server.close(first));
expectType<Promise<boolean>>()(server.close(first, { code: 1000, reason: 'done' }));
server.on('connect', (connection) => expectType<webSocket.WebSocketConnection>()(connection));
server.on('messageReceive', (message) => {
  expectType<string | ArrayBuffer>()(message.data);
  expectType<webSocket.WebSocketConnection>()(message.clientConnection);
});
server.on('close', (connection, closeReason) => {
  expectType<webSocket.WebSocketConnection>()(connection);
  expectType<webSocket.CloseResult>()(closeReason);
});
const onServerClose: webSocket.ClientConnectionCloseCallback = () => undefined;
server.on('close', onServerClose);
server.on('error', (err) => expectType<BusinessError>()(err));
server.off('connect');
server.off('messageReceive');
server.off('close', onServerClose);
server.off('error');

// BusinessError is a constructible value and an interface.
expectType<BusinessErrorConstructor>()(BusinessError);
const plain = new BusinessError(2302999, 'Websocket Unknown Other Error');
expectType<BusinessError<void>>()(plain);
const withData = new BusinessError(200, undefined, '0');
expectType<BusinessError<string>>()(withData);
const asError: Error = plain;
const caught: unknown = plain;
if (caught instanceof BusinessError) expectType<number>()(caught.code);

// The callback aliases have the SDK's shapes.
expectType<(err: BusinessError<void>, data: number) => void>()(((err, data) => undefined) as AsyncCallback<number>);
expectType<(data: string) => void>()(((data) => undefined) as Callback<string>);
expectType<(err: BusinessError<void>) => void>()(((err) => undefined) as ErrorCallback);
expectType<(err: RangeError) => void>()(((err) => undefined) as ErrorCallback<RangeError>);

// Configuration.
configure({ relay: { url: 'ws://127.0.0.1:9/', token: 't' }, useRelay: 'auto' });
configure({ useRelay: 'always', strict: true });
configure({});
expectType<NetkitConfig>()(getConfig());

void [viaDefault, viaNamed, tls13, proxied, systemProxy, everyone, withData, asError];
