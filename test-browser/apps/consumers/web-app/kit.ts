// ohos-netkit: what @kit.NetworkKit gives the app, as a named and a default export.
import networkKit, { webSocket } from 'ohos-netkit';

const ws: webSocket.WebSocket = networkKit.webSocket.createWebSocket();
ws.on('open', (err, value) => console.log(err?.code, value));
ws.on('message', (_err, data) => console.log(typeof data === 'string' ? data : data.byteLength));
ws.on('close', (_err, value) => console.log(value.code, value.reason));
const connected: boolean = await ws.connect('ws://127.0.0.1:8080/', { header: { Authorization: 'Bearer x' }, protocol: 'chat' });
if (connected) await ws.send('hello');
await webSocket.createWebSocket().close({ code: 1000, reason: 'done' });
