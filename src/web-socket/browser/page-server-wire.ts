import { getConfig } from '../../core/netkit-config.js';
import { ErrorCode, messageFor, webSocketError } from '../core/error-codes.js';
import type { ServerWire } from '../core/server-wire.js';

/**
 * A page's ServerWire. A page cannot listen on a socket: the dev relay listens for it
 * (relay-server-wire.ts, loaded when a server starts). Without a relay, start() fails
 * with 2302999 and a message that says the relay provides servers. A page has no
 * files of its own, so without a relay a serverCert always names a missing file
 * (2302002, WS §6.1); with one, the relay's sandbox is the app's files.
 */
export const pageServerWire: ServerWire = {
  async certificateFilesExist(certPath, keyPath) {
    const relay = getConfig().relay;
    if (relay === undefined) return false;
    const { certificateFilesMissing } = await import('./relay-transport.js');
    return !(await certificateFilesMissing(relay, { clientCert: { certPath, keyPath } }));
  },
  async listen(request, events) {
    const relay = getConfig().relay;
    if (relay === undefined) {
      throw webSocketError(
        ErrorCode.UNKNOWN_OTHER_ERROR,
        `${messageFor(ErrorCode.UNKNOWN_OTHER_ERROR)}: a browser page cannot listen on a socket; the ohos-netkit dev relay provides WebSocketServers (configure its address: see the README, "The dev relay")`,
      );
    }
    return (await import('./relay-server-wire.js')).listenThroughRelay(relay, request, events);
  },
};
