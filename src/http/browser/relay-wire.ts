import { getConfig } from '../../core/netkit-config.js';
import { CurlCode, type HttpWire } from '../core/http-wire.js';
import { ACK_EVERY_BYTES, BODY_PIECE_BYTES, MAX_BODY_PIECE_BYTES, type AckMessage } from '../core/relay-messages.js';
import { readHttpReply } from '../core/relay-replies.js';
import { toRelayRequest } from '../core/relay-request.js';
import { IdleLegs } from './idle-legs.js';
import { openRelayLeg, type LegSocketConstructor, type RelayAddress } from '../../page-relay/open-relay-leg.js';
import { reportDiagnostic } from '../../page-relay/report-diagnostic.js';
import { reportUnexpectedReply } from '../../page-relay/report-unexpected-reply.js';

/** How a relay wire reaches its relay. */
export interface RelayWireSetup {
  /** The relay, read at each transfer (the config may be set after the library loads). */
  relay(): RelayAddress | undefined;
  /** The WebSocket to open legs with, read at each transfer. */
  Socket(): LegSocketConstructor | undefined;
  /** The page's session (relay-messages.ts): its objects' cookie jars are this page's alone. */
  readonly session: string;
}

/**
 * Relay mode (HTTP §13.3): every transfer goes over a leg to the dev relay, which
 * performs it as the device does (relay-messages.ts `http`): an idle leg a transfer
 * before left (step 8), or a new one. The page sends the request and its
 * bytes, turns the relay's replies into the wire's events, read strictly
 * (relay-replies.ts), and acknowledges body bytes once handed to the core; abort()
 * closes the leg, and the relay ends what it opened.
 *
 * A relay the page cannot reach, or that turns it away, is the device without a network:
 * curl 7. A reply the page cannot read is curl 8 and ends the leg. A leg that ends before
 * the transfer did is curl 7 before any header block, curl 56 after (a connection lost
 * in the body). Each says why on the diagnostic side channel.
 */
