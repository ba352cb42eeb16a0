/**
 * Run as a child process by resources.test.ts: one connection that the app closes, one
 * the server closes, one the server drops and one that fails, all with the default
 * heartbeat (30 s / 30 s), then the server stops. Prints each ending; the process must
 * then exit by itself, at once: nothing of ours may keep a Node test runner alive.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { freePort } from '../../../testing/free-port.js';
import { webSocket } from '../../../entries/node/index.js';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
await once(server, 'listening');
const origin = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
server.on('connection', (socket, request) => {
  if (request.url === '/close') socket.close(4000, 'bye');
  else if (request.url === '/drop') setImmediate(() => socket.terminate());
  else socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
});

// A port nothing listens on.
const closedPort = await freePort();

function ending(path: string, act: (ws: ReturnType<typeof webSocket.createWebSocket>) => void): Promise<string> {
  const ws = webSocket.createWebSocket();
  return new Promise((resolve) => {
    ws.on('open', () => act(ws));
    ws.on('close', (_error: unknown, result: { code: number; reason: string }) => resolve(`${path} close ${result.code}`));
    ws.on('error', (error: { data: string }) => {
      if (path === '/refused') resolve(`${path} error ${error.data}`);
    });
    void ws.connect(`${path === '/refused' ? `ws://127.0.0.1:${closedPort}` : origin}${path}`);
  });
}

const results = await Promise.all([
  ending('/echo', (ws) => {
    ws.on('message', () => void ws.close({ code: 1001, reason: 'done' }));
    void ws.send('ping');
  }),
  ending('/close', () => {}),
  ending('/drop', () => {}),
  ending('/refused', () => {}),
]);
await new Promise<void>((resolve) => server.close(() => resolve()));
console.log(results.join('\n'));
