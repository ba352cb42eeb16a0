import type { AdmissionLimits, AdmissionVerdict } from './server-admission.js';

/**
 * The seam between the device-faithful WebSocketServer (KitWebSocketServer and its
 * server-calls.ts) and where a server can listen: each build brings its own (a page
 * through the dev relay, Node natively). The device's rules (admission at each
 * handshake, the order of checks, the connection map, close results, stop, the WS §6.3
 * quirk) live in the core; a wire listens, holds each client's handshake until the
 * core has decided on it, moves data, and reports what happened on the wire.
 *
 * A client's way in (WS §6.2, §6.3): the wire reports its handshake (onHandshake) and
 * the core decides at once. Refused: the wire hangs up without a 101. Admitted: once
 * the wire is about to complete the upgrade it calls onConnect (the core records the
 * client and emits `connect`), then completes it; so `connect` has fired and
 * listAllConnections() holds the client before the client can see its 101. An admitted
 * client that leaves before that is reported with onAbandon: it never was a client.
 */
export interface ServerWire {
  /**
   * WS §6.1 step 5: whether the app has both of serverCert's files (an empty keyPath
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
  /** The core applies them (WS §6.2); a wire may hold to them too (the relay bounds a page's clients by them). */
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
  /** WS §6.4 stop: no newcomer (a handshake still waiting is hung up on), every client closed with 1001 "server is going away", the port given back. */
  stop(): void;
  /** Ends at once: the port given back, every client dropped without a close frame. */
  destroy(): void;
}

/** What a wire reports, each for a client the wire names by the device's id, "ip:port". */
export interface ServerWireEvents {
  /**
   * A client's handshake arrived: whether the server lets it in (WS §6.2; `why` is for a
   * log). A refusal is the server's error event, and the wire hangs up on the client
   * without a 101.
   */
  onHandshake(id: string, clientIP: string, clientPort: number): AdmissionVerdict;
  /**
   * An admitted client is being connected: the core records it and emits `connect`, and
   * the wire completes its upgrade right after. False when the server no longer waits
   * for it (stopped meanwhile): the wire hangs up instead.
   */
  onConnect(id: string): boolean;
  /** An admitted client left before onConnect: no event, it no longer counts (WS §6.2). */
  onAbandon(id: string): void;
  onMessage(id: string, data: string | ArrayBuffer): void;
  /** The client's close frame (`code` undefined when it carried no status), or its answer to ours. */
  onClose(id: string, code: number | undefined, reason: string): void;
  /** The client's connection ended without a closing handshake (after onConnect: also when its upgrade could not complete). */
  onDrop(id: string): void;
  /** The wire lost the listener itself (the dev relay went away): its clients are gone too, reported by onDrop first. */
  onGone?(): void;
}
