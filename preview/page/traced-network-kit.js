// '@kit.NetworkKit' as the preview's examples see it: the real ohos-netkit module, with
// every call, result and event of every client and server reported to the page. The app's own
// listeners get exactly what they would get without the preview. Each run has its own copy
// (a run's code runs in a frame of its own, see run-realm.ts), and `preview` below lets
// that frame end what the run created.
//
// What it reports: a `netkit-trace` CustomEvent on window for each, whose detail is
//   kind     'call' | 'result' | 'failure' | 'event' | 'diagnostic' | 'listening'
//   text     the log line, as the device's values print (absent: for the timeline only,
//            e.g. a call, whose line comes with its outcome)
//   client   N of ws#N; server  N of server#N (absent for a diagnostic of no known client)
//   name     'createWebSocket', 'createWebSocketServer', the method ('connect', 'send',
//            'close', 'start', 'stop', …) or the event type ('open', 'message', 'connect', …)
//   args     the arguments as shown, '("ws://…", callback)'
//   outcome  results and failures: 'callback(undefined, true)', 'resolved true', …
//   frame    'out' for a send (its data as `data`), 'in' for a client's message event and a
//            server's messageReceive (likewise)
//   url      connect calls and diagnostics: the address
//   diagnostic  diagnostics: the side channel's text, as the library gave it
//   port     'listening' (a server's start() resolved): the app's port it asked for
//   address  'listening': where the dev relay really listens for it, 'host:port'
//   time     performance.now() when it happened
//
// Diagnostics (a preview aid, not device output): the library reports a failed
// connection's cause on a side channel, a CustomEvent on window
//   new CustomEvent('ohos-netkit:diagnostic', { detail: { url, text } })
// with `url` the address given to connect() and `text` what the relay saw, e.g.
// "ECONNREFUSED 127.0.0.1:1234", a TLS error, or a refused upgrade's status. The tracer
// attributes it to the latest client that connected to that url and reports it as
// kind 'diagnostic', text 'ws#N relay says: <text>'. The device never prints this: the
// page marks it so.
import realKit from '/browser/index.js';
import { serverAddress } from '/browser/config.js';

const real = realKit.webSocket;
/**
 * The page numbers clients and servers across its runs (ws#1 in the first run, ws#2 in
 * the next): it hands each run's copy of this module the same counters (preview.numberWith).
 */
let numbering = { clients: 0, servers: 0 };
/** client id → the url of its latest connect() */
const urls = new Map();
/** What this run created, for preview.end(): id → the real client. */
const liveClients = new Map();
/** id → { server: the real server, starting: its latest start(), settled either way } */
const liveServers = new Map();

