import { withCallback } from '../../core/async-callback.js';
import { allowsHostName } from '../../core/atomic-service-domains.js';
import { atomicServiceDomains, lacksInternetPermission } from '../../core/device-conditions.js';
import { monotonicNow } from '../../core/web-platform.js';
import type { AsyncCallback } from '../../../types/base.js';
import type { http } from '../../../types/http.js';
import { httpError, HttpErrorCode, httpThrow } from './error-codes.js';
import { nowSeconds } from './http-date.js';
import { buildHttpResponse, connectionExtraInfo, performanceTiming } from './http-response.js';
import type { HttpTransportOptions, HttpWire, HttpWireRequest } from './http-wire.js';
import { hostOfUrl } from './url-host.js';
import { parseRequestArgs, type RequestArgs } from './request-args.js';
import { RequestListeners } from './request-listeners.js';
import { prepareRequest, toWireRequest, type PreparedRequest } from './request-options.js';
import { responseCache, type CacheHit } from './response-cache.js';
import { shapeResult } from './response-result.js';
import { runTransfer, type TransferOutcome } from './run-transfer.js';

type Mode = HttpWireRequest['mode'];

/** HTTP §7.5: why requestSync cannot run here, after the device's own checks passed. */
const REQUEST_SYNC_REFUSED =
  'requestSync is not available in ohos-netkit: the page (or Node) would have to block its JavaScript thread until the response arrives; use request() instead';

let objectCount = 0;

/**
 * `http.HttpRequest`: the device's request object over a wire (HTTP §1.3, §2, §6, §7).
 *
 * request and requestInStream never throw: every failure, bad arguments included, goes
 * to the callback or the rejection, asynchronously, as a plain object. Only on/off (bad
 * arguments) and requestSync throw, with string codes (HTTP §2.2). One object may run
 * any number of requests at a time; they share its listeners. There is no finalizer:
 * on the device a request under way goes on when its object is collected (HTTP §7.3).
 */
export class KitHttpRequest implements http.HttpRequest {
  readonly #listeners = new RequestListeners();
  readonly #wire: HttpWire;
  /** HTTP §7.3: read by the transfers under way at each header block and body chunk. */
  readonly #state = { destroyed: false };
  readonly #name = `http-request-${++objectCount}`;
  /** HTTP §7.4: the name of the object's shared cookie jar while enableAutoCookie(true) holds. */
  #cookieJar: string | undefined;
  #jars = 0;

  /** @param wire the build's wire (the page's fetch, the dev relay, Node's engine). */
  constructor(wire: HttpWire) {
    this.#wire = wire;
  }

  request(url: string, callback: AsyncCallback<http.HttpResponse>): void;
  request(url: string, options: http.HttpRequestOptions, callback: AsyncCallback<http.HttpResponse>): void;
  request(url: string, options?: http.HttpRequestOptions): Promise<http.HttpResponse>;
  request(...args: unknown[]): Promise<http.HttpResponse> | undefined {
    // HTTP §2.1: a foreign `this` gets undefined, as the native unwrap fails.
    if (!(this instanceof KitHttpRequest)) return undefined;
    return this.#call<http.HttpResponse>(args, 'request');
  }

  requestInStream(url: string, callback: AsyncCallback<number>): void;
  requestInStream(url: string, options: http.HttpRequestOptions, callback: AsyncCallback<number>): void;
  requestInStream(url: string, options?: http.HttpRequestOptions): Promise<number>;
  requestInStream(...args: unknown[]): Promise<number> | undefined {
    if (!(this instanceof KitHttpRequest)) return undefined;
    return this.#call<number>(args, 'stream');
  }

