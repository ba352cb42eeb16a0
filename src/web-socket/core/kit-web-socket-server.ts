import { withCallback, type NodeStyleCallback } from '../../core/async-callback.js';
import { ListenerSlots, type Listener } from '../../core/listener-slots.js';
import type { webSocket } from '../../../types/web-socket.js';
import type { ServerEvent, ServerState } from './server-calls.js';
import type { ServerWire } from './server-wire.js';

/**
 * The server's methods, loaded on first use (server-calls.ts): pages that never create
 * a server do not carry them. One promise for every call, so that the calls run in the
 * order the app made them (two import() promises need not settle in their order).
 */
let loaded: Promise<typeof import('./server-calls.js')> | undefined;
const calls = (): Promise<typeof import('./server-calls.js')> => (loaded ??= import('./server-calls.js'));

/**
 * `webSocket.WebSocketServer` (API 19), as the device runs it (OH §6): arguments and
 * their order of checks, the connection map, the events and their arguments, stop()
 * and the device's quirks live in server-calls.ts; the wire (server-wire.ts) listens:
 * through the dev relay in a page, natively in Node. on/off behave as the device's,
 * synchronously.
 *
 * Callback or Promise (OH §6.4, §2.2): only close() ever takes a callback, and only
 * for a call the device refuses with 401. Every other form returns a Promise, and a
 * function among the arguments is an argument like any other (start's, send's: 401;
 * stop's, listAllConnections': 2302999), never called.
 */
export class KitWebSocketServer implements webSocket.WebSocketServer {
  readonly #state: ServerState;

  /** @param wire the build's way to listen (server-wire.ts). */
  constructor(wire: ServerWire) {
    this.#state = {
      wire,
      listeners: new ListenerSlots<ServerEvent>(['connect', 'messageReceive', 'close', 'error']),
      phase: 'idle',
      listening: new Map(),
      connections: undefined,
      admitted: new Map(),
    };
  }

  start(config: webSocket.WebSocketServerConfig): Promise<boolean>;
  start(...args: unknown[]): Promise<boolean> | undefined {
    // OH §2.2: a method called on a foreign `this` silently returns undefined.
    if (!(this instanceof KitWebSocketServer)) return undefined;
    const state = this.#state;
    return calls().then((server) => server.start(state, args));
  }

  stop(): Promise<boolean>;
  stop(...args: unknown[]): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    const state = this.#state;
    return calls().then((server) => server.stop(state, args));
  }

  /** OH §6.4: a Promise, despite the SDK's synchronous signature. */
  listAllConnections(): Promise<webSocket.WebSocketConnection[]>;
  listAllConnections(...args: unknown[]): Promise<webSocket.WebSocketConnection[]> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    const state = this.#state;
    return calls().then((server) => server.listAllConnections(state, args));
  }

  send(data: string | ArrayBuffer, connection: webSocket.WebSocketConnection): Promise<boolean>;
  send(...args: unknown[]): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    const state = this.#state;
    return calls().then((server) => server.send(state, args));
  }

  close(connection: webSocket.WebSocketConnection, options?: webSocket.WebSocketCloseOptions): Promise<boolean>;
  close(...args: unknown[]): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    const state = this.#state;
    // OH §6.4: ServerCloseContext takes a function as the callback when it is the last of
    // one or two arguments, which is never a valid call (a function is neither a
    // connection nor options): the callback gets the 401, close() returns undefined.
    const closed = calls().then((server) => server.close(state, args));
    const last = args[args.length - 1];
    return args.length < 3 && typeof last === 'function' ? withCallback(closed, last as NodeStyleCallback<boolean>) : closed;
  }

  on(type: string, listener: Listener): void;
  on(...args: unknown[]): void {
    this.#state.listeners.on(args);
  }

  off(type: string, listener?: Listener): void;
  off(...args: unknown[]): void {
    this.#state.listeners.off(args);
  }
}
