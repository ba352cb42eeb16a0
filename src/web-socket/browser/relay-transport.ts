import { deviceError } from '../../core/business-error.js';
import {
  RELAY_SUBPROTOCOL,
  TOKEN_PROTOCOL_PREFIX,
  encodeCloseCode,
  type ConnectRequest as WireConnectRequest,
  type FilesReply,
  type FilesRequest,
  type RelayConnectOptions,
  type RelayReply,
} from '../../protocol/relay-protocol.js';
import type { NetkitConfig } from '../../core/netkit-config.js';
import type { ConnectRequest, Transport, TransportEvents } from '../core/transport.js';
import { utf8Truncate } from '../../core/utf8-truncate.js';
import { reportDiagnostic } from './report-diagnostic.js';
import { relayUnreachable } from './relay-unreachable.js';

const NO_STATUS_RECEIVED = 1005;
const ABNORMAL_CLOSURE = 1006;
const MAX_CLOSE_REASON_BYTES = 123;

type Phase = 'handshake' | 'accepted' | 'opened' | 'ended';

/**
 * Relay mode: one WebSocket "leg" to the dev relay per device connection, speaking
 * src/protocol/relay-protocol.ts. Control messages only before `opened`; after it,
 * every frame is application data, with no envelope.
 */
export function connectRelay(
  relay: NonNullable<NetkitConfig['relay']>,
  { url, options }: ConnectRequest,
  events: TransportEvents,
): Promise<Transport> {
  return new Promise((resolve, reject) => {
    let leg: WebSocket;
    try {
      leg = new globalThis.WebSocket(relay.url, [RELAY_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${relay.token}`]);
    } catch (error) {
      reject(relayUnreachable(relay.url, url, error));
      return;
    }
    leg.binaryType = 'arraybuffer';
    let phase: Phase = 'handshake';

    const transport: Transport = {
      send: (data) => leg.send(data),
      close: (code, reason) => leg.close(encodeCloseCode(code), utf8Truncate(reason, MAX_CLOSE_REASON_BYTES)),
    };

    const onLegOpen = (): void => {
      const request: WireConnectRequest = { op: 'connect', url, options };
      leg.send(JSON.stringify(request));
    };

    const onLegMessage = ({ data }: MessageEvent): void => {
      if (phase === 'opened') {
        events.onMessage(data as string | ArrayBuffer);
        return;
      }
      const reply = parseReply(data);
      if (phase === 'handshake' && reply?.op === 'accepted') {
        phase = 'accepted';
        resolve(transport);
      } else if (phase === 'handshake' && reply?.op === 'rejected') {
        phase = 'ended';
        // The relay's reason goes to the developer only: the app's error is the device's.
        reportDiagnostic(url, reply.why);
        reject(deviceError(reply.code, reply.message));
        leg.close();
      } else if (phase === 'accepted' && reply?.op === 'opened') {
        phase = 'opened';
        events.onOpen({ status: reply.status, message: reply.message, protocol: reply.protocol ?? '', headers: reply.headers });
      } else if (phase === 'accepted' && reply?.op === 'failed') {
        phase = 'ended';
        reportDiagnostic(url, reply.why);
        events.onFailure(reply.status);
      } else {
        // A relay that does not speak our protocol version: end this connection loudly.
        console.error(`[ohos-netkit] unexpected message from the dev relay at ${relay.url}; closing this connection`);
        leg.close();
      }
    };

    const onLegClose = ({ code, reason }: CloseEvent): void => {
      leg.removeEventListener('open', onLegOpen);
      leg.removeEventListener('message', onLegMessage);
      leg.removeEventListener('close', onLegClose);
      const was = phase;
      phase = 'ended';
      if (was === 'handshake') reject(relayUnreachable(relay.url, url, `closed with ${code}${reason ? ` ${reason}` : ''}`));
      else if (was === 'accepted') events.onFailure('0');
      else if (was === 'opened') {
        // The relay mirrors the upstream ending onto the leg (relay-protocol.ts, step 5).
        if (code === ABNORMAL_CLOSURE) events.onDrop();
        else events.onClose(code === NO_STATUS_RECEIVED ? undefined : code, reason);
      }
    };

    leg.addEventListener('open', onLegOpen);
    leg.addEventListener('message', onLegMessage);
    leg.addEventListener('close', onLegClose);
  });
}

function parseReply(data: unknown): RelayReply | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const reply = JSON.parse(data) as RelayReply;
    return typeof reply === 'object' && reply !== null ? reply : undefined;
  } catch {
    return undefined;
  }
}

/**
 * relay-protocol.ts `files`: asks the relay whether the certificate files `options`
 * name are missing in its sandbox. A relay that cannot be asked answers "not missing":
 * the connect is then refused for the reason the core had (2302003 or 2302001).
 */
export function certificateFilesMissing(relay: NonNullable<NetkitConfig['relay']>, options: RelayConnectOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let leg: WebSocket;
    try {
      leg = new globalThis.WebSocket(relay.url, [RELAY_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${relay.token}`]);
    } catch {
      resolve(false);
      return;
    }
    const request: FilesRequest = {
      op: 'files',
      options: {
        ...(options.caPath === undefined ? {} : { caPath: options.caPath }),
        ...(options.clientCert === undefined ? {} : { clientCert: options.clientCert }),
      },
    };
    leg.addEventListener('open', () => leg.send(JSON.stringify(request)));
    leg.addEventListener('message', ({ data }: MessageEvent) => {
      const reply = parseReply(data) as unknown as Partial<FilesReply> | undefined;
      resolve(reply?.op === 'files' && reply.missing === true);
      leg.close();
    });
    leg.addEventListener('close', () => resolve(false));
  });
}
