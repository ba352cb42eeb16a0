// Negative type tests: each line under `// @ts-expect-error` must fail to compile. If a
// declaration loosens so that the line compiles, tsc reports the directive as unused.

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';
import webSocketDefault from '@ohos.net.webSocket';
import { configure } from 'ohos-netkit/config';

const ws = webSocket.createWebSocket();
const server = webSocket.createWebSocketServer();
const client: webSocket.WebSocketConnection = { clientIP: '127.0.0.1', clientPort: 50000 };

// A listener whose parameters do not match its event's payload.
// @ts-expect-error 'message' listeners get (err, data), not a number
ws.on('message', (v: number) => {});
// @ts-expect-error 'close' delivers a CloseResult, not a WebSocketOpenInfo
ws.on('close', (err: BusinessError, info: webSocket.WebSocketOpenInfo) => {});
// @ts-expect-error 'headerReceive' is a plain Callback: its first argument is the headers, not an error
ws.on('headerReceive', (err: BusinessError, headers: webSocket.ResponseHeaders) => {});
// @ts-expect-error 'openInfo' delivers WebSocketOpenInfo, whose status is a number
ws.on('openInfo', (err: BusinessError, info: { status: string }) => {});
// @ts-expect-error server 'messageReceive' gets a WebSocketMessage, not a string
server.on('messageReceive', (message: string) => {});
// @ts-expect-error server 'close' gets (connection, result), not (err, result)
server.on('close', (err: BusinessError, result: webSocket.CloseResult) => {});
// @ts-expect-error server 'connect' gets the connection alone, not (err, connection)
server.on('connect', (err: BusinessError, connection: webSocket.WebSocketConnection) => {});
// @ts-expect-error off() checks the listener against its event too: 'message' is not 'headerReceive'
ws.off('message', (headers: webSocket.ResponseHeaders) => {});

// Unknown event names: the device ignores them at run time, the types reject them.
// @ts-expect-error no 'foo' event
ws.on('foo', () => {});
// @ts-expect-error no 'foo' event
ws.off('foo');
// @ts-expect-error the client has no 'messageReceive' event (that is the server's)
ws.on('messageReceive', () => {});
// @ts-expect-error the server has no 'open' event (that is the client's)
server.on('open', () => {});
// @ts-expect-error on() needs a listener
ws.on('open');

// Wrong arguments to methods.
// @ts-expect-error connect needs a URL
ws.connect();
// @ts-expect-error the URL is a string
ws.connect(new URL('ws://127.0.0.1:9/'));
// @ts-expect-error proxy is 'system', 'no-proxy' or an HttpProxy
ws.connect('ws://127.0.0.1:9/', { proxy: 'direct' });
// @ts-expect-error an HttpProxy needs its exclusionList
ws.connect('ws://127.0.0.1:9/', { proxy: { host: '127.0.0.1', port: 3128 } });
// @ts-expect-error minSupportTlsProtocol takes a TlsProtocol
ws.connect('ws://127.0.0.1:9/', { minSupportTlsProtocol: 'TLSv1.2' });
// @ts-expect-error send takes a string or an ArrayBuffer
ws.send(123);
// @ts-expect-error typed arrays are refused with 401 on the device
ws.send(new Uint8Array(4));
// @ts-expect-error the close code is a number
ws.close({ code: 'x' });
// @ts-expect-error the close callback comes after the options
ws.close(() => {}, { code: 1000 });
// @ts-expect-error createWebSocket takes no argument
webSocket.createWebSocket(1);
// @ts-expect-error no such TLS version
webSocket.TlsProtocol.TLS_V_9;

// Server.
// @ts-expect-error start needs a config
server.start();
// @ts-expect-error serverPort and the two limits are required
server.start({ serverIP: '127.0.0.1' });
// @ts-expect-error listAllConnections returns a promise on the device, not the array
const listed: webSocket.WebSocketConnection[] = server.listAllConnections();
// @ts-expect-error server send needs the target connection
server.send('hi');
// @ts-expect-error a connection needs clientIP and clientPort
server.close({ clientIP: '127.0.0.1' });
// @ts-expect-error server methods have no callback form
server.stop(() => {});

// Module shapes.
// @ts-expect-error @ohos.net.webSocket has only a default export
import { createWebSocket } from '@ohos.net.webSocket';
// @ts-expect-error BusinessError comes from @kit.BasicServicesKit, not @kit.NetworkKit
import { BusinessError as NotHere } from '@kit.NetworkKit';
// @ts-expect-error useRelay is 'auto' or 'always'
configure({ useRelay: 'never' });
// @ts-expect-error the relay needs its token too
configure({ relay: { url: 'ws://127.0.0.1:9/' } });
// @ts-expect-error code is required by a BusinessError
new BusinessError();

void [client, listed, createWebSocket, NotHere, webSocketDefault];
