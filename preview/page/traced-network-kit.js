// '@kit.NetworkKit' as the preview's examples see it: the real ohos-netkit module, with
// every call, result and event of every client written to the log panel. The app's
// own listeners get exactly what they would get without the preview.
import realKit from '/browser/index.js';

const real = realKit.webSocket;
let clients = 0;

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

function trace(kind, text) {
  window.dispatchEvent(new CustomEvent('netkit-trace', { detail: { kind, text } }));
}

/** Logs a method's outcome, whether it reports through a callback or a promise, without changing it. */
function traced(name, id, method, args) {
  const last = args[args.length - 1];
  const label = `ws#${id} ${name}${showArguments(args)}`;
  if (typeof last === 'function') {
    const callback = (...outcome) => {
      trace(outcome[0] === undefined ? 'result' : 'failure', `${label} → callback${showArguments(outcome)}`);
      return last(...outcome);
    };
    return method(...args.slice(0, -1), callback);
  }
  const result = method(...args);
  if (result instanceof Promise) {
    result.then(
      (value) => trace('result', `${label} → resolved ${showArgument(value)}`),
      (error) => trace('failure', `${label} → rejected ${showArgument(error)}`),
    );
  }
  return result;
}

function tracedClient(ws, id) {
  /** type → [the app's listener, the traced wrapper registered in its place] */
  const registered = new Map();
  return {
    connect: (...args) => traced('connect', id, ws.connect.bind(ws), args),
    send: (...args) => traced('send', id, ws.send.bind(ws), args),
    close: (...args) => traced('close', id, ws.close.bind(ws), args),
    on(type, listener, ...rest) {
      if (typeof listener !== 'function') return ws.on(type, listener, ...rest);
      const wrapper = (...args) => {
        trace('event', `ws#${id} ⟵ ${type}${showArguments(args)}`);
        return listener(...args);
      };
      registered.set(type, [listener, wrapper]);
      return ws.on(type, wrapper, ...rest);
    },
    off(type, ...rest) {
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

export const webSocket = Object.freeze({
  ...real,
  createWebSocket() {
    const id = ++clients;
    trace('call', `webSocket.createWebSocket() → ws#${id}`);
    return tracedClient(real.createWebSocket(), id);
  },
});

export default { webSocket };
