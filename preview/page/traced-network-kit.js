// '@kit.NetworkKit' as the preview's examples see it: the real ohos-netkit module, with
// every call, result and event of every client and server reported to the page. The app's own
// listeners get exactly what they would get without the preview.
//
// What it reports: a `netkit-trace` CustomEvent on window for each, whose detail is
//   kind     'call' | 'result' | 'failure' | 'event' | 'diagnostic'
//   text     the log line, as the device's values print (absent: for the timeline only,
//            e.g. a call, whose line comes with its outcome)
//   client   N of ws#N (absent for a diagnostic of no known client)
//   name     'createWebSocket', the method ('connect', 'send', 'close', 'on', 'off') or
//            the event type ('open', 'message', …)
//   args     the arguments as shown, '("ws://…", callback)'
//   outcome  results and failures: 'callback(undefined, true)', 'resolved true', …
//   frame    'out' for send (its data as `data`), 'in' for a message event (likewise)
//   url      connect calls and diagnostics: the address
//   diagnostic  diagnostics: the side channel's text, as the library gave it
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

const real = realKit.webSocket;
let clients = 0;
/** client id → the url of its latest connect() */
const urls = new Map();

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

/** Logs a method's outcome, whether it reports through a callback or a promise, without changing it. */
function traced(name, id, method, args) {
  const last = args[args.length - 1];
  const shown = showArguments(args);
  const label = `ws#${id} ${name}${shown}`;
  const call = { client: id, name, args: shown };
  if (name === 'connect' && typeof args[0] === 'string') urls.set(id, args[0]);
  trace({
    kind: 'call',
    ...call,
    ...(name === 'connect' ? { url: args[0] } : {}),
    ...(name === 'send' ? { frame: 'out', data: showArgument(args[0]) } : {}),
  });
  const outcome = (kind, text) => trace({ kind, ...call, outcome: text, text: `${label} → ${text}` });
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

function tracedClient(ws, id) {
  /** type → [the app's listener, the traced wrapper registered in its place] */
  const registered = new Map();
  const registration = (name, args) => trace({ kind: 'call', client: id, name, args: showArguments(args) });
  return {
    connect: (...args) => traced('connect', id, ws.connect.bind(ws), args),
    send: (...args) => traced('send', id, ws.send.bind(ws), args),
    close: (...args) => traced('close', id, ws.close.bind(ws), args),
    on(type, listener, ...rest) {
      registration('on', [type, listener, ...rest]);
      if (typeof listener !== 'function') return ws.on(type, listener, ...rest);
      const wrapper = (...args) => {
        trace({
          kind: 'event',
          client: id,
          name: type,
          args: showArguments(args),
          text: `ws#${id} ⟵ ${type}${showArguments(args)}`,
          ...(type === 'message' ? { frame: 'in', data: showArgument(args[1]) } : {}),
        });
        return listener(...args);
      };
      registered.set(type, [listener, wrapper]);
      return ws.on(type, wrapper, ...rest);
    },
    off(type, ...rest) {
      registration('off', [type, ...rest]);
      const [listener] = rest;
      const entry = registered.get(type);
      // off(type, fn) removes only fn, as on the device: translate it to our wrapper.
      if (rest.length === 1 && entry !== undefined && entry[0] === listener) {
        registered.delete(type);
        return ws.off(type, entry[1]);
      }
      if (rest.length === 0) registered.delete(type);
      return ws.off(type, ...rest);
    },
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

let servers = 0;

/**
 * A server object whose calls, results and events are logged (as `server#N …`; the
 * timeline has lanes for clients only). `started` traces fire with `name: 'listening'`
 * once start() resolves, which the page waits for before it runs a companion client.
 */
function tracedServer(server, id) {
  /** type → [the app's listener, the traced wrapper registered in its place] */
  const registered = new Map();
  const label = (name, args) => `server#${id} ${name}${showArguments(args)}`;
  const method =
    (name) =>
    (...args) => {
      const result = server[name](...args);
      if (result instanceof Promise) {
        result.then(
          (value) => {
            trace({ kind: 'result', server: id, name, text: `${label(name, args)} → resolved ${showArgument(value)}` });
            if (name === 'start') trace({ kind: 'listening', server: id, name: 'listening', port: args[0]?.serverPort });
          },
          (error) => trace({ kind: 'failure', server: id, name, text: `${label(name, args)} → rejected ${showArgument(error)}` }),
        );
      }
      return result;
    };
  return {
    start: method('start'),
    stop: method('stop'),
    listAllConnections: method('listAllConnections'),
    send: method('send'),
    close: method('close'),
    on(type, listener, ...rest) {
      if (typeof listener !== 'function') return server.on(type, listener, ...rest);
      const wrapper = (...args) => {
        trace({ kind: 'event', server: id, name: type, text: `server#${id} ⟵ ${type}${showArguments(args)}` });
        return listener(...args);
      };
      registered.set(type, [listener, wrapper]);
      return server.on(type, wrapper, ...rest);
    },
    off(type, ...rest) {
      const entry = registered.get(type);
      // off(type, fn) removes only fn, as on the device: translate it to our wrapper.
      if (rest.length === 1 && entry !== undefined && entry[0] === rest[0]) {
        registered.delete(type);
        return server.off(type, entry[1]);
      }
      if (rest.length === 0) registered.delete(type);
      return server.off(type, ...rest);
    },
  };
}

export const webSocket = Object.freeze({
  ...real,
  createWebSocketServer() {
    const id = ++servers;
    trace({ kind: 'call', name: 'createWebSocketServer', args: '()', text: `webSocket.createWebSocketServer() → server#${id}` });
    return tracedServer(real.createWebSocketServer(), id);
  },
  createWebSocket() {
    const id = ++clients;
    trace({ kind: 'call', client: id, name: 'createWebSocket', args: '()', text: `webSocket.createWebSocket() → ws#${id}` });
    return tracedClient(real.createWebSocket(), id);
  },
});

export default { webSocket };
