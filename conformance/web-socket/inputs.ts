/** What webSocket's cases reach (conformance/web-socket/namespace.ts starts them for a wire). */
export interface WebSocketInputs {
  /** ws://host:port of a server speaking src/testing/upstream-server.ts's grammar (append a path). */
  readonly server: string;
  /** ws://host:port where nothing listens: connecting fails. */
  readonly refused: string;
  /** ws://host:port of a listener that accepts TCP and never answers: the handshake never completes. */
  readonly silent: string;
}
