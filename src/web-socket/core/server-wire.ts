import type { AdmissionLimits } from './server-admission.js';

/**
 * The seam between the device-faithful WebSocketServer (KitWebSocketServer and its
 * server-calls.ts) and where a server can listen: each build brings its own (a page
 * through the dev relay, Node natively). The device's rules (the order of checks, the
 * connection map, close results, stop, the §6.3 quirk) live in the core; a wire
 * listens, applies admission (server-admission.ts) at each handshake, moves data, and
 * reports what happened on the wire.
 */
export interface ServerWire {
  /**
   * OH §6.1 step 5: whether the app has both of serverCert's files (an empty keyPath
   * never exists). A page has no files of its own; Node reads the process's.
   */
  certificateFilesExist(certPath: string, keyPath: string): Promise<boolean>;
  /**
   * Listens for the app's config; resolves once bound. Rejects with the device's error
   * when it cannot (2302007 "Websocket port already occupied" for a port in use, one
   * the wire may not bind, or no way to listen at all: 2302999 with the reason).
   */
  listen(request: ServerListenRequest, events: ServerWireEvents): Promise<ListeningServer>;
}

export interface ServerListenRequest {
  /** '' means every interface on the device. */
  readonly serverIP: string;
  readonly serverPort: number;
  readonly limits: AdmissionLimits;
}

/** Where a server really listens: a wire may map the app's port to another (tests, parallel workers). */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

export interface ListeningServer {
  readonly address: ServerAddress;
  /** One message to a client: a string as text, an ArrayBuffer as binary. */
  send(id: string, data: string | ArrayBuffer): void;
  /** Starts the closing handshake with a client (code 1000–1015); its end arrives as onClose/onDrop. */
  close(id: string, code: number, reason: string): void;
  /** OH §6.4 stop: no newcomer, every client closed with 1001 "server is going away", the port given back. */
  stop(): void;
  /** Ends at once: the port given back, every client dropped without a close frame. */
  destroy(): void;
}

/** What a wire reports, each for a client the wire names by the device's id, "ip:port". */
export interface ServerWireEvents {
  /** A client passed admission and completed its handshake. */
  onConnect(id: string, clientIP: string, clientPort: number): void;
  /** A handshake was turned away (OH §6.2); `why` is for a log. */
  onRefused(why: string): void;
  onMessage(id: string, data: string | ArrayBuffer): void;
  /** The client's close frame (`code` undefined when it carried no status), or its answer to ours. */
  onClose(id: string, code: number | undefined, reason: string): void;
  /** The client's connection ended without a closing handshake. */
  onDrop(id: string): void;
  /** The wire lost the listener itself (the dev relay went away): its clients are gone too, reported by onDrop first. */
  onGone?(): void;
}
