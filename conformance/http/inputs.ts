/** What http's cases reach (conformance/http/namespace.ts starts them for a wire). */
export interface HttpInputs {
  /** http://host:port of a server speaking src/testing/http-test-server.ts's grammar (append a path). */
  readonly server: string;
  /** http://host:port where nothing listens: connecting fails. */
  readonly refused: string;
}