  /**
   * HTTP §7.5: the device blocks until the response is there. A page or Node cannot, so
   * after the device's checks (each a string-code throw) this refuses, with 2300999.
   */
  requestSync(url: string, options?: http.HttpRequestOptions): http.HttpResponse;
  requestSync(...args: unknown[]): http.HttpResponse | undefined {
    if (!(this instanceof KitHttpRequest)) return undefined;
    const parsed = parseRequestArgs<never>(args);
    const prepared = parsed.ok ? prepareRequest(parsed.url, parsed.options) : undefined;
    if (prepared === undefined) throw httpThrow(String(HttpErrorCode.PARAMETER_ERROR), httpError(HttpErrorCode.PARAMETER_ERROR).message);
    const refusal = this.#refusal(prepared);
    if (refusal !== undefined) throw httpThrow(String(refusal), httpError(refusal).message);
    throw httpThrow(String(HttpErrorCode.INTERNAL_ERROR), REQUEST_SYNC_REFUSED);
  }

  /** HTTP §7.3: a flag, not a cancellation; the shared cookie jar goes. */
  destroy(): void {
    if (!(this instanceof KitHttpRequest) || this.#state.destroyed) return;
    this.#state.destroyed = true;
    this.#cookieJar = undefined;
  }

  on(type: string, callback: (...args: never[]) => unknown): void;
  on(...args: unknown[]): void {
    // Arguments are checked before the object is: bad ones throw even on a foreign `this`.
    (this instanceof KitHttpRequest ? this.#listeners : new RequestListeners()).on(args);
  }

  off(type: string, callback?: (...args: never[]) => unknown): void;
  off(...args: unknown[]): void {
    (this instanceof KitHttpRequest ? this.#listeners : new RequestListeners()).off(args);
  }

  once(type: 'headersReceive', callback: Parameters<http.HttpRequest['once']>[1]): void;
  once(...args: unknown[]): void {
    if (this instanceof KitHttpRequest) this.#listeners.once(args);
  }

  /** HTTP §7.4: true starts a jar shared by later requests (if none is), false drops it; a non-boolean does nothing. */
  enableAutoCookie(enable: boolean): void;
  enableAutoCookie(...args: unknown[]): void {
    const [enable] = args;
    if (!(this instanceof KitHttpRequest) || typeof enable !== 'boolean') return;
    if (!enable) this.#cookieJar = undefined;
    else this.#cookieJar ??= `${this.#name}/jar-${++this.#jars}`;
  }

  #call<T>(args: unknown[], mode: Mode): Promise<T> | undefined {
    const calledAt = monotonicNow();
    const parsed = parseRequestArgs<T>(args);
    return withCallback(this.#start(parsed as RequestArgs<unknown>, mode, calledAt) as Promise<T>, parsed.callback);
  }

  /**
   * HTTP §2.1, §4: everything up to the transfer is decided now, at the call, as the
   * device prepares a request on the JS thread: the arguments, the options, the
   * permission, an atomic service's hosts, destroy(), the cache, the Range-with-PUT
   * setup failure. The transfer itself starts after the call has returned.
   */
  #start(parsed: RequestArgs<unknown>, mode: Mode, calledAt: number): Promise<unknown> {
    const prepared = parsed.ok ? prepareRequest(parsed.url, parsed.options) : undefined;
    if (prepared === undefined) return Promise.reject(httpError(HttpErrorCode.PARAMETER_ERROR));
    const refusal = this.#refusal(prepared);
    if (refusal !== undefined) return Promise.reject(httpError(refusal));

    const requestTime = nowSeconds();
    const cached = prepared.usingCache ? responseCache.lookup(prepared, requestTime) : undefined;
    if (cached !== undefined && 'hit' in cached) return Promise.resolve().then(() => this.#answerFromCache(cached.hit, prepared, mode, calledAt));
    const request = cached === undefined ? prepared : withHeader(prepared, cached.conditional);
    // HTTP §3 resumeFrom/To: curl refuses a Range with PUT while the transfer is set up.
    if (request.rangeWithPut) return Promise.reject(httpError(HttpErrorCode.INTERNAL_ERROR));

    const cookieJar: HttpTransportOptions['cookieJar'] = this.#cookieJar === undefined ? 'transfer' : { object: this.#cookieJar };
    const wireRequest = toWireRequest(request, mode, cookieJar);
    const state = this.#state;
    const host = { listeners: this.#listeners, destroyed: () => state.destroyed, calledAt };
    return Promise.resolve()
      .then(() => runTransfer(this.#wire, wireRequest, host))
      .then((outcome) => {
        storeInCache(request, mode, outcome, requestTime);
        return mode === 'stream' ? this.#endStream(outcome.facts.status) : this.#response(outcome, request, calledAt);
      });
  }

  /** HTTP §4: the checks before the network, in the device's order (401 comes first, from parsing). */
  #refusal(prepared: PreparedRequest): number | undefined {
    if (lacksInternetPermission()) return HttpErrorCode.PERMISSION_DENIED;
    const host = hostOfUrl(prepared.url);
    const domains = atomicServiceDomains();
    // The device lets through a URL it finds no host in.
    if (host !== '' && domains !== undefined && !allowsHostName(domains, host)) return HttpErrorCode.DOMAIN_NOT_ALLOWED;
    if (this.#state.destroyed) return HttpErrorCode.INTERNAL_ERROR;
    return undefined;
  }

  /** HTTP §6: dataEnd, then (in the same task) the status code. */
  #endStream(status: number): number {
    this.#listeners.emit('dataEnd', undefined);
    return status >>> 0;
  }

  #response(outcome: TransferOutcome, request: PreparedRequest, calledAt: number): http.HttpResponse {
    const { facts, headers, body } = outcome;
    // The body is this transfer's alone (run-transfer.ts concat; the cache keeps a copy of its own).
    const shaped = shapeResult(body, headers.get('content-type'), request.expectDataType, true);
    return buildHttpResponse({
      responseCode: facts.status,
      cookies: facts.cookies,
      header: headers.responseObject(),
      shaped,
      performanceTiming: performanceTiming(facts.timing, {
        responseHeader: outcome.headerAt,
        responseBody: outcome.bodyAt,
        total: monotonicNow() - calledAt,
      }),
      connectionExtraInfo: connectionExtraInfo(facts.connection, facts.redirectCount, false),
    }) as unknown as http.HttpResponse;
  }

  /** HTTP §8: a fresh entry answers with 200 and no header, data or progress events (requestInStream: dataEnd, then 200). */
  #answerFromCache(hit: CacheHit, request: PreparedRequest, mode: Mode, calledAt: number): unknown {
    if (mode === 'stream') return this.#endStream(200);
    const { response, headers } = hit;
    return buildHttpResponse({
      responseCode: 200,
      cookies: response.cookies,
      header: headers.responseObject(),
      shaped: shapeResult(response.body, headers.get('content-type'), request.expectDataType),
      performanceTiming: performanceTiming(undefined, { responseHeader: 0, responseBody: 0, total: monotonicNow() - calledAt }),
      connectionExtraInfo: connectionExtraInfo(response.connection, response.redirectCount, true),
    });
  }
}

/** HTTP §8: a stale entry's validator, added to the request (the cache key leaves it out). */
function withHeader(request: PreparedRequest, [name, value]: readonly [string, string]): PreparedRequest {
  return { ...request, headers: new Map([...request.headers, [name, value]]) };
}

/** HTTP §8: every successful response is offered to the cache; a requestInStream one with an empty body. */
function storeInCache(request: PreparedRequest, mode: Mode, outcome: TransferOutcome, requestTime: number): void {
  if (!responseCache.active) return;
  const { facts, headers } = outcome;
  responseCache.store(request, facts.status, headers, {
    blocks: headers.blocks,
    body: mode === 'stream' ? new Uint8Array(0) : outcome.body,
    cookies: facts.cookies,
    requestTime,
    responseTime: nowSeconds(),
    connection: facts.connection,
    redirectCount: facts.redirectCount,
  });
}
