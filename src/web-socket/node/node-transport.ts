import { ErrorCode, webSocketError } from '../core/error-codes.js';
import { getConfig } from '../../core/netkit-config.js';
import type { ConnectRequest, Connector, Transport, TransportEvents } from '../core/transport.js';
import { parseRequestOptions } from '../core/request-options.js';
import { OutboundGuard } from '../../net/outbound-policy.js';
import { readTlsFiles } from '../../net/sandbox-files.js';
import type { UpstreamSettings } from '../engine/plan-upstream.js';
import { UpstreamSession } from '../engine/upstream-session.js';
import { HANDSHAKE_TIMEOUT_MS } from '../core/device-limits.js';

/**
 * An app in Node connects wherever it likes, as it could on a device: no allowlist, no
 * loopback-only, and link-local addresses allowed (denyLinkLocal guards the relay, a
 * service that connects on behalf of web pages; Node code is the app itself).
 */
const guard = new OutboundGuard({ denyLinkLocal: false }, () => []);

/** One console warning per distinct remark, like the browser's warnings. */
const noticed = new Set<string>();

/**
 * Node mode: the connection is made right here, with ws, by the same UpstreamSession
 * the dev relay uses, so every device option is honoured with the device's semantics
 * (WS §5): handshake headers, caPath and clientCert (read from the process's files,
 * relative to `filesDir` of the config or the working directory), the device's TLS
 * rules, proxies ('system' = this process's environment), pingInterval/pongTimeout,
 * supportOriginPort, and the real response headers, status line and close codes.
 *
 * No relay and no flow control: the app reads in-process, as on the device.
 */
export const connectNode: Connector = ({ url, options }: ConnectRequest, events: TransportEvents) =>
  new Promise<Transport>((resolve, reject) => {
    let settled = false;
    // The device's connect() resolves before any event of its connection (WS §2.2).
    // A session can report its failure in the same tick as `accepted` (a name that does
    // not resolve), so events wait until KitWebSocket has seen the resolution.
    let held: Array<() => void> | undefined = [];
    const deliver = (event: () => void): void => {
      if (held === undefined) event();
      else held.push(event);
    };
    const release = (): void => {
      setImmediate(() => {
        const events = held ?? [];
        held = undefined;
        for (const event of events) event();
      });
    };

    const session = new UpstreamSession(
      { url, options: parseRequestOptions(options) ?? {} },
      { settings: nodeSettings(), guard, env: process.env, limitsOwner: 'ohos-netkit', log() {}, notice },
      {
        accepted() {
          settled = true;
          resolve(transport);
          release();
        },
        rejected(code) {
          settled = true;
          reject(webSocketError(code));
        },
        opened(reply) {
          deliver(() => events.onOpen({ status: reply.status, message: reply.message, protocol: reply.protocol ?? '', headers: reply.headers }));
        },
        failed(status) {
          deliver(() => events.onFailure(status));
        },
        message(data, isBinary) {
          // The device hands out a string (text) or an ArrayBuffer of its own (binary);
          // ws' Buffer may be a view into a larger pool, so the bytes are copied out.
          const value = isBinary ? new Uint8Array(data).buffer : data.toString('utf8');
          deliver(() => events.onMessage(value));
        },
        ended(ending) {
          deliver(() => (ending.kind === 'dropped' ? events.onDrop() : events.onClose(ending.code, ending.reason)));
        },
        fault(error) {
          // A bug of ours: the connection ends as a drop would, and the error is not swallowed.
          if (settled) deliver(() => events.onDrop());
          else reject(webSocketError(ErrorCode.UNKNOWN_OTHER_ERROR));
          settled = true;
          queueMicrotask(() => {
            throw error;
          });
        },
      },
    );

    const transport: Transport = {
      send(data) {
        session.send(data, { binary: typeof data !== 'string' });
      },
      close(code, reason) {
        if (session.phase === 'open') {
          // WS §4: lws cuts the reason at 123 bytes on the wire (closeWithDeviceCode does).
          session.close(code, Buffer.from(reason, 'utf8'));
        } else if (session.phase !== 'ended') {
          // Closed before the handshake finished: abandon it; the app hears of its own close.
          session.abort();
          setImmediate(() => deliver(() => events.onFailure('0')));
        }
      },
      stop() {
        session.abort();
      },
    };

    session.start();
  });

// WS §4: the files are the process's, read as a connection would read them.
connectNode.certificateFilesMissing = async (options) => !(await readTlsFiles(nodeSettings().files, parseRequestOptions(options) ?? {})).ok;

/** Read at every connect, so configure({ filesDir }) and process.chdir() apply to the next connection. */
function nodeSettings(): UpstreamSettings {
  return {
    // WS §5: the device reads caPath/clientCert from the app's sandbox; in Node the
    // app's files are the process's.
    files: { baseDir: getConfig().filesDir ?? process.cwd() },
    allowLoopbackOnly: false,
    // WS §5: self-signed accepted, host name not checked, expired refused unless
    // skipServerCertVerification.
    strictTls: false,
    // WS §4: the device takes messages of any size.
    maxReceiveBytes: 0,
    handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
  };
}

function notice(message: string): void {
  if (noticed.has(message)) return;
  noticed.add(message);
  console.warn(`[ohos-netkit] ${message}`);
}
