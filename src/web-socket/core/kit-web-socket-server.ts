import { withCallback, type NodeStyleCallback } from '../../core/async-callback.js';
import { ListenerSlots, type Listener } from '../../core/listener-slots.js';
import type { webSocket } from '../../../types/web-socket.js';
import type { ServerEvent, ServerState } from './server-calls.js';
import type { ServerWire } from './server-wire.js';
import { stopWhenCollected } from './stop-when-collected.js';

/**
 * The server's methods, loaded on first use (server-calls.ts): pages that never start
 * a server do not carry them, nor the wire it listens on. One promise for every call, so
 * that the calls run in the order the app made them (two import() promises need not
 * settle in their order).
 */
let loaded: Promise<typeof import('./server-calls.js')> | undefined;
const calls = (): Promise<typeof import('./server-calls.js')> => (loaded ??= import('./server-calls.js'));

type Method = 'start' | 'stop' | 'listAllConnections' | 'send' | 'close';

/**
 * `webSocket.WebSocketServer` (API 19), as the device runs it (WS §6): arguments and
 * their order of checks, the connection map, the events and their arguments, stop()
 * and the device's quirks live in server-calls.ts; the wire (server-wire.ts) listens:
 * through the dev relay in a page, natively in Node. on/off behave as the device's,
 * synchronously.
 *
 * Callback or Promise (WS §6.4, §2.2): only close() ever takes a callback, and only
 * for a call the device refuses with 401. Every other form returns a Promise, and a
 * function among the arguments is an argument like any other (start's, send's: 401;
 * stop's, listAllConnections': 2302999), never called.
 *
 * WS §4 "GC": a server object the app can no longer reach is stopped when collected
 * (stopWhenCollected): the wire holds its state, never the object or its listeners.
 */
export class KitWebSocketServer implements webSocket.WebSocketServer {
  readonly #listeners = new ListenerSlots<ServerEvent>(['connect', 'messageReceive', 'close', 'error']);
  readonly #state: ServerState;

  /** @param wire loads the build's way to listen (server-wire.ts), on the first start(). */
  constructor(wire: () => Promise<ServerWire>) {
    const state: ServerState = {
      wire,
      listeners: new WeakRef(this.#listeners),
      phase: 'idle',
      listening: new Map(),
      connections: undefined,
      admitted: new Map(),
    };
    this.#state = state;
    // Only a server that started has anything to stop, and server-calls.ts is loaded then.
    stopWhenCollected.register(this, { stop: () => state.phase === 'idle' || void calls().then((server) => server.stopCollected(state)) });
  }

  start(config: webSocket.WebSocketServerConfig): Promise<boolean>;
  start(...args: unknown[]): Promise<boolean> | undefined {
    return KitWebSocketServer.#call(this, 'start', args);
  }

  stop(): Promise<boolean>;
  stop(...args: unknown[]): Promise<boolean> | undefined {
    return KitWebSocketServer.#call(this, 'stop', args);
  }

  /** WS §6.4: a Promise, despite the SDK's synchronous signature. */
  listAllConnections(): Promise<webSocket.WebSocketConnection[]>;
  listAllConnections(...args: unknown[]): Promise<webSocket.WebSocketConnection[]> | undefined {
    return KitWebSocketServer.#call(this, 'listAllConnections', args);
  }

  send(data: string | ArrayBuffer, connection: webSocket.WebSocketConnection): Promise<boolean>;
  send(...args: unknown[]): Promise<boolean> | undefined {
    return KitWebSocketServer.#call(this, 'send', args);
  }

  close(connection: webSocket.WebSocketConnection, options?: webSocket.WebSocketCloseOptions): Promise<boolean>;
  close(...args: unknown[]): Promise<boolean> | undefined {
    return KitWebSocketServer.#call(this, 'close', args);
  }

  on(type: string, listener: Listener): void;
  on(...args: unknown[]): void {
    this.#listeners.on(args);
  }

  off(type: string, listener?: Listener): void;
  off(...args: unknown[]): void {
    this.#listeners.off(args);
  }

  static #call<T>(self: unknown, method: Method, args: unknown[]): Promise<T> | undefined {
    // WS §2.2: a method called on a foreign `this` silently returns undefined.
    if (typeof self !== 'object' || self === null || !(#state in self)) return undefined;
    const state = self.#state;
    const done = calls().then((server) => server[method](state, args) as Promise<T>);
    // WS §6.4: ServerCloseContext takes a function as the callback when it is the last of
    // one or two arguments, which is never a valid call (a function is neither a
    // connection nor options): the callback gets the 401, close() returns undefined.
    const last = args[args.length - 1];
    return method === 'close' && args.length < 3 && typeof last === 'function' ? withCallback(done, last as NodeStyleCallback<T>) : done;
  }
}
