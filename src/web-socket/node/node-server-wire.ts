import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getConfig } from '../../core/netkit-config.js';
import { ErrorCode } from '../core/error-codes.js';
import { serverError } from '../core/server-error-codes.js';
import { bindingFor, FIRST_APP_PORT } from '../core/server-binding.js';
import type { ServerWire } from '../core/server-wire.js';
import { DeviceServer } from '../engine/device-server.js';
import { HANDSHAKE_TIMEOUT_MS } from '../core/device-limits.js';

/** One console warning per distinct remark. */
const noticed = new Set<string>();

/**
 * Node's ServerWire: the app's server listens right here with ws (device-server.ts),
 * on serverIP (every interface when empty, as on the device, unless
 * `servers.loopbackOnly`) and serverPort (or what `servers.ports` maps it to). The
 * app's files are the process's, relative paths resolved against `filesDir` or the
 * working directory.
 */
export const nodeServerWire: ServerWire = {
  async certificateFilesExist(certPath, keyPath) {
    if (keyPath === '') return false;
    const base = getConfig().filesDir ?? process.cwd();
    try {
      await Promise.all([access(resolve(base, certPath)), access(resolve(base, keyPath))]);
      return true;
    } catch {
      return false;
    }
  },

  async listen(request, events) {
    const { host, port } = bindingFor(request.serverIP, request.serverPort, getConfig().servers ?? {});
    // WS §6.1: lws cannot create its context on a system port: 2302007.
    if (port !== 0 && port < FIRST_APP_PORT) throw serverError(ErrorCode.PORT_OCCUPIED);
    let server: DeviceServer;
    try {
      server = await DeviceServer.listen(
        {
          host,
          port,
          maxPayload: 0,
          handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
          // Every handshake is decided as it arrives: none ever waits.
          maxWaitingHandshakes: 1,
          log: (_level, message) => notice(message),
        },
        {
          // WS §6.2, §6.3: the core decides within ws' upgrade, then connect is emitted
          // and the 101 written, in one go: the client's open comes after both.
          handshake: ({ id, clientIP, clientPort }) => {
            const verdict = events.onHandshake(id, clientIP, clientPort);
            if (!verdict.admitted) {
              notice(`refused a client from ${id}: ${verdict.why}`);
              server.refuse(id);
            } else if (!events.onConnect(id)) server.refuse(id);
            else if (server.accept(id) === undefined) events.onDrop(id);
          },
          // The device hands out a string, or an ArrayBuffer of its own (ws' Buffer may be a view into a pool).
          message: (id, data, isBinary) => events.onMessage(id, isBinary ? new Uint8Array(data).buffer : data.toString('utf8')),
          closed: (id, code, reason) => events.onClose(id, code, reason),
          dropped: (id) => events.onDrop(id),
        },
      );
    } catch {
      // WS §6.1 step 6: whatever stops lws from binding (in use, no such interface) is 2302007.
      throw serverError(ErrorCode.PORT_OCCUPIED);
    }
    return {
      address: server.address,
      send: (id, data) => server.send(id, typeof data === 'string' ? data : Buffer.from(data), typeof data !== 'string'),
      close: (id, code, reason) => server.close(id, code, reason),
      stop: () => server.stop(),
      destroy: () => server.destroy(),
    };
  },
};

function notice(message: string): void {
  if (!message.startsWith('refused') || noticed.has(message)) return;
  noticed.add(message);
  console.warn(`[ohos-netkit] WebSocketServer ${message}`);
}
