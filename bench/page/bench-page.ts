/**
 * The bench page's side: `benchPage.run(spec)` does one run (see RunSpec) and answers
 * the time of each chunk of each path.
 *
 * Each API has its own hand-written loop per workload kind, with no shared adapter in
 * the hot path: an adapter would add the same cost to both sides and pull the
 * client/native ratio towards 1. The loops do the same work on both sides: one size
 * check per message (`byteLength`), one counter, one send per ping. `direct` and
 * `relay` are the same client with the same loops; only the wire chosen at connect()
 * differs.
 */
import { webSocket } from 'ohos-netkit';
import { orderOfTurn } from './order-of-turn.js';
import { stepWatchdog } from './step-watchdog.js';
import type { PathName, RunResult, RunSpec, WorkloadKind } from './run-spec.js';

/** A connection that does not close this long after close() fails the run. */
const CLOSE_TIMEOUT_MS = 5_000;
/** The page's config global (src/core/netkit-config.ts), which the client reads at each connect(). */
export const CONFIG_GLOBAL = '__OHOS_NETKIT_CONFIG__';

/** The client's config for one connect(): no relay (direct mode), or the relay for everything. */
type Wire = { relay?: { url: string; token: string }; useRelay?: 'always' };
const DIRECT: Wire = {};

/** Reports a broken connection or a wrong message; the first report fails the run. */
export type Fail = (why: string) => void;

/** One open connection of one path. */
export interface Session {
  opened: Promise<void>;
  /** Does one chunk of work; resolves with its duration in ms. */
  chunk(): Promise<number>;
  /** Closes the connection; resolves at its close (at once when it already ended). */
  close(): Promise<void>;
}

export type Opener = (spec: RunSpec, fail: Fail) => Session;

export const openers: Record<PathName, Record<WorkloadKind, Opener>> = {
  native: { 'ping-pong': nativePingPong, stream: nativeStream },
  // The browser's own WebSocket, through the pipe: the same loops as `native`.
  pipe: {
    'ping-pong': (spec, fail) => nativePingPong(throughPipe(spec), fail),
    stream: (spec, fail) => nativeStream(throughPipe(spec), fail),
  },
  direct: {
    'ping-pong': (spec, fail) => clientPingPong(spec, fail, DIRECT),
    stream: (spec, fail) => clientStream(spec, fail, DIRECT),
  },
  relay: {
    'ping-pong': (spec, fail) => clientPingPong(spec, fail, relayWire(spec)),
    stream: (spec, fail) => clientStream(spec, fail, relayWire(spec)),
  },
};

async function run(spec: RunSpec): Promise<RunResult> {
  const sessions: Session[] = [];
  let stopped = false;
  let reject: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, rejectRun) => (reject = rejectRun));
  const fail: Fail = (why) => {
    stopped = true;
    reject(new Error(why));
  };
  const watchdog = stepWatchdog(`${spec.kind} run`, spec.timeoutMs);
  watchdog.step('opening');

  const measure = async (): Promise<RunResult> => {
    const open = new Map<PathName, Session>();
    for (const path of spec.paths) {
      const session = openers[path][spec.kind](spec, (why) => fail(`${path} ${spec.kind}: ${why}`));
      sessions.push(session);
      open.set(path, session);
    }
    await Promise.all(sessions.map((session) => session.opened));
    const times: RunResult = {};
    for (const path of spec.paths) times[path] = [];
    for (let turn = 0; turn < spec.chunks && !stopped; turn++) {
      for (const path of orderOfTurn(spec.paths, turn)) {
        watchdog.step(`${path}, chunk ${turn + 1} of ${spec.chunks}`);
        times[path]!.push(await open.get(path)!.chunk());
      }
    }
    return times;
  };

  try {
    return await Promise.race([measure(), failed, watchdog.expired]);
  } finally {
    stopped = true;
    watchdog.stop();
    // Close before answering, so the next run starts with no traffic left over.
    await Promise.all(sessions.map(closeWithin));
  }
}

