/**
 * Both ends of the idle accepted connections of the relay's server memory phase
 * (relay-memory.ts), in a process of their own (see bench-child.ts), so that the relay's
 * process holds only the relay:
 * - the page's side of the app's servers: Node ws clients speaking relay-messages.ts
 *   `listen` and `accept` as the page's server wire does (a `listen` leg per server, an
 *   `accept` leg per client), reading the replies as the page does;
 * - the servers' clients: Node ws clients, idle once connected.
 *
 * The device's admission rules hold in the relay (WS §6.2: at most 10 client IPs per
 * server, 10 connections per IP, a ban past 50 connections from one IP in 60 s), so the
 * clients come from many loopback addresses: server s takes its clients from
 * 127.0.(s+1).1 to 127.0.(s+1).10, ten from each. The page's side lets every client in,
 * as the page's server does within those limits.
 *
 * Requests: `listen` ({ relayUrl, token, servers }) starts the servers (a relay allows 4
 * per page: the servers are spread over pages); `open` ({ count, concurrency, timeoutMs })
 * opens `count` clients, `concurrency` at a time, and resolves once each is connected
 * and its accept leg accepted; `close` closes every client with 1000 and stops every
 * server, resolving once every leg has ended; `stop`.
 */
import WebSocket from 'ws';
import { RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../src/protocol/relay-protocol.js';
import type { AcceptRequest, ListenReply, ListenRequest } from '../src/web-socket/core/relay-messages.js';
import { readAcceptReply, readListenReply } from '../src/web-socket/core/relay-replies.js';
import { serveParent } from './bench-child.js';
import { openConcurrently } from './open-concurrently.js';

export interface ListenArgs {
  relayUrl: string;
  token: string;
  servers: number;
}

export interface AcceptOpenArgs {
  count: number;
  concurrency: number;
  /** For the whole batch. */
  timeoutMs: number;
}

export interface AcceptOpenResult {
  opened: number;
  /** Accept legs accepted once every client connected. */
  acceptLegs: number;
  ms: number;
}

export interface AcceptCloseResult {
  /** Legs (listen and accept) and clients still open when the wait ended. */
  left: number;
  ms: number;
}

const SERVERS_PER_PAGE = 4;
const IPS_PER_SERVER = 10;
const CLIENTS_PER_IP = 10;

interface Server {
  index: number;
  leg: WebSocket;
  id: string;
  port: number;
}

let relay: { url: string; token: string } | undefined;
const servers: Server[] = [];
const clients: WebSocket[] = [];
const acceptLegs: WebSocket[] = [];
/** A client's id ("ip:port") → what waits for its accept leg to be accepted. */
const waitingForAccept = new Map<string, () => void>();
/** Clients whose accept leg was accepted before their own handshake's answer was read here. */
const acceptedEarly = new Set<string>();

function accepted(client: string): void {
  const waiter = waitingForAccept.get(client);
  waitingForAccept.delete(client);
  if (waiter === undefined) acceptedEarly.add(client);
  else waiter();
}

function openLeg(): WebSocket {
  if (relay === undefined) throw new Error('listen first');
  return new WebSocket(relay.url, [RELAY_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${relay.token}`], { perMessageDeflate: false });
}

function firstReply(leg: WebSocket, what: string): Promise<ListenReply | string> {
  return new Promise((resolve, reject) => {
    leg.once('message', (data) => resolve(readListenReply(String(data))));
    leg.once('error', (error) => reject(new Error(`${what}: ${error.message}`)));
    leg.once('close', (code) => reject(new Error(`${what}: the leg closed with ${code}`)));
  });
}

async function startServer(index: number): Promise<Server> {
  const leg = openLeg();
  const request: ListenRequest = {
    op: 'listen',
    page: `bench-page-${Math.floor(index / SERVERS_PER_PAGE)}`,
    config: {
      serverIP: '127.0.0.1',
      serverPort: 9000 + index,
      maxConcurrentClientsNumber: IPS_PER_SERVER,
      maxConnectionsForOneClient: CLIENTS_PER_IP,
    },
  };
  leg.once('open', () => leg.send(JSON.stringify(request)));
  const reply = await firstReply(leg, `server ${index}`);
  if (typeof reply === 'string' || reply.op !== 'listening') throw new Error(`server ${index}: ${JSON.stringify(reply)}`);
  const { server, port } = reply;
  // As the page does: an accept leg for every client the relay reports.
  leg.on('message', (data) => {
    const notice = readListenReply(String(data));
    if (typeof notice === 'string' || notice.op !== 'connection') return;
    const accept = openLeg();
    acceptLegs.push(accept);
    const { client } = notice;
    accept.once('open', () => accept.send(JSON.stringify({ op: 'accept', server, client } satisfies AcceptRequest)));
    accept.once('message', (answer) => {
      if (typeof readAcceptReply(String(answer)) !== 'string') accepted(client);
    });
    accept.on('error', () => {});
  });
  return { index, leg, id: server, port };
}

/**
 * Client `n` (from 0): its server, and a source address no limit of WS §6.2 refuses.
 * Clients take the servers in turn, so that the handshakes open at once are spread over
 * them: the relay lets only so many of one server's wait for the page (hosted-servers.ts).
 */
function placeOf(n: number): { server: Server; localAddress: string } {
  const perServer = IPS_PER_SERVER * CLIENTS_PER_IP;
  const server = servers[n % servers.length];
  const nth = Math.floor(n / servers.length);
  if (server === undefined || nth >= perServer)
    throw new Error(`client ${n}: only ${servers.length} servers for ${servers.length * perServer} clients`);
  const ip = Math.floor(nth / CLIENTS_PER_IP) + 1;
  return { server, localAddress: `127.0.${server.index + 1}.${ip}` };
}

/** One client, resolved once it is connected and the page's accept leg for it accepted. */
function openClient(n: number): Promise<void> {
  const { server, localAddress } = placeOf(n);
  return new Promise((resolve, reject) => {
    const client = new WebSocket(`ws://127.0.0.1:${server.port}/`, { perMessageDeflate: false, localAddress });
    clients.push(client);
    client.on('error', (error) => reject(new Error(`client ${n} from ${localAddress}: ${error.message}`)));
    client.on('close', (code) => reject(new Error(`client ${n} from ${localAddress} closed with ${code}`)));
    client.on('message', () => reject(new Error(`client ${n}: the idle page sent data`)));
    client.once('upgrade', (response) => {
      // The relay reports the client as "ip:port", the port being this client's own.
      const id = `${localAddress}:${response.socket.localPort}`;
      if (acceptedEarly.delete(id)) resolve();
      else waitingForAccept.set(id, resolve);
    });
  });
}

const ended = (socket: WebSocket): Promise<void> =>
  new Promise((resolve) => (socket.readyState === WebSocket.CLOSED ? resolve() : socket.once('close', () => resolve())));

serveParent(
  {},
  {
    listen: async ({ relayUrl, token, servers: count }: ListenArgs): Promise<{ ports: number[] }> => {
      relay = { url: relayUrl, token };
      for (let index = 0; index < count; index++) servers.push(await startServer(index));
      return { ports: servers.map((server) => server.port) };
    },
    open: async ({ count, concurrency, timeoutMs }: AcceptOpenArgs): Promise<AcceptOpenResult> => {
      const started = performance.now();
      const opened = await openConcurrently({ count, concurrency, timeoutMs, what: 'clients were accepted' }, openClient);
      const accepted = acceptLegs.filter((leg) => leg.readyState === WebSocket.OPEN).length;
      return { opened, acceptLegs: accepted, ms: performance.now() - started };
    },
    close: async ({ timeoutMs }: { timeoutMs: number }): Promise<AcceptCloseResult> => {
      const started = performance.now();
      for (const client of clients) client.removeAllListeners('close').on('close', () => {});
      const everything = [...clients, ...acceptLegs, ...servers.map((server) => server.leg)];
      const clientsGone = Promise.all(clients.map(ended));
      for (const client of clients) if (client.readyState === WebSocket.OPEN) client.close(1000);
      // stop() as the app would call it, once the clients are gone: every listen leg then ends with 1000.
      const serversGone = clientsGone.then(() =>
        Promise.all(
          servers.map((server) => {
            if (server.leg.readyState === WebSocket.OPEN) server.leg.send(JSON.stringify({ op: 'stop' }));
            return ended(server.leg);
          }),
        ),
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all([serversGone, ...acceptLegs.map(ended)]), late]);
      clearTimeout(timer);
      return { left: everything.filter((socket) => socket.readyState !== WebSocket.CLOSED).length, ms: performance.now() - started };
    },
    stop: (): void => {
      for (const socket of [...clients, ...acceptLegs, ...servers.map((server) => server.leg)]) socket.terminate();
    },
  },
);
