import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { closeWithDeviceCode } from './close-with-device-code.js';
import { ABNORMAL_CLOSURE, GOING_AWAY, NO_STATUS_RECEIVED } from '../../protocol/close-codes.js';
import { SERVER_GOING_AWAY_REASON } from '../core/server-limits.js';
import { tapFrames, type FrameTap } from '../../net/ws-frames/frame-tap.js';

export interface DeviceServerOptions {
  /** The address to bind ('::' for every interface). */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Largest message taken from a client; 0 = no limit, as on the device (WS §6.3). */
  readonly maxPayload: number;
  /** How long a client may take to send its upgrade request, and how long its handshake may then wait for a decision. */
  readonly handshakeTimeoutMs: number;
  /** Handshakes that may wait for a decision at once; past it a newcomer is hung up on at once. */
  readonly maxWaitingHandshakes: number;
  /**
   * Hand each client's binary messages on as the frames they came in, unmasked
   * (events.frames, frame-tap.ts), from passFrames(id) on, instead of as messages: for a
   * relay that forwards them to a page. Text stays a message (its UTF-8 is repaired).
   */
  readonly passBinaryFrames?: boolean;
  /** What the server does and refuses, for a log. */
  log(level: 'info' | 'warn', message: string): void;
}

/** A client whose upgrade completed, with the server-side ws of its connection. */
export interface DeviceServerClient {
  /** The device's id of a client: "ip:port" (WS §6.3). */
  readonly id: string;
  readonly clientIP: string;
  readonly clientPort: number;
  readonly socket: WebSocket;
}

/** A client's valid upgrade request, held (no 101) until accept(id) or refuse(id). */
export interface DeviceServerHandshake {
  /** The device's id of a client: "ip:port" (WS §6.3). */
  readonly id: string;
  readonly clientIP: string;
  readonly clientPort: number;
}

export interface DeviceServerEvents {
  /**
   * A handshake waits for a decision: accept(id) or refuse(id), at once or later. It is
   * hung up on (and reported as abandoned) when the client leaves or no decision comes
   * within handshakeTimeoutMs.
   */
  handshake(handshake: DeviceServerHandshake): void;
  /** A handshake ended while it waited: the client left, or it timed out (`why`, for a log). */
  abandoned?(id: string, why: string): void;
  /** One whole message; text always valid UTF-8 (each bad sequence a U+FFFD, as the device turns it into a string). */
  message(id: string, data: Buffer, isBinary: boolean): void;
  /** With passBinaryFrames, after passFrames(id): whole binary frames, unmasked, as a page's leg takes them. */
  frames?(id: string, parts: Buffer[]): void;
  /** The client's close frame (`code` undefined without a status), or its answer to ours. */
  closed(id: string, code: number | undefined, reason: string): void;
  dropped(id: string): void;
}

/** A handshake waiting for its decision: what ws needs to complete it, and what frees it. */
interface WaitingHandshake {
  readonly socket: Duplex;
  /** ws' own continuation: true completes the upgrade (the 101) at once. */
  readonly complete: (verified: boolean) => void;
  readonly timer: NodeJS.Timeout;
  readonly onClose: () => void;
}

/**
 * A WebSocket server listening in Node the way the device's lws server listens for an
 * app (WS §6): each valid handshake held without a 101 until its owner decides on it
 * (the device's admission, WS §6.2, is the app's core's: refused handshakes are hung
 * up on), no subprotocol chosen (netstack's protocol table is fixed and never
 * offered), no compression, messages whole, close codes exact (1000–1015), and a
 * client's end reported in the device's terms. The Node entry's server and the dev
 * relay's hosted servers are this.
 */
export class DeviceServer {
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #events: DeviceServerEvents;
  readonly #options: DeviceServerOptions;
  readonly #clients = new Map<string, DeviceServerClient>();
  /** With passBinaryFrames: each client's tap, until its end. */
  readonly #taps = new Map<string, FrameTap>();
  /** Sockets that have not upgraded yet, each with its timer. */
  readonly #pending = new Map<Socket, NodeJS.Timeout>();
  /** Valid handshakes waiting for accept() or refuse(), by id. */
  readonly #waiting = new Map<string, WaitingHandshake>();
  readonly #closed: Promise<void>;
  #markClosed!: () => void;
  #listening = true;

