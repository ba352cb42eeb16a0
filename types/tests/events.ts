// Event listeners: `on`/`off` take the listener's type from the event name. These are
// the forms app code uses that must keep compiling; misuse.ts has the ones that must not,
// and checks/types-diagnostics.test.ts pins what the compiler says about them.

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';
import type { AsyncCallback, Callback, ErrorCallback } from '@kit.BasicServicesKit';

type Exactly<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<Expected>() {
  return <Actual>(value: Actual & (Exactly<Actual, Expected> extends true ? unknown : never)): void => {
    void value;
  };
}

const ws = webSocket.createWebSocket();

// Parameters annotated as the SDK's samples write them.
ws.on('open', (err: BusinessError, value: Object) => undefined);
ws.on('message', (err: BusinessError, value: string | ArrayBuffer) => undefined);
ws.on('openInfo', (err: BusinessError, info: webSocket.WebSocketOpenInfo) => undefined);
ws.on('close', (err: BusinessError, value: webSocket.CloseResult) => undefined);
ws.on('error', (err: BusinessError) => undefined);
ws.on('dataEnd', () => undefined);
ws.on('headerReceive', (header: webSocket.ResponseHeaders) => undefined);

// Fewer parameters than the event delivers, and wider parameter types.
ws.on('open', () => undefined);
ws.on('message', (err) => expectType<BusinessError>()(err));
ws.on('message', (err: BusinessError, value: unknown) => undefined);
ws.on('close', (err: Error) => undefined);
ws.on('headerReceive', () => undefined);
ws.on('dataEnd', (nothing) => expectType<void>()(nothing));

// A listener kept in a variable is registered and removed by the same reference.
const onMessage: AsyncCallback<string | ArrayBuffer> = (err, data) => undefined;
const onError: ErrorCallback = (err) => undefined;
const onDataEnd: Callback<void> = () => undefined;
const onHeaders: Callback<webSocket.ResponseHeaders> = (headers) => undefined;
ws.on('message', onMessage);
ws.off('message', onMessage);
ws.on('error', onError);
ws.off('error', onError);
ws.on('dataEnd', onDataEnd);
ws.off('dataEnd', onDataEnd);
ws.on('headerReceive', onHeaders);
ws.off('headerReceive', onHeaders);
ws.off('open', (err: BusinessError, value: Object) => undefined);
ws.off('openInfo', () => undefined);
ws.off('close', (err, result) => expectType<webSocket.CloseResult>()(result));

// The server.
const server = webSocket.createWebSocketServer();
server.on('connect', (connection: webSocket.WebSocketConnection) => undefined);
server.on('messageReceive', (message: webSocket.WebSocketMessage) => undefined);
server.on('close', (clientConnection: webSocket.WebSocketConnection, closeReason: webSocket.CloseResult) => undefined);
server.on('close', (clientConnection) => expectType<webSocket.WebSocketConnection>()(clientConnection));
server.on('close', () => undefined);
server.on('error', (error: BusinessError) => undefined);
const onConnect: Callback<webSocket.WebSocketConnection> = () => undefined;
server.on('connect', onConnect);
server.off('connect', onConnect);
server.off('messageReceive', (message) => expectType<webSocket.WebSocketMessage>()(message));
server.off('close');
server.off('error', onError);

// Per-event overloads, the SDK's way of declaring on/off, are interchangeable with ours:
// a test double declared that way implements the interface, and the other way round.
type OverloadedOn = {
  (type: 'open', callback: AsyncCallback<Object>): void;
  (type: 'message', callback: AsyncCallback<string | ArrayBuffer>): void;
  (type: 'openInfo', callback: AsyncCallback<webSocket.WebSocketOpenInfo>): void;
  (type: 'close', callback: AsyncCallback<webSocket.CloseResult>): void;
  (type: 'error', callback: ErrorCallback): void;
  (type: 'dataEnd', callback: Callback<void>): void;
  (type: 'headerReceive', callback: Callback<webSocket.ResponseHeaders>): void;
};
declare const overloaded: OverloadedOn;
const fromOverloads: webSocket.WebSocket['on'] = overloaded;
const toOverloads: OverloadedOn = ws.on;
// The form of ohos-netkit's own classes: any name, any function (checked at run time).
declare const untypedOn: (type: string, listener: (...args: never[]) => unknown) => void;
declare const untypedOff: (type: string, listener?: (...args: never[]) => unknown) => void;
const onFromUntyped: webSocket.WebSocket['on'] = untypedOn;
const offFromUntyped: webSocket.WebSocket['off'] = untypedOff;
const serverOnFromUntyped: webSocket.WebSocketServer['on'] = untypedOn;
const serverOffFromUntyped: webSocket.WebSocketServer['off'] = untypedOff;

void [fromOverloads, toOverloads, onFromUntyped, offFromUntyped, serverOnFromUntyped, serverOffFromUntyped];