export function closeWithin(session: Session): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a connection did not close within ${CLOSE_TIMEOUT_MS} ms`)), CLOSE_TIMEOUT_MS);
    void session.close().then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// --- native: the browser's WebSocket -------------------------------------------------

function nativePingPong(spec: RunSpec, fail: Fail): Session {
  const payload = new ArrayBuffer(spec.size);
  const socket = openNative(spec);
  let remaining = 0;
  let start = 0;
  let done = ignore;
  socket.onmessage = (event: MessageEvent) => {
    if (sizeOf(event.data) !== spec.size) return fail(wrongSize(event.data, spec));
    if (--remaining > 0) socket.send(payload);
    else done(performance.now() - start);
  };
  return nativeSession(socket, fail, () => {
    const chunk = new Promise<number>((resolve) => (done = resolve));
    remaining = spec.chunkSize;
    start = performance.now();
    socket.send(payload);
    return chunk;
  });
}

function nativeStream(spec: RunSpec, fail: Fail): Session {
  const socket = openNative(spec);
  let remaining = 0;
  let start = 0;
  let done = ignore;
  socket.onmessage = (event: MessageEvent) => {
    if (sizeOf(event.data) !== spec.size) return fail(wrongSize(event.data, spec));
    if (--remaining === 0) done(performance.now() - start);
  };
  return nativeSession(socket, fail, () => {
    const chunk = new Promise<number>((resolve) => (done = resolve));
    remaining = spec.chunkSize;
    start = performance.now();
    socket.send('go');
    return chunk;
  });
}

function throughPipe(spec: RunSpec): RunSpec {
  if (spec.pipeUrl === undefined) throw new Error('the pipe path needs RunSpec.pipeUrl');
  return { ...spec, url: spec.pipeUrl };
}

function openNative(spec: RunSpec): WebSocket {
  const socket = new WebSocket(spec.url);
  // The fast receive path (blob is ~5× slower for small messages), and the one the client uses.
  socket.binaryType = 'arraybuffer';
  return socket;
}

function nativeSession(socket: WebSocket, fail: Fail, chunk: () => Promise<number>): Session {
  const { end, close } = lifecycle(fail, () => socket.close());
  const opened = new Promise<void>((resolve) => (socket.onopen = () => resolve()));
  socket.onerror = () => end('WebSocket error');
  socket.onclose = (event) => end(`closed early (${event.code} ${event.reason})`);
  return { opened, chunk, close };
}

/**
 * How a session's connection ends: `end(why)` when it ends, which fails the run unless
 * the run is closing it; `close()` closes it (through `closeSocket`) and resolves once
 * it has ended.
 */
function lifecycle(fail: Fail, closeSocket: (end: (why: string) => void) => void): { end(why: string): void; close(): Promise<void> } {
  let ended = false;
  let closing = false;
  let onEnded = (): void => {};
  const end = (why: string): void => {
    ended = true;
    onEnded();
    if (!closing) fail(why);
  };
  const close = (): Promise<void> => {
    closing = true;
    if (ended) return Promise.resolve();
    return new Promise((resolve) => {
      onEnded = resolve;
      closeSocket(end);
    });
  };
  return { end, close };
}

// --- direct and relay: this package's client, over the browser's WebSocket or the relay --

function relayWire(spec: RunSpec): Wire {
  if (spec.relay === undefined) throw new Error('the relay path needs spec.relay');
  return { relay: spec.relay, useRelay: 'always' };
}

function clientPingPong(spec: RunSpec, fail: Fail, wire: Wire): Session {
  const payload = new ArrayBuffer(spec.size);
  const socket = webSocket.createWebSocket();
  const onSent = sendCallback(fail);
  let remaining = 0;
  let start = 0;
  let done = ignore;
  socket.on('message', (_error, data) => {
    if (sizeOf(data) !== spec.size) return fail(wrongSize(data, spec));
    if (--remaining > 0) socket.send(payload, onSent);
    else done(performance.now() - start);
  });
  return clientSession(socket, spec, wire, fail, () => {
    const chunk = new Promise<number>((resolve) => (done = resolve));
    remaining = spec.chunkSize;
    start = performance.now();
    socket.send(payload, onSent);
    return chunk;
  });
}

function clientStream(spec: RunSpec, fail: Fail, wire: Wire): Session {
  const socket = webSocket.createWebSocket();
  const onSent = sendCallback(fail);
  let remaining = 0;
  let start = 0;
  let done = ignore;
  socket.on('message', (_error, data) => {
    if (sizeOf(data) !== spec.size) return fail(wrongSize(data, spec));
    if (--remaining === 0) done(performance.now() - start);
  });
  return clientSession(socket, spec, wire, fail, () => {
    const chunk = new Promise<number>((resolve) => (done = resolve));
    remaining = spec.chunkSize;
    start = performance.now();
    socket.send('go', onSent);
    return chunk;
  });
}

type KitWebSocket = ReturnType<typeof webSocket.createWebSocket>;

/** Registers the other listeners, then connects (the device way: listeners before connect()). */
function clientSession(socket: KitWebSocket, spec: RunSpec, wire: Wire, fail: Fail, chunk: () => Promise<number>): Session {
  // A close() the device refuses means the connection has already ended.
  const { end, close } = lifecycle(fail, (ended) => socket.close().catch(() => ended('close() refused')));
  const opened = new Promise<void>((resolve) => socket.on('open', () => resolve()));
  // WS §3.4: a failure before open fires only `error` (no `close`), so `error` ends the connection too.
  socket.on('error', (error) => end(`error event: ${describe(error)}`));
  socket.on('close', (_error, result) => end(`closed early (${result.code} ${result.reason})`));
  connectThrough(socket, spec.url, wire).catch((error: unknown) => end(`connect() failed: ${describe(error)}`));
  return { opened, chunk, close };
}

/**
 * connect() with `wire` as the page's config. The client picks its wire synchronously
 * inside connect(), so the config is put back at once and the paths of one run, open at
 * the same time, each keep their own.
 */
function connectThrough(socket: KitWebSocket, url: string, wire: Wire): Promise<boolean> {
  const holder = globalThis as Record<string, unknown>;
  const previous = holder[CONFIG_GLOBAL];
  holder[CONFIG_GLOBAL] = wire;
  try {
    return socket.connect(url);
  } finally {
    holder[CONFIG_GLOBAL] = previous;
  }
}

/** The send callback of the documented examples; a failed send fails the run. */
function sendCallback(fail: Fail): (error: unknown) => void {
  return (error) => {
    if (error) fail(`send() failed: ${describe(error)}`);
  };
}

// --- shared --------------------------------------------------------------------------

function ignore(_ms: number): void {}

/** Same check on both sides: binary messages of the expected size only. */
export function sizeOf(data: unknown): number {
  return data instanceof ArrayBuffer ? data.byteLength : -1;
}

export function wrongSize(data: unknown, spec: { size: number }): string {
  const got = data instanceof ArrayBuffer ? `${data.byteLength}-byte ArrayBuffer` : typeof data;
  return `expected a ${spec.size}-byte ArrayBuffer, got ${got}`;
}

export function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, message, data } = error as { code?: unknown; message?: unknown; data?: unknown };
  return [code, message, data].filter((part) => part !== undefined && part !== '').join(' ') || String(error);
}

Object.assign(globalThis, { benchPage: { run } });
