/**
 * The bench page's server side (`benchServer`), for the server workloads of
 * bench/server-bench.ts:
 * - `start(spec)`: the app's WebSocketServer, listening through the dev relay, doing the
 *   workload's job (ServerSpec); `report()`, `stop()`;
 * - the mirror topology: one connection of this package's client through the relay to
 *   the bench ws server, opened with `openMirror(spec)`, one timed chunk per
 *   `mirrorChunk()` (bench-page.ts's `relay` path and its loops), `closeMirror()`.
 *
 * The server's loops are hand-written per kind, like the client's: one size check and
 * one counter per message, one send per answer, the documented Promise form of send().
 */
import { webSocket } from 'ohos-netkit';
import { serverAddress } from 'ohos-netkit/config';
import { CONFIG_GLOBAL, closeWithin, describe, openers, sizeOf, wrongSize, type Session } from './bench-page.js';
import type { RunSpec } from './run-spec.js';
import type { ServerListening, ServerReport, ServerSpec } from './server-spec.js';

type KitServer = ReturnType<typeof webSocket.createWebSocketServer>;
type Connection = Parameters<KitServer['send']>[1];

/** Problems kept: enough to see what went wrong. */
const KEPT_PROBLEMS = 10;

let server: KitServer | undefined;
let report: ServerReport = { connections: 0, problems: [] };

const problem = (why: string): void => {
  if (report.problems.length < KEPT_PROBLEMS) report.problems.push(why);
};

async function start(spec: ServerSpec): Promise<ServerListening> {
  if (server !== undefined) throw new Error('a bench server is running already');
  report = { connections: 0, problems: [] };
  const kit = webSocket.createWebSocketServer();
  const onSendFailed = (error: unknown): void => problem(`send() failed: ${describe(error)}`);
  kit.on('connect', () => report.connections++);
  kit.on('error', (error) => problem(`error event: ${describe(error)}`));
  if (spec.kind === 'ping-pong') {
    kit.on('messageReceive', ({ data, clientConnection }) => {
      if (sizeOf(data) !== spec.size) return problem(wrongSize(data, spec));
      kit.send(data, clientConnection).catch(onSendFailed);
    });
  } else {
    // Per client, by "ip:port" (the device's id of a client): its counter ends with it.
    const received = new Map<string, number>();
    const key = ({ clientIP, clientPort }: Connection): string => `${clientIP}:${clientPort}`;
    kit.on('close', (connection) => received.delete(key(connection)));
    kit.on('messageReceive', ({ data, clientConnection }) => {
      if (sizeOf(data) !== spec.size) return problem(wrongSize(data, spec));
      const client = key(clientConnection);
      const count = (received.get(client) ?? 0) + 1;
      if (count < spec.chunkSize) return void received.set(client, count);
      received.set(client, 0);
      kit.send('done', clientConnection).catch(onSendFailed);
    });
  }
  // The relay is the page's config while start() picks its wire (it may load that wire first).
  const holder = globalThis as Record<string, unknown>;
  const previous = holder[CONFIG_GLOBAL];
  holder[CONFIG_GLOBAL] = { relay: spec.relay };
  try {
    await kit.start({
      serverIP: '127.0.0.1',
      serverPort: spec.appPort,
      maxConcurrentClientsNumber: 10,
      maxConnectionsForOneClient: 10,
    });
  } finally {
    holder[CONFIG_GLOBAL] = previous;
  }
  server = kit;
  const address = serverAddress(spec.appPort);
  if (address === undefined) throw new Error(`the server started, but serverAddress(${spec.appPort}) does not know where it listens`);
  return { host: address.host, port: address.port };
}

async function stop(): Promise<void> {
  const running = server;
  server = undefined;
  if (running !== undefined) await running.stop();
}

// --- the mirror: the page's client through the relay to the bench ws server ----------

interface Mirror {
  session: Session;
  failed: Promise<never>;
  timeoutMs: number;
}

let mirror: Mirror | undefined;

async function openMirror(spec: RunSpec): Promise<void> {
  if (mirror !== undefined) throw new Error('a mirror connection is open already');
  let reject: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, rejectMirror) => (reject = rejectMirror));
  // Handled here; mirrorChunk() races it again and reports it.
  failed.catch(() => {});
  const session = openers.relay[spec.kind](spec, (why) => reject(new Error(`mirror ${spec.kind}: ${why}`)));
  mirror = { session, failed, timeoutMs: spec.timeoutMs };
  await within(Promise.race([session.opened, failed]), spec.timeoutMs, 'the mirror connection did not open');
}

function mirrorChunk(): Promise<number> {
  if (mirror === undefined) return Promise.reject(new Error('no mirror connection is open'));
  return within(Promise.race([mirror.session.chunk(), mirror.failed]), mirror.timeoutMs, 'a mirror chunk did not finish');
}

async function closeMirror(): Promise<void> {
  const open = mirror;
  mirror = undefined;
  if (open !== undefined) await closeWithin(open.session);
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

Object.assign(globalThis, { benchServer: { start, stop, report: () => report, openMirror, mirrorChunk, closeMirror } });
