/**
 * The seam between the device-faithful WebSocketServer (KitWebSocketServer) and where a
 * server can listen: each build brings its own (the page through the dev relay, Node
 * natively), so the server's device rules live in one place.
 */
export interface ServerWire {
  /**
   * OH §6.1 step 5: whether the app has both of serverCert's files (an empty keyPath
   * never exists). A page has no files of its own; Node reads the process's.
   */
  certificateFilesExist(certPath: string, keyPath: string): Promise<boolean>;
}
