import { ListenerSlots, type Listener } from '../../core/listener-slots.js';
import type { webSocket } from '../../../types/web-socket.js';
import type { ServerWire } from './server-wire.js';

type ServerEvent = 'connect' | 'messageReceive' | 'close' | 'error';

/** The method checks, loaded on first use (server-calls.ts). */
const calls = () => import('./server-calls.js');

/**
 * `webSocket.WebSocketServer` (API 19). Arguments are checked exactly as the device
 * checks them (OH §6), so app code gets the device's codes for its mistakes.
 *
 * Not hosted yet: a page cannot listen on a socket, and neither the dev relay nor
 * the Node entry listens for it, so a well-formed start() is refused with 2302999 and
 * a message that says so; with no server running, every other method answers as a
 * device with a stopped server does (2302006 / 2302999). on/off behave as the
 * device's, synchronously.
 */
export class KitWebSocketServer implements webSocket.WebSocketServer {
  readonly #listeners = new ListenerSlots<ServerEvent>(['connect', 'messageReceive', 'close', 'error']);
  readonly #wire: ServerWire;

  /** @param wire the build's way to listen (server-wire.ts). */
  constructor(wire: ServerWire) {
    this.#wire = wire;
  }

  start(config: webSocket.WebSocketServerConfig): Promise<boolean>;
  start(...args: unknown[]): Promise<boolean> | undefined {
    // OH §2.2: a method called on a foreign `this` silently returns undefined.
    if (!(this instanceof KitWebSocketServer)) return undefined;
    const wire = this.#wire;
    return calls().then((server) => server.start(args, wire));
  }

  stop(): Promise<boolean>;
  stop(): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    return calls().then((server) => server.notStarted());
  }

  /** OH §6.4: a Promise, despite the SDK's synchronous signature. */
  listAllConnections(): Promise<webSocket.WebSocketConnection[]>;
  listAllConnections(): Promise<webSocket.WebSocketConnection[]> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    return calls().then((server) => server.notStarted());
  }

  send(data: string | ArrayBuffer, connection: webSocket.WebSocketConnection): Promise<boolean>;
  send(...args: unknown[]): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    return calls().then((server) => server.send(args));
  }

  close(connection: webSocket.WebSocketConnection, options?: webSocket.WebSocketCloseOptions): Promise<boolean>;
  close(...args: unknown[]): Promise<boolean> | undefined {
    if (!(this instanceof KitWebSocketServer)) return undefined;
    return calls().then((server) => server.close(args));
  }

  on(type: string, listener: Listener): void;
  on(...args: unknown[]): void {
    this.#listeners.on(args);
  }

  off(type: string, listener?: Listener): void;
  off(...args: unknown[]): void {
    this.#listeners.off(args);
  }
}
