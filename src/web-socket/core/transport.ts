import type { DeviceError } from '../../core/business-error.js';
import type { ConnectOptionsInput } from './option-checks.js';

/**
 * The seam between the device-faithful client (KitWebSocket) and the wire.
 *
 * A transport reports what happened on the wire in wire terms; KitWebSocket alone
 * turns that into the device's events, so the OH semantics live in one place
 * whichever transport (the browser's own WebSocket, or the dev relay) carries the
 * connection.
 */
export interface TransportEvents {
  /** Handshake done. `headers` are the response headers when the transport can see them. */
  onOpen(info: OpenInfo): void;
  onMessage(data: string | ArrayBuffer): void;
  /** The connection never opened; `status` is the HTTP status of a refused upgrade, "0" when there was none. */
  onFailure(status: string): void;
  /** The peer sent a close frame (`code` undefined when it carried no status), or answered ours. */
  onClose(code: number | undefined, reason: string): void;
  /** The connection ended without a closing handshake (TCP reset, missed pong, relay gone). */
  onDrop(): void;
}

export interface OpenInfo {
  status: number;
  message: string;
  /** Negotiated subprotocol, '' for none. */
  protocol: string;
  /** Response headers (lower-case names), or undefined when the transport cannot see them. */
  headers: Record<string, string> | undefined;
}

export interface Transport {
  send(data: string | ArrayBuffer): void;
  /** Starts the closing handshake with a device close code (1000–1015) and reason. */
  close(code: number, reason: string): void;
  /**
   * Ends the connection at once, as the device's service thread does when it stops
   * (WS §4 "GC"): without a closing handshake where the wire can, and with no event,
   * since the app's object is gone.
   */
  stop(): void;
}

export interface ConnectRequest {
  url: string;
  /** The app's options as it passed them, checked (option-checks.ts): a wire that sends them parses them (request-options.ts). */
  options: ConnectOptionsInput;
}

/**
 * Opens a transport. Resolves once the transport has accepted the request (the
 * device's connect() resolves at that point, before the handshake completes);
 * rejects with a BusinessError when the request is refused up front (e.g. 2302002
 * for a missing certificate file).
 */
export type Connector = ((request: ConnectRequest, events: TransportEvents) => Promise<Transport>) & {
  /**
   * Whether a certificate file the options name (caPath, clientCert) is missing, where
   * the wire reads files (the relay's sandbox, Node's files). The device checks them
   * before the connection state and the URL (WS §4), so the core asks when it would
   * refuse for one of those. Absent where there are no files (direct mode).
   */
  certificateFilesMissing?(options: ConnectOptionsInput): Promise<boolean>;
  /**
   * Set when the build refuses the request up front (the browser's strict mode): the
   * error connect() rejects with, or a promise of it where the build loads its words on
   * demand. Such a connector is never called.
   */
  refusal?: DeviceError | Promise<DeviceError>;
};

/**
 * Picks the wire for one connect(), or one that refuses it up front (`refusal`: the
 * browser's strict mode). Injected into KitWebSocket, so
 * that each build brings its own choice: the browser's (native WebSocket or dev relay)
 * or Node's (ws, every option honoured), and neither bundle carries the other's code.
 */
export type ChooseConnector = (options: ConnectOptionsInput, wantsResponseHeaders: boolean) => Connector;
