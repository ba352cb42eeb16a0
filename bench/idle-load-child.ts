/**
 * Both ends of the idle relayed connections of the relay memory phase, in a process of
 * their own (see bench-child.ts), so that the relay's process holds only the relay:
 * - an idle upstream: a ws server on 127.0.0.1, port 0, that accepts and says nothing;
 * - the clients: Node ws clients speaking relay-messages.ts `connect` as the page's
 *   client does (subprotocols, a `connect` request with no options, then `accepted` and
 *   `opened`, read as the page reads them).
 *
 * Requests: `open` ({ relayUrl, token, count, concurrency, timeoutMs }) opens `count`
 * relayed connections, `concurrency` handshakes at a time, and resolves once every one
 * is `opened`; `close` closes them all with 1000 (the relay closes each upstream with
 * it) and resolves once the upstream has seen every one of them end; `stop`.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../src/protocol/relay-protocol.js';
import type { ConnectRequest } from '../src/web-socket/core/relay-messages.js';
import { readConnectReply } from '../src/web-socket/core/relay-replies.js';
import { serveParent } from './bench-child.js';
import { openConcurrently } from './open-concurrently.js';

export interface OpenRequest {
  relayUrl: string;
  token: string;
  count: number;
  concurrency: number;
  /** For the whole batch. */
  timeoutMs: number;
}

export interface OpenResult {
  opened: number;
  /** Connections the upstream holds once every client saw `opened`. */
  upstreamConnections: number;
  ms: number;
}

export interface CloseResult {
  /** Upstream connections still open when the wait ended (0 when all ended in time). */
  upstreamLeft: number;
  ms: number;
}

const upstream = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
await new Promise<void>((resolve, reject) => {
  upstream.once('error', reject);
  upstream.once('listening', resolve);
});
const upstreamSockets = new Set<WebSocket>();
let onUpstreamEnd = (): void => {};
upstream.on('connection', (socket) => {
  upstreamSockets.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => {
    upstreamSockets.delete(socket);
    onUpstreamEnd();
  });
});
const upstreamUrl = `ws://127.0.0.1:${(upstream.address() as AddressInfo).port}/idle`;

const clients: WebSocket[] = [];

/** One relayed connection, resolved at `opened`; rejected on anything else. */
function openRelayed(relayUrl: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const client = new WebSocket(relayUrl, [RELAY_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`], { perMessageDeflate: false });
    clients.push(client);
    let phase: 'handshake' | 'accepted' | 'opened' = 'handshake';
    client.on('error', (error) => reject(new Error(`relay leg error: ${error.message}`)));
    client.on('close', (code) => {
      if (phase !== 'opened') reject(new Error(`relay leg closed with ${code} before opened`));
    });
    client.on('open', () => {
      const request: ConnectRequest = { op: 'connect', url: upstreamUrl, options: {} };
      client.send(JSON.stringify(request));
    });
    client.on('message', (data, isBinary) => {
      if (phase === 'opened') return reject(new Error('the idle upstream sent data'));
      const reply = readConnectReply(isBinary ? data : String(data));
      if (phase === 'handshake' && typeof reply !== 'string' && reply.op === 'accepted') phase = 'accepted';
      else if (phase === 'accepted' && typeof reply !== 'string' && reply.op === 'opened') {
        phase = 'opened';
        resolve(client);
      } else reject(new Error(`unexpected relay reply in phase ${phase}: ${String(data).slice(0, 200)}`));
    });
  });
}

serveParent(
  {},
  {
    open: async ({ relayUrl, token, count, concurrency, timeoutMs }: OpenRequest): Promise<OpenResult> => {
      const started = performance.now();
      const opened = await openConcurrently({ count, concurrency, timeoutMs, what: 'relayed connections opened' }, () =>
        openRelayed(relayUrl, token),
      );
      return { opened, upstreamConnections: upstreamSockets.size, ms: performance.now() - started };
    },
    close: async ({ timeoutMs }: { timeoutMs: number }): Promise<CloseResult> => {
      const started = performance.now();
      const upstreamGone = new Promise<void>((resolve) => {
        onUpstreamEnd = () => {
          if (upstreamSockets.size === 0) resolve();
        };
        onUpstreamEnd();
      });
      const clientsGone = Promise.all(
        clients.map(
          (client) =>
            new Promise<void>((resolve) => {
              if (client.readyState === WebSocket.CLOSED) return resolve();
              client.once('close', () => resolve());
              if (client.readyState === WebSocket.OPEN) client.close(1000, '');
            }),
        ),
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all([upstreamGone, clientsGone]), late]);
      clearTimeout(timer);
      return { upstreamLeft: upstreamSockets.size, ms: performance.now() - started };
    },
    stop: async (): Promise<void> => {
      for (const client of clients) client.terminate();
      for (const socket of upstreamSockets) socket.terminate();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    },
  },
);
