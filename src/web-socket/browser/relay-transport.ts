import { deviceError } from '../../core/business-error.js';
import type { ConnectRequest as WireConnectRequest, FilesRequest } from '../core/relay-messages.js';
import { readConnectReply, readFilesReply } from '../core/relay-replies.js';
import type { ConnectRequest, Transport, TransportEvents } from '../core/transport.js';
import type { ConnectOptionsInput } from '../core/option-checks.js';
import { parseRequestOptions } from '../core/request-options.js';
import { reportDiagnostic } from '../../page-relay/report-diagnostic.js';
import { relayUnreachable } from './relay-unreachable.js';
import { openRelayLeg, type RelayAddress } from '../../page-relay/open-relay-leg.js';
import { closeRelayLeg, endOnUnexpectedReply } from './page-relay-leg.js';
import { passEnding } from './wire-ending.js';

type Phase = 'handshake' | 'accepted' | 'opened' | 'ended';

/**
 * Relay mode: one WebSocket "leg" to the dev relay per device connection, speaking
 * relay-messages.ts `connect`. Replies only before `opened`, each read as strictly as
 * the relay reads the page (relay-replies.ts); after it, every frame is application
 * data, with no envelope.
 */
export function connectRelay(relay: RelayAddress, { url, options }: ConnectRequest, events: TransportEvents): Promise<Transport> {
  return new Promise((resolve, reject) => {
    let leg: WebSocket;
    try {
      leg = openRelayLeg(relay);
    } catch (error) {
      reject(relayUnreachable(relay.url, url, error));
      return;
    }
    let phase: Phase = 'handshake';

    const transport: Transport = {
      send: (data) => leg.send(data),
      close: (code, reason) => closeRelayLeg(leg, code, reason),
      // A leg closed without a device code: the relay drops the upstream connection (relay-messages.ts connect, step 5).
      stop: () => leg.close(),
    };

    const onLegOpen = (): void => {
      // WS §5: what the device makes of the options, sent to the relay in its shape.
      const request: WireConnectRequest = { op: 'connect', url, options: parseRequestOptions(options) ?? {} };
      leg.send(JSON.stringify(request));
    };

    const onLegMessage = ({ data }: MessageEvent): void => {
      if (phase === 'opened') {
        events.onMessage(data as string | ArrayBuffer);
        return;
      }
      const reply = readConnectReply(data);
      if (typeof reply === 'string') {
        endOnUnexpectedReply(leg, relay, 'this connection', reply);
      } else if (phase === 'handshake' && reply.op === 'accepted') {
        phase = 'accepted';
        resolve(transport);
      } else if (phase === 'handshake' && reply.op === 'rejected') {
        phase = 'ended';
        // The relay's reason goes to the developer only: the app's error is the device's.
        reportDiagnostic(url, reply.why);
        reject(deviceError(reply.code, reply.message));
        leg.close();
      } else if (phase === 'accepted' && reply.op === 'opened') {
        phase = 'opened';
        events.onOpen({ status: reply.status, message: reply.message, protocol: reply.protocol ?? '', headers: reply.headers });
      } else if (phase === 'accepted' && reply.op === 'failed') {
        phase = 'ended';
        reportDiagnostic(url, reply.why);
        events.onFailure(reply.status);
      } else {
        endOnUnexpectedReply(leg, relay, 'this connection', `${reply.op} after ${phase}`);
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
        // The relay mirrors the upstream ending onto the leg (relay-messages.ts connect, step 5).
        passEnding({ code, reason }, events);
      }
    };

    leg.addEventListener('open', onLegOpen);
    leg.addEventListener('message', onLegMessage);
    leg.addEventListener('close', onLegClose);
  });
}

/**
 * relay-messages.ts `files`: asks the relay whether the certificate files `options`
 * name are missing in its sandbox. A relay that cannot be asked, or whose answer the
 * page cannot read, answers "not missing": the connect is then refused for the reason
 * the core had (2302003 or 2302001).
 */
export function certificateFilesMissing(relay: RelayAddress, input: ConnectOptionsInput): Promise<boolean> {
  const options = parseRequestOptions(input) ?? {};
  return new Promise((resolve) => {
    let leg: WebSocket;
    try {
      leg = openRelayLeg(relay);
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
      const reply = readFilesReply(data);
      if (typeof reply === 'string') {
        endOnUnexpectedReply(leg, relay, 'the question about certificate files', reply);
        resolve(false);
        return;
      }
      resolve(reply.missing);
      leg.close();
    });
    leg.addEventListener('close', () => resolve(false));
  });
}