/** Prints one argument as the device's console would show it after JSON.stringify. */
export function showArgument(value) {
  if (value === undefined) return 'undefined';
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  if (typeof value === 'function') return 'callback';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const showArguments = (args) => `(${args.map(showArgument).join(', ')})`;

function trace(detail) {
  window.dispatchEvent(new CustomEvent('netkit-trace', { detail: { ...detail, time: performance.now() } }));
}

/**
 * Logs a method's outcome, whether it reports through a callback or a promise, without
 * changing it. `owner` is `{ client: N }` or `{ server: N }`, `name` how the log names it.
 */
function traced(owner, label, name, method, args, extra = {}) {
  const last = args[args.length - 1];
  const shown = showArguments(args);
  const line = `${label} ${name}${shown}`;
  const call = { ...owner, name, args: shown };
  trace({ kind: 'call', ...call, ...extra });
  const outcome = (kind, text) => trace({ kind, ...call, outcome: text, text: `${line} → ${text}` });
  if (typeof last === 'function') {
    const callback = (...result) => {
      outcome(result[0] === undefined ? 'result' : 'failure', `callback${showArguments(result)}`);
      return last(...result);
    };
    return method(...args.slice(0, -1), callback);
  }
  const result = method(...args);
  if (result instanceof Promise) {
    result.then(
      (value) => outcome('result', `resolved ${showArgument(value)}`),
      (error) => outcome('failure', `rejected ${showArgument(error)}`),
    );
  }
  return result;
}

/**
 * on/off of a client or a server: the call is traced, and the app's listener is wrapped
 * so that each event is traced before the listener gets it. `describe(type, args)` adds
 * what the timeline shows of an event (a frame's data).
 */
function tracedListeners(target, owner, label, describe) {
  /** type → [the app's listener, the traced wrapper registered in its place] */
  const registered = new Map();
  const registration = (name, args) => trace({ kind: 'call', ...owner, name, args: showArguments(args) });
  return {
    on(type, listener, ...rest) {
      registration('on', [type, listener, ...rest]);
      if (typeof listener !== 'function') return target.on(type, listener, ...rest);
      const wrapper = (...args) => {
        trace({
          kind: 'event',
          ...owner,
          name: type,
          args: showArguments(args),
          text: `${label} ⟵ ${type}${showArguments(args)}`,
          ...describe(type, args),
        });
        return listener(...args);
      };
      registered.set(type, [listener, wrapper]);
      return target.on(type, wrapper, ...rest);
    },
    off(type, ...rest) {
      registration('off', [type, ...rest]);
      const [listener] = rest;
      const entry = registered.get(type);
      // off(type, fn) removes only fn, as on the device: translate it to our wrapper.
      if (rest.length === 1 && entry !== undefined && entry[0] === listener) {
        registered.delete(type);
        return target.off(type, entry[1]);
      }
      if (rest.length === 0) registered.delete(type);
      return target.off(type, ...rest);
    },
  };
}

function tracedClient(ws, id) {
  const owner = { client: id };
  const label = `ws#${id}`;
  const method =
    (name, extra) =>
    (...args) =>
      traced(owner, label, name, ws[name].bind(ws), args, extra?.(args) ?? {});
  return {
    connect: method('connect', (args) => {
      if (typeof args[0] === 'string') urls.set(id, args[0]);
      return { url: args[0] };
    }),
    send: method('send', (args) => ({ frame: 'out', data: showArgument(args[0]) })),
    close: method('close'),
    ...tracedListeners(ws, owner, label, (type, args) => (type === 'message' ? { frame: 'in', data: showArgument(args[1]) } : {})),
  };
}

/** The client a diagnostic is about: the latest to connect to its url (compared as URLs). */
function clientOf(url) {
  const same = (a, b) => {
    if (a === b) return true;
    try {
      return new URL(a).href === new URL(b).href;
    } catch {
      return false;
    }
  };
  let found;
  for (const [id, connected] of urls) if (same(connected, url)) found = id;
  return found;
}

window.addEventListener('ohos-netkit:diagnostic', ({ detail }) => {
  if (typeof detail?.url !== 'string' || typeof detail.text !== 'string') return;
  const client = clientOf(detail.url);
  trace({
    kind: 'diagnostic',
    name: 'diagnostic',
    url: detail.url,
    diagnostic: detail.text,
    ...(client === undefined ? { text: `relay says (${detail.url}): ${detail.text}` } : { client, text: `ws#${client} relay says: ${detail.text}` }),
  });
});

/**
 * A server object whose calls, results and events are traced as a client's are (as
 * `server#N …`, with a lane of its own in the timeline). A `listening` trace follows
 * once start() resolves, which the page waits for before it runs a companion client.
 */
function tracedServer(server, id) {
  const owner = { server: id };
  const label = `server#${id}`;
  const method =
    (name, extra) =>
    (...args) =>
      traced(owner, label, name, server[name].bind(server), args, extra?.(args) ?? {});
  const tracedStart = method('start');
  return {
    start(...args) {
      const result = tracedStart(...args);
      if (result instanceof Promise) {
        const port = args[0]?.serverPort;
        const started = result.then(() => {
          const address = typeof port === 'number' ? serverAddress(port) : undefined;
          trace({ kind: 'listening', ...owner, name: 'listening', port, ...(address ? { address: `${address.host}:${address.port}` } : {}) });
        });
        liveServers.get(id).starting = started.catch(() => undefined);
      }
      return result;
    },
    stop: method('stop'),
    listAllConnections: method('listAllConnections'),
    send: method('send', (args) => ({ frame: 'out', data: showArgument(args[0]) })),
    close: method('close'),
    ...tracedListeners(server, owner, label, (type, args) => (type === 'messageReceive' ? { frame: 'in', data: showArgument(args[0]?.data) } : {})),
  };
}

/** A promise's outcome as a boolean: did it resolve? */
const resolves = (promise) =>
  Promise.resolve(promise).then(
    () => true,
    () => false,
  );

/**
 * The preview's own handle on this copy of the module (not part of the kit): the page
 * numbers across runs, and ends a run before the next one starts.
 */
export const preview = Object.freeze({
  /** Counts clients and servers on from the page's counters (shared by every run). */
  numberWith(counters) {
    numbering = counters;
  },
  /**
   * Ends what the run created, as an app would: each server stopped (its clients hear
   * 1001 "server is going away"; a start still under way is waited for first), each client
   * closed. Untraced: the run is over, its log is closed. Resolves with the ids of the
   * servers that stopped and the clients that closed (those not open refuse, as on the device).
   */
  async end() {
    const servers = [];
    const clients = [];
    await Promise.all([
      ...[...liveServers].map(async ([id, entry]) => {
        await entry.starting;
        if (await resolves(entry.server.stop())) servers.push(id);
      }),
      ...[...liveClients].map(async ([id, ws]) => {
        if (await resolves(ws.close())) clients.push(id);
      }),
    ]);
    return { servers: servers.sort((a, b) => a - b), clients: clients.sort((a, b) => a - b) };
  },
});

export const webSocket = Object.freeze({
  ...real,
  createWebSocketServer() {
    const id = ++numbering.servers;
    trace({ kind: 'call', server: id, name: 'createWebSocketServer', args: '()', text: `webSocket.createWebSocketServer() → server#${id}` });
    const server = real.createWebSocketServer();
    liveServers.set(id, { server, starting: undefined });
    return tracedServer(server, id);
  },
  createWebSocket() {
    const id = ++numbering.clients;
    trace({ kind: 'call', client: id, name: 'createWebSocket', args: '()', text: `webSocket.createWebSocket() → ws#${id}` });
    const ws = real.createWebSocket();
    liveClients.set(id, ws);
    return tracedClient(ws, id);
  },
});

export default { webSocket };
