// '@kit.NetworkKit' as the preview's examples see it: the real ohos-netkit module, with
// every call, result and event of every client and server reported to the page. The app's own
// listeners get exactly what they would get without the preview. Each run has its own copy
// (a run's code runs in a frame of its own, see run-realm.ts), and `preview` below lets
// that frame end what the run created.
//
// What it reports: a `netkit-trace` CustomEvent on window for each, whose detail is
//   kind     'call' | 'result' | 'failure' | 'event' | 'diagnostic' | 'listening', and for
//            http requests 'request' | 'headers' | 'data' | 'progress' | 'end' | 'error'
//            (see "http" below)
//   text     the log line, as the device's values print (absent: for the timeline only,
//            e.g. a call, whose line comes with its outcome)
//   client   N of ws#N; server  N of server#N (absent for a diagnostic of no known client);
//            request  N of http#N (one createHttp() object, however many requests it makes)
//   name     'createWebSocket', 'createWebSocketServer', the method ('connect', 'send',
//            'close', 'start', 'stop', …) or the event type ('open', 'message', 'connect', …)
//   args     the arguments as shown, '("ws://…", callback)'
//   outcome  results and failures: 'callback(undefined, true)', 'resolved true', …
//   frame    'out' for a send (its data as `data`), 'in' for a client's message event and a
//            server's messageReceive (likewise), with `size` (bytes), `binary`, and `content`
//            (the text, or the bytes in hex, cut at CONTENT_LIMIT) for the lane's frame list
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
const realHttp = realKit.http;
/** ws#N, server#N and http#N: the page hands each run fresh counters (preview.numberWith), so each run counts from 1. */
let numbering = { clients: 0, servers: 0, requests: 0 };
/** A frame's content shown in the lane's frame list: this many characters, or half as many bytes in hex. */
const CONTENT_LIMIT = 4096;
/**
 * The app's callback or listener running now, if any (preview.runningNow): the page tells
 * from it what a console line answers, e.g. connect()'s callback.
 */
let running;
/** A rejection's value → the call that rejected with it (preview.originOf). */
const rejections = new WeakMap();
/** 'client:N', 'server:N' or 'request:N' → the names of its calls not settled yet, one entry per call. */
const unsettled = new Map();
/** client id → the url of its latest connect() */
const urls = new Map();
/** What this run created, for preview.end(): id → the real client. */
const liveClients = new Map();
/** id → { server: the real server, starting: its latest start(), settled either way } */
const liveServers = new Map();
/** id → { request: the real HttpRequest, inFlight: its requests not settled yet } */
const liveRequests = new Map();

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

/** What a frame's trace says of its data: its size, whether binary, and its content for the lane's frame list. */
function frameOf(data) {
  if (data instanceof ArrayBuffer) {
    const bytes = new Uint8Array(data, 0, Math.min(data.byteLength, CONTENT_LIMIT / 2));
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    return { size: data.byteLength, binary: true, content: data.byteLength > bytes.length ? `${hex} …` : hex };
  }
  if (typeof data === 'string') {
    const content = data.length > CONTENT_LIMIT ? `${data.slice(0, CONTENT_LIMIT)}…` : data;
    return { size: new TextEncoder().encode(data).byteLength, binary: false, content };
  }
  return {};
}

