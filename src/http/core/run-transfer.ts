import { isDeviceError } from '../../core/business-error.js';
import { reportUncaught } from '../../core/report-uncaught.js';
import { monotonicNow, startTimer } from '../../core/web-platform.js';
import { errorForCurlCode, httpError, HttpErrorCode, type HttpDeviceError } from './error-codes.js';
import type { HttpTransfer, HttpTransferFacts, HttpWire, HttpWireEvents, HttpWireRequest } from './http-wire.js';
import type { RequestListeners } from './request-listeners.js';
import { ResponseHeaders } from './response-headers.js';
import { copyOf } from './response-result.js';

/** The longest delay a timer of the web platform takes (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the calling HttpRequest lends one transfer. */
export interface TransferHost {
  readonly listeners: RequestListeners;
  /** HTTP §7.3: destroy() was called (then the next header block or body chunk fails the transfer). */
  readonly destroyed: () => boolean;
  /** When the app made the call (monotonicNow), for the wall-clock timings. */
  readonly calledAt: number;
}

/** A transfer that ended well. */
export interface TransferOutcome {
  readonly facts: HttpTransferFacts;
  readonly headers: ResponseHeaders;
  /** The body, for request(); requestInStream() keeps nothing (HTTP §7.1). */
  readonly body: Uint8Array;
  /** ms from the call to the last header block and to the last body chunk (0: none came). */
  readonly headerAt: number;
  readonly bodyAt: number;
}

/**
 * Runs one transfer on `wire` and turns what it reports into the device's events and
 * outcome (HTTP §6, §7): header events per block, stream data and progress, the
 * maxLimit count of request() (HTTP §7.1), destroy()'s next-chunk failure (HTTP §7.3),
 * readTimeout over the whole transfer (HTTP §7.2, also the wire's). Settles once;
 * whatever the wire reports after that is ignored.
 */
export function runTransfer(wire: HttpWire, request: HttpWireRequest, host: TransferHost): Promise<TransferOutcome> {
  return new Promise<TransferOutcome>((resolve, reject) => {
    const { listeners } = host;
    const stream = request.mode === 'stream';
    const headers = new ResponseHeaders();
    const chunks: Uint8Array[] = [];
    let received = 0;
    let headerAt = 0;
    let bodyAt = 0;
    let lastSend: readonly [number, number] | undefined;
    let settled = false;
    let abortWanted = false;
    let transfer: HttpTransfer | undefined;
    let cancelTimer: () => void = () => undefined;
    const since = (): number => monotonicNow() - host.calledAt;

    const fail = (error: HttpDeviceError, abort: boolean): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      if (abort) {
        abortWanted = true;
        transfer?.abort();
      }
      reject(error);
    };

    const events: HttpWireEvents = {
      onSendProgress(sent, total) {
        // HTTP §6: cumulative, only with a body, only when it changed; destroy() does not stop it.
        if (settled || total === 0 || sent > total || (lastSend?.[0] === sent && lastSend[1] === total)) return;
        lastSend = [sent, total];
        listeners.emit('dataSendProgress', { sendSize: sent >>> 0, totalSize: total >>> 0 });
      },
      onHeaderBlock(block) {
        if (settled) return;
        if (host.destroyed()) return fail(httpError(HttpErrorCode.WRITE_ERROR), true);
        headers.add(block);
        headerAt = since();
        // HTTP §6: each event gets an object of its own.
        if (listeners.has('headerReceive')) listeners.emit('headerReceive', headers.eventObject());
        if (listeners.has('headersReceive')) listeners.emit('headersReceive', headers.eventObject());
      },
      onData(chunk) {
        if (settled) return;
        if (host.destroyed()) return fail(httpError(HttpErrorCode.WRITE_ERROR), true);
        bodyAt = since();
        if (stream) {
          if (chunk.length > 0) listeners.emit('dataReceive', copyOf(chunk).buffer);
          return;
        }
        // HTTP §7.1: what was buffered before this chunk, or the chunk alone, past maxLimit.
        if (received > request.maxLimit || chunk.length > request.maxLimit) return fail(httpError(HttpErrorCode.WRITE_ERROR), true);
        // The chunk is the core's (HttpWireEvents.onData): kept as it is, copied once at the end.
        chunks.push(chunk);
        received += chunk.length;
      },
      onReceiveProgress(receivedBytes, total) {
        // HTTP §6: requestInStream only, both numbers known and not 0.
        if (settled || !stream || host.destroyed() || receivedBytes === 0 || total === 0) return;
        listeners.emit('dataReceiveProgress', { receiveSize: receivedBytes >>> 0, totalSize: total >>> 0 });
      },
      onEnd(facts) {
        if (settled) return;
        settled = true;
        cancelTimer();
        resolve({ facts, headers, body: concat(chunks, received), headerAt, bodyAt });
      },
      onFail(curlCode, extendInfo) {
        fail(errorForCurlCode(curlCode, extendInfo), false);
      },
      onRefuse(error) {
        fail(error, true);
      },
    };

    // HTTP §3 readTimeout: the whole transfer, redirects included; 0 is none. (Past a timer's
    // range, about 24.8 days, only the wire's clock counts.)
    if (request.transport.readTimeoutMs > 0 && request.transport.readTimeoutMs <= MAX_TIMER_MS)
      cancelTimer = startTimer(request.transport.readTimeoutMs, () => fail(httpError(HttpErrorCode.OPERATION_TIMEOUT), true));
    try {
      transfer = wire(request, events);
    } catch (error) {
      // A wire refuses up front with the device error it means (direct mode's strict refusals).
      if (!isDeviceError(error)) reportUncaught(error);
      fail(isDeviceError(error) ? error : httpError(HttpErrorCode.INTERNAL_ERROR), false);
      return;
    }
    // The wire may have reported an end that needs it stopped before it returned the handle.
    if (abortWanted) transfer.abort();
  });
}

/** The body in memory of its own: the wire's chunks may be views into larger reads, which a kept body must not hold on to. */
function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