  private constructor(http: Server, options: DeviceServerOptions, events: DeviceServerEvents) {
    this.#http = http;
    this.#options = options;
    this.#events = events;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      // WS §6.3: the app gets each message whole; the device has no limit.
      maxPayload: options.maxPayload > 0 ? options.maxPayload : 2 ** 53 - 1,
      skipUTF8Validation: true,
      // WS §6.1: netstack's lws protocol table is fixed and never chosen by a client's offer.
      handleProtocols: () => false,
      // ws calls this once it has checked the request (method, key, version, headers),
      // and completes the upgrade only when `complete(true)` is called: that holds a
      // valid handshake, without a 101, until its owner decides (WS §6.2).
      verifyClient: (info: { req: IncomingMessage }, complete: (verified: boolean) => void) => this.#hold(info.req, complete),
    });
    http.on('connection', (socket: Socket) => this.#onConnection(socket));
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.#onUpgrade(request, socket, head));
    http.on('request', (_request, response) => response.writeHead(426, { connection: 'close' }).end());
    http.on('clientError', (_error, socket) => socket.destroy());
  }

  /** Listens on `options.host`:`options.port`; rejects with Node's error (EADDRINUSE, EACCES…) when it cannot. */
  static async listen(options: DeviceServerOptions, events: DeviceServerEvents): Promise<DeviceServer> {
    const http = createServer();
    http.headersTimeout = options.handshakeTimeoutMs;
    http.requestTimeout = options.handshakeTimeoutMs;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen({ host: options.host, port: options.port, exclusive: true }, () => {
        http.off('error', reject);
        resolve();
      });
    });
    http.on('error', (error) => options.log('warn', `server error: ${error.message}`));
    return new DeviceServer(http, options, events);
  }

  get address(): { host: string; port: number } {
    const address = this.#http.address() as AddressInfo | null;
    return { host: address?.address ?? this.#options.host, port: address?.port ?? 0 };
  }

  /** Resolves once the port is given back and no client socket is left. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /**
   * Completes a waiting handshake (the 101) at once: the client, or undefined when the
   * handshake is no longer waiting (it left, timed out, was decided already) or its
   * socket could not take the answer (it left meanwhile).
   */
  accept(id: string): DeviceServerClient | undefined {
    const waiting = this.#stopWaiting(id);
    if (waiting === undefined) return undefined;
    // ws completes the upgrade within this call (its callback, #onClient, too), or destroys a socket that has gone.
    waiting.complete(true);
    return this.#clients.get(id);
  }

  /** Hangs up on a waiting handshake without an answer (WS §6.2: lws refuses it so); false when it was not waiting. */
  refuse(id: string): boolean {
    const waiting = this.#stopWaiting(id);
    waiting?.socket.destroy();
    this.#settle();
    return waiting !== undefined;
  }

  send(id: string, data: Buffer | ArrayBuffer | string, isBinary: boolean, cb?: (error?: Error) => void): void {
    const client = this.#clients.get(id);
    if (client === undefined || client.socket.readyState !== WebSocket.OPEN) {
      if (cb !== undefined) process.nextTick(cb, new Error(`no open client ${id}`));
      return;
    }
    client.socket.send(data, { binary: isBinary, compress: false }, cb);
  }

  /**
   * From now on, `id`'s binary messages go to events.frames as frames (a message under
   * way still comes whole). False when they cannot (no passBinaryFrames, or ws' internals
   * were not as frame-tap.ts expects): they keep coming as messages.
   */
  passFrames(id: string): boolean {
    const tap = this.#taps.get(id);
    tap?.startPassing();
    return tap !== undefined;
  }

  /** Starts the closing handshake with the device's exact code (1000–1015) and reason. */
  close(id: string, code: number, reason: string): void {
    const client = this.#clients.get(id);
    if (client === undefined) return;
    client.socket.resume();
    closeWithDeviceCode(client.socket, code, Buffer.from(reason, 'utf8'), (why) => this.#options.log('info', why));
  }

  /**
   * WS §6.4 stop: no newcomer, every client closed with 1001 "server is going away", the
   * port given back. `reason` replaces the device's: a relay whose page went away closes
   * with the browser's empty one.
   */
  stop(reason = SERVER_GOING_AWAY_REASON): void {
    this.#stopListening();
    for (const client of this.#clients.values()) {
      client.socket.resume();
      closeWithDeviceCode(client.socket, GOING_AWAY, Buffer.from(reason), (why) => this.#options.log('info', why));
    }
    this.#settle();
  }

  /** Ends at once: the port given back, every client dropped (no close frames). */
  destroy(): void {
    this.#stopListening();
    for (const client of this.#clients.values()) client.socket.terminate();
    this.#settle();
  }

  /** No newcomer: the port given back, every socket before its upgrade and every waiting handshake hung up on (no 101, not reported). */
  #stopListening(): void {
    if (!this.#listening) return;
    this.#listening = false;
    this.#http.close(() => this.#settle());
    for (const [socket, timer] of this.#pending) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.#pending.clear();
    for (const id of [...this.#waiting.keys()]) this.#stopWaiting(id)?.socket.destroy();
  }

  #settle(): void {
    if (!this.#listening && this.#clients.size === 0 && this.#pending.size === 0 && this.#waiting.size === 0 && !this.#http.listening)
      this.#markClosed();
  }

  /** A valid upgrade request from ws (verifyClient): held until decided, or hung up on when too many wait already. */
  #hold(request: IncomingMessage, complete: (verified: boolean) => void): void {
    const socket = request.socket;
    const clientIP = unmapped(socket.remoteAddress ?? '');
    const clientPort = socket.remotePort ?? 0;
    const id = `${clientIP}:${clientPort}`;
    // A client that has gone already (or half-closed) is nobody to ask about.
    if (!this.#listening || this.#waiting.has(id) || socket.destroyed || !socket.readable) {
      socket.destroy();
      return;
    }
    if (this.#waiting.size >= this.#options.maxWaitingHandshakes) {
      this.#options.log('warn', `hung up on client ${id}: ${this.#options.maxWaitingHandshakes} handshakes are waiting for a decision already`);
      socket.destroy();
      return;
    }
    const abandon = (why: string): void => {
      if (this.#stopWaiting(id) === undefined) return;
      socket.destroy();
      this.#events.abandoned?.(id, why);
      this.#settle();
    };
    const timer = setTimeout(() => {
      this.#options.log('warn', `no decision on client ${id}'s handshake within ${this.#options.handshakeTimeoutMs} ms; hanging up`);
      abandon('timed out');
    }, this.#options.handshakeTimeoutMs);
    timer.unref();
    // The HTTP server lets sockets half-close: a client that ends its side has left too.
    const onClose = (): void => abandon('the client left');
    socket.once('close', onClose);
    socket.once('end', onClose);
    this.#waiting.set(id, { socket, complete, timer, onClose });
    this.#events.handshake({ id, clientIP, clientPort });
  }

  /** Takes a handshake out of the waiting ones (its timer and close listener with it). */
  #stopWaiting(id: string): WaitingHandshake | undefined {
    const waiting = this.#waiting.get(id);
    if (waiting === undefined) return undefined;
    this.#waiting.delete(id);
    clearTimeout(waiting.timer);
    waiting.socket.off('close', waiting.onClose);
    waiting.socket.off('end', waiting.onClose);
    return waiting;
  }

  #onConnection(socket: Socket): void {
    socket.on('error', () => {});
    const timer = setTimeout(() => socket.destroy(), this.#options.handshakeTimeoutMs);
    timer.unref();
    this.#pending.set(socket, timer);
    socket.once('close', () => {
      clearTimeout(this.#pending.get(socket));
      this.#pending.delete(socket);
      this.#settle();
    });
  }

  #onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const raw = request.socket;
    clearTimeout(this.#pending.get(raw));
    this.#pending.delete(raw);
    const clientIP = unmapped(raw.remoteAddress ?? '');
    const clientPort = raw.remotePort ?? 0;
    // ws answers an invalid request itself (400), and holds a valid one in #hold.
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#onClient(ws, clientIP, clientPort));
  }

  #onClient(socket: WebSocket, clientIP: string, clientPort: number): void {
    const id = `${clientIP}:${clientPort}`;
    const client: DeviceServerClient = { id, clientIP, clientPort, socket };
    if (!this.#listening) {
      socket.terminate();
      return;
    }
    this.#clients.set(id, client);
    socket.on('error', (error) => this.#options.log('info', `client ${id}: ${error.message}`));
    socket.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      // WS §6.3: text becomes a JS string, each bad UTF-8 sequence a U+FFFD.
      this.#events.message(id, isBinary || isUtf8(bytes) ? bytes : Buffer.from(bytes.toString('utf8'), 'utf8'), isBinary);
    });
    if (this.#options.passBinaryFrames === true) this.#tap(id, socket);
    socket.once('close', (code, reason) => {
      this.#clients.delete(id);
      this.#taps.delete(id);
      if (code === ABNORMAL_CLOSURE) this.#events.dropped(id);
      else this.#events.closed(id, code === NO_STATUS_RECEIVED ? undefined : code, reason.toString('utf8'));
      this.#settle();
    });
  }

  /** Installed at once, before ws reads the client's first frame; passes nothing until passFrames(id). */
  #tap(id: string, socket: WebSocket): void {
    const tap = tapFrames(
      socket,
      { maxMessageBytes: this.#options.maxPayload, from: 'client', unmask: true, pass: 'binary', passing: false },
      (parts) => this.#events.frames?.(id, parts),
      (error) => {
        this.#options.log(
          'warn',
          `client ${id}: the frame tap failed (${error instanceof Error ? error.message : String(error)}); dropping the client`,
        );
        socket.terminate();
      },
    );
    if (tap !== undefined) this.#taps.set(id, tap);
  }
}

/** "::ffff:127.0.0.1" → "127.0.0.1": the device reports an IPv4 client by its IPv4 address. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