/** Runs the app's `fn` as `what` (preview.runningNow), whatever it throws. */
function runAs(what, fn, args) {
  const outer = running;
  running = what;
  try {
    return fn(...args);
  } finally {
    running = outer;
  }
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
  const key = Object.entries(owner)
    .map(([kind, id]) => `${kind}:${id}`)
    .join();
  const pending = unsettled.get(key) ?? [];
  unsettled.set(key, pending);
  const pendingAtCall = [...pending];
  pending.push(name);
  const settled = () => {
    const at = pending.indexOf(name);
    if (at !== -1) pending.splice(at, 1);
  };
  trace({ kind: 'call', ...call, ...extra });
  const outcome = (kind, text) => trace({ kind, ...call, outcome: text, text: `${line} → ${text}` });
  if (typeof last === 'function') {
    const callback = (...result) => {
      settled();
      outcome(result[0] === undefined ? 'result' : 'failure', `callback${showArguments(result)}`);
      return runAs({ ...owner, name, kind: 'callback', failed: result[0] !== undefined }, last, result);
    };
    return method(...args.slice(0, -1), callback);
  }
  const result = method(...args);
  if (result instanceof Promise) {
    result.then(
      (value) => {
        settled();
        outcome('result', `resolved ${showArgument(value)}`);
      },
      (error) => {
        settled();
        if (typeof error === 'object' && error !== null) rejections.set(error, { ...owner, name, pendingAtCall });
        outcome('failure', `rejected ${showArgument(error)}`);
      },
    );
  } else settled();
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
  /** The app's listener, with each event traced before it runs. */
  const tracing =
    (type, listener) =>
    (...args) => {
      trace({
        kind: 'event',
        ...owner,
        name: type,
        args: showArguments(args),
        text: `${label} ⟵ ${type}${showArguments(args)}`,
        ...describe(type, args),
      });
      return runAs({ ...owner, name: type, kind: 'listener' }, listener, args);
    };
  return {
    on(type, listener, ...rest) {
      registration('on', [type, listener, ...rest]);
      if (typeof listener !== 'function') return target.on(type, listener, ...rest);
      const wrapper = tracing(type, listener);
      registered.set(type, [listener, wrapper]);
      return target.on(type, wrapper, ...rest);
    },
    /** http's once(): the listener runs for one event (the kit removes it), traced like on()'s. */
    once(type, listener, ...rest) {
      registration('once', [type, listener, ...rest]);
      if (typeof listener !== 'function') return target.once(type, listener, ...rest);
      return target.once(type, tracing(type, listener), ...rest);
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
    send: method('send', (args) => ({ frame: 'out', data: showArgument(args[0]), ...frameOf(args[0]) })),
    close: method('close'),
    ...tracedListeners(ws, owner, label, (type, args) =>
      type === 'message' ? { frame: 'in', data: showArgument(args[1]), ...frameOf(args[1]) } : {},
    ),
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
    send: method('send', (args) => ({ frame: 'out', data: showArgument(args[0]), ...frameOf(args[0]) })),
    close: method('close'),
    ...tracedListeners(server, owner, label, (type, args) =>
      type === 'messageReceive' ? { frame: 'in', data: showArgument(args[0]?.data), ...frameOf(args[0]?.data) } : {},
    ),
  };
}

// ——— http ———
//
// An http object (createHttp(), http#N) gets a lane as a client does. Its traces:
//   'call'      createHttp(), on/off/once, destroy() (calls with no outcome of their own)
//   'request'   request()/requestInStream() called: `method` (the options', GET when none,
//               as the device's default, HTTP §3) and `url`; its log line comes with its outcome
//   'end'       the call succeeded: `status` (the response's responseCode; requestInStream
//               resolves with the code itself), text the outcome as the app gets it
//   'error'     the call failed: `code` (the BusinessError's), text likewise
//   'headers'   a headersReceive or headerReceive event (the headers, in `args`)
//   'data'      a dataReceive event: `size` bytes, and its content as a frame's
//   'progress'  dataReceiveProgress (`received` of `total`) or dataSendProgress (sent of total)
//   'event'     any other event (dataEnd, …)

/** What the timeline shows of an http event, by its type. */
function describeHttpEvent(type, args) {
  const [first] = args;
  switch (type) {
    case 'headersReceive':
      return { kind: 'headers' };
    case 'headerReceive':
      return first === undefined || first === null ? { kind: 'headers' } : {};
    case 'dataReceive':
      return { kind: 'data', ...frameOf(first) };
    case 'dataReceiveProgress':
      return { kind: 'progress', received: first?.receiveSize, total: first?.totalSize };
    case 'dataSendProgress':
      return { kind: 'progress', received: first?.sendSize, total: first?.totalSize };
    default:
      return {};
  }
}

/** A log line's value, cut where a response's body would make it unreadable (the app prints its own). */
const cut = (shown) => (shown.length > CONTENT_LIMIT ? `${shown.slice(0, CONTENT_LIMIT)}…` : shown);

/** request() or requestInStream() of http#`id`: 'request', then 'end' or 'error', whether it reports by callback or promise. */
function tracedRequest(id, entry, name, args) {
  const owner = { request: id };
  const shown = showArguments(args);
  const line = `http#${id} ${name}${shown}`;
  const options = typeof args[1] === 'object' && args[1] !== null ? args[1] : undefined;
  trace({
    kind: 'request',
    ...owner,
    name,
    args: shown,
    method: options?.method ?? 'GET',
    url: typeof args[0] === 'string' ? args[0] : showArgument(args[0]),
  });
  entry.inFlight += 1;
  const settle = (error, value, outcome) => {
    entry.inFlight -= 1;
    if (error === undefined || error === null) {
      const status = name === 'request' ? value?.responseCode : value;
      trace({ kind: 'end', ...owner, name, outcome, status: typeof status === 'number' ? status : undefined, text: `${line} → ${cut(outcome)}` });
    } else {
      trace({
        kind: 'error',
        ...owner,
        name,
        outcome,
        code: typeof error?.code === 'number' ? error.code : undefined,
        text: `${line} → ${cut(outcome)}`,
      });
    }
  };
  const last = args.at(-1);
  const method = entry.request[name].bind(entry.request);
  if (typeof last === 'function') {
    const callback = (...result) => {
      settle(result[0], result[1], `callback${showArguments(result)}`);
      return runAs({ ...owner, name, kind: 'callback', failed: result[0] !== undefined && result[0] !== null }, last, result);
    };
    return method(...args.slice(0, -1), callback);
  }
  const result = method(...args);
  if (result instanceof Promise) {
    result.then(
      (value) => settle(undefined, value, `resolved ${showArgument(value)}`),
      (error) => {
        if (typeof error === 'object' && error !== null) rejections.set(error, { ...owner, name, pendingAtCall: [] });
        settle(error ?? 'rejected', undefined, `rejected ${showArgument(error)}`);
      },
    );
  } else entry.inFlight -= 1;
  return result;
}

/** An HttpRequest whose calls and events are traced (http#N), its events given to the app's listeners unchanged. */
function tracedHttpRequest(request, id) {
  const owner = { request: id };
  const label = `http#${id}`;
  const entry = { request, inFlight: 0 };
  liveRequests.set(id, entry);
  const listeners = tracedListeners(request, owner, label, describeHttpEvent);
  const traced = {
    request: (...args) => tracedRequest(id, entry, 'request', args),
    requestInStream: (...args) => tracedRequest(id, entry, 'requestInStream', args),
    destroy(...args) {
      trace({ kind: 'call', ...owner, name: 'destroy', args: showArguments(args), text: `${label} destroy${showArguments(args)}` });
      return request.destroy(...args);
    },
    on: listeners.on,
    off: listeners.off,
    once: listeners.once,
  };
  // Whatever else the kit's object has (enableAutoCookie(), …) as it is, on the real object.
  return new Proxy(request, {
    get(target, key) {
      if (Object.hasOwn(traced, key)) return traced[key];
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The kit's http namespace with createHttp() traced, everything else as the kit has it. */
export const http = Object.freeze({
  ...realHttp,
  createHttp() {
    numbering.requests = (numbering.requests ?? 0) + 1;
    const id = numbering.requests;
    trace({ kind: 'call', request: id, name: 'createHttp', args: '()', text: `http.createHttp() → http#${id}` });
    return tracedHttpRequest(realHttp.createHttp(), id);
  },
});

/** A promise's outcome as a boolean: did it resolve? */
const resolves = (promise) =>
  Promise.resolve(promise).then(
    () => true,
    () => false,
  );

/**
 * The preview's own handle on this copy of the module (not part of the kit): the page
 * numbers the run's clients and servers, asks what a console line or an unhandled
 * rejection came from, and ends a run before the next one starts.
 */
export const preview = Object.freeze({
  /** Counts clients and servers on from the page's counters (fresh for every run). */
  numberWith(counters) {
    numbering = counters;
  },
  /** The app's callback or listener running now: `{ client | server, name, kind: 'callback' | 'listener', failed? }`, or undefined. */
  runningNow() {
    return running === undefined ? undefined : { ...running };
  },
  /** The call a rejection's value came from: `{ client | server, name, pendingAtCall }`, or undefined. */
  originOf(reason) {
    const origin = typeof reason === 'object' && reason !== null ? rejections.get(reason) : undefined;
    return origin === undefined ? undefined : { ...origin, pendingAtCall: [...origin.pendingAtCall] };
  },
  /**
   * Ends what the run created, as an app would: each server stopped (its clients hear
   * 1001 "server is going away"; a start still under way is waited for first), each client
   * closed, each http object with a request under way destroyed. Untraced: the run is over,
   * its log is closed. Resolves with the ids of the servers that stopped, the clients that
   * closed (those not open refuse, as on the device) and the http objects destroyed.
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
    // An http object with a request still under way is destroyed, as an app leaving would (HTTP §7.3).
    const requests = [];
    for (const [id, entry] of liveRequests) {
      if (entry.inFlight <= 0) continue;
      try {
        entry.request.destroy();
        requests.push(id);
      } catch {
        // Already destroyed by the app.
      }
    }
    return { servers: servers.sort((a, b) => a - b), clients: clients.sort((a, b) => a - b), requests };
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

export default { webSocket, http };