export function createRelayWire(setup: RelayWireSetup, idleLegs = new IdleLegs()): HttpWire {
  return (request, events) => {
    const relay = setup.relay();
    const Socket = setup.Socket();
    const relayKey = relay === undefined ? '' : `${relay.url} ${relay.token}`;
    let ended = false;
    let leg: WebSocket | undefined;
    let opened = false;
    /** The leg served an earlier transfer (relay-messages.ts step 8). */
    let reusedLeg = false;
    /** The relay answered this transfer (any reply or body byte): it took the request. */
    let heard = false;
    let sawHeaders = false;
    let taken = 0;
    let acked = 0;

    const detach = (): void => {
      if (leg === undefined) return;
      leg.removeEventListener('open', onOpen);
      leg.removeEventListener('message', onMessage);
      leg.removeEventListener('close', onClose);
    };
    const stop = (): void => {
      ended = true;
      if (leg === undefined) return;
      detach();
      // The error listener stays: closing a leg that is still opening is an error event too.
      if (leg.readyState === leg.CONNECTING || leg.readyState === leg.OPEN) leg.close();
    };
    /** The transfer is over and the leg is idle: the next transfer to this relay may take it (step 8). */
    const done = (): void => {
      ended = true;
      if (leg === undefined) return;
      detach();
      leg.removeEventListener('error', onError);
      idleLegs.keep(relayKey, leg);
      leg = undefined;
    };
    const fail = (code: number, why: string): void => {
      if (ended) return;
      stop();
      reportDiagnostic(request.url, why);
      events.onFail(code, undefined);
    };
    const unexpected = (problem: string): void => {
      if (relay !== undefined) reportUnexpectedReply(relay, problem, 'ending the transfer');
      fail(CurlCode.WEIRD_SERVER_REPLY, `the dev relay's reply could not be read: ${problem}`);
    };

    function onOpen(): void {
      opened = true;
      const { message, bytes } = toRelayRequest(request, setup.session);
      leg?.send(JSON.stringify(message));
      for (const part of bytes) {
        for (let offset = 0; offset < part.length; offset += MAX_BODY_PIECE_BYTES) {
          leg?.send(part.subarray(offset, Math.min(part.length, offset + MAX_BODY_PIECE_BYTES)));
        }
      }
    }

    function onMessage({ data }: MessageEvent): void {
      if (ended) return;
      heard = true;
      if (data instanceof ArrayBuffer) {
        if (!sawHeaders) return unexpected('body bytes before a header block');
        // relay-messages.ts step 5: the core gets the body in curl's pieces, as the device's app does.
        const bytes = new Uint8Array(data);
        for (let offset = 0; offset < bytes.length && !ended; offset += BODY_PIECE_BYTES) {
          events.onData(bytes.subarray(offset, Math.min(bytes.length, offset + BODY_PIECE_BYTES)));
        }
        taken += data.byteLength;
        // relay-messages.ts step 6: the bytes are the core's now.
        if (!ended && taken - acked >= ACK_EVERY_BYTES) {
          acked = taken;
          const ack: AckMessage = { op: 'ack', bytes: taken };
          leg?.send(JSON.stringify(ack));
        }
        return;
      }
      if (typeof data !== 'string') return unexpected('a message that is neither text nor binary');
      const reply = readHttpReply(data);
      if (typeof reply === 'string') return unexpected(reply);
      switch (reply.op) {
        case 'send':
          return events.onSendProgress(reply.sent, reply.total);
        case 'headers':
          sawHeaders = true;
          return events.onHeaderBlock({ status: reply.status, lines: reply.lines });
        case 'receive':
          return events.onReceiveProgress(reply.received, reply.total);
        case 'end':
          done();
          return events.onEnd(reply.facts);
        case 'failed':
          done();
          reportDiagnostic(request.url, reply.why);
          return events.onFail(reply.code, reply.extendInfo);
      }
    }

    function onClose({ code, reason }: CloseEvent): void {
      const how = `closed with ${code}${reason ? ` (${reason})` : ''}`;
      if (reusedLeg && !heard) {
        // Step 8: the relay closed the idle leg as the request crossed it; it took none of it.
        detach();
        leg?.removeEventListener('error', onError);
        reusedLeg = false;
        opened = false;
        openLeg();
        return;
      }
      if (!opened) {
        if (relay !== undefined) console.error(`[ohos-netkit] dev relay ${relay.url}: ${how}`);
        fail(CurlCode.COULDNT_CONNECT, relayDown(relay));
      } else {
        fail(sawHeaders ? CurlCode.RECV_ERROR : CurlCode.COULDNT_CONNECT, `the dev relay ended the transfer: ${how}`);
      }
    }

    /** The close that follows says it all. */
    function onError(): void {}

    /** Ends the transfer under way; after its end the leg is another transfer's, or idle (step 8). */
    function abort(): void {
      if (!ended) stop();
    }

    function listen(socket: WebSocket): void {
      leg = socket;
      socket.addEventListener('message', onMessage);
      socket.addEventListener('close', onClose);
      socket.addEventListener('error', onError);
    }

    /** A new leg (step 1). */
    function openLeg(): void {
      if (relay === undefined || Socket === undefined) return;
      try {
        const socket = openRelayLeg(relay, Socket);
        socket.addEventListener('open', onOpen);
        listen(socket);
      } catch (error) {
        console.error(`[ohos-netkit] dev relay ${relay.url}: ${String(error)}`);
        queueMicrotask(() => fail(CurlCode.COULDNT_CONNECT, relayDown(relay)));
      }
    }

    if (relay === undefined || Socket === undefined) {
      queueMicrotask(() => fail(CurlCode.COULDNT_CONNECT, 'no dev relay configured, or no WebSocket to reach it'));
      return { abort };
    }
    const idle = idleLegs.take(relayKey);
    if (idle === undefined) openLeg();
    else {
      reusedLeg = true;
      listen(idle);
      onOpen();
    }
    return { abort };
  };
}

function relayDown(relay: RelayAddress | undefined): string {
  return `the ohos-netkit dev relay at ${relay?.url ?? '(none)'} could not be reached or refused this page (check its address, token and allowed origins)`;
}

/** A random id for this page's session (relay-messages.ts): a new one on every load. */
function newSession(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The page's relay wire: the configured relay, the page's WebSocket, a session of its own. */
export const relayWire: HttpWire = createRelayWire({
  relay: () => getConfig().relay,
  Socket: () => globalThis.WebSocket,
  session: newSession(),
});
