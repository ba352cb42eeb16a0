import type { CookieJar } from 'tough-cookie';
import { Client, type Dispatcher } from 'undici';
import { reportUncaught } from '../../core/report-uncaught.js';
import { CurlCode, type HttpHeaderBlock, type HttpTransferFacts, type HttpWireEvents, type HttpWireRequest } from '../core/http-wire.js';
import { cookieHeaderFor, createCurlCookieJar, storeSetCookies } from './cookie-jars.js';
import { curlCodeOf, type TransferStage } from './curl-failure.js';
import { basicAuthorization, buildHopHeaders } from './curl-request-headers.js';
import { parseCurlUrl, resolveLocation, targetOf } from './curl-url.js';
import { createContentDecoder, type ContentDecoder } from './decode-content.js';
import { dnsServerResolver, type DnsServerResolver } from './dns-servers.js';
import type { HttpEngineContext, HttpEngineTransfer } from './engine-context.js';
import { connectionKey, DEFAULT_IDLE_MS, type PooledConnection } from './connection-pool.js';
import { buildMultipartBody } from './multipart-body.js';
import { netscapeCookieLines } from './netscape-cookies.js';
import { ConnectionSlot, type ConnectionWatch } from './open-connection.js';
import { planRoute, type HopRoute } from './plan-route.js';
import { bodyPieces } from './request-body.js';
import { loadTlsSettings, type TlsSettings } from './tls-settings.js';
import { TransferTiming } from './transfer-timing.js';

/** curl's connect timeout when none is set (connect.h DEFAULT_CONNECT_TIMEOUT). */
const CURL_DEFAULT_CONNECT_MS = 300_000;

/** curl's CURL_MAX_WRITE_SIZE: its write callback, and so the device's body chunks, get at most this much at a time. */
const WRITE_PIECE_BYTES = 16 * 1024;

/** curl's MAX_HTTP_RESP_HEADER_SIZE: a larger response header block is curl 56. */
const MAX_RESPONSE_HEADER_BYTES = 300 * 1024;

/**
 * A redirect's own body is read and dropped (curl reads it to keep the connection);
 * past this much the connection is given up instead, so a large or endless 3xx body
 * costs nothing.
 */
const REDIRECT_BODY_DRAIN_BYTES = 64 * 1024;

/** Socket errors of a connection the server closed while it sat idle: a reused one is given one retry, as curl does. */
const STALE_CONNECTION_ERRORS = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/** Methods for which undici writes `content-length: 0` when there is no body (client-h1.js, expectsPayload). */
const UNDICI_PAYLOAD_METHODS = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);

/**
 * Performs one transfer as the device's curl does (HTTP §4, §5, §7, §9, §13.3): the
 * request as curl writes it, redirects followed here (each hop checked by the outbound
 * policy before it is opened), cookies kept in the transfer's jar (or the object's),
 * every hop's header block, the body decoded and streamed, and one end: `onEnd` with
 * the facts, or `onFail` with curl's code. Nothing follows abort().
 */
export function perform(request: HttpWireRequest, context: HttpEngineContext, events: HttpWireEvents): HttpEngineTransfer {
  const transfer = new EngineTransfer(request, context, events);
  transfer.start();
  return transfer;
}

/** The body the current hop sends. */
interface OutgoingBody {
  readonly parts: readonly Uint8Array[];
  readonly length: number;
  /** A multipart body's own Content-Type (with its boundary). */
  readonly contentType: string | undefined;
}

/** What the response of the hop under way has come to be. */
type HopResponse =
  | { readonly kind: 'pending' }
  /** A 3xx that is followed: its body is dropped, then `next` is requested. */
  | { readonly kind: 'redirect'; readonly next: URL; readonly status: number; drained: number; givenUp: boolean }
  /** The answer of the transfer. */
  | { readonly kind: 'final'; readonly status: number; readonly decoder: ContentDecoder; readonly total: number | undefined; received: number };

/** The hop under way: its route, the connection it runs on (and how many that one had made before), its answer so far. */
interface Hop {
  readonly route: HopRoute;
  readonly slot: ConnectionSlot;
  readonly madeBefore: number;
  response: HopResponse;
}

class EngineTransfer implements HttpEngineTransfer {
  readonly #request: HttpWireRequest;
  readonly #context: HttpEngineContext;
  readonly #events: HttpWireEvents;
  readonly #timing = new TransferTiming();
  /** The connections this transfer holds, by connection key (connection-pool.ts): made here, or taken from the pool. */
  readonly #slots = new Map<string, PooledConnection>();
  readonly #watch: ConnectionWatch = {
    connectBudgetMs: () => this.#connectDeadline - performance.now(),
    tcpConnected: () => this.#timing.mark('tcp'),
    tlsDone: () => this.#timing.mark('tls'),
  };
  /** A hop on a reused connection that the server had closed was sent again once (#retryStale). */
  #retriedStale = false;
  #ended = false;
  #totalTimer: NodeJS.Timeout | undefined;
  #planTimer: NodeJS.Timeout | undefined;
  #connectDeadline = 0;
  #jar: CookieJar | undefined;
  #tls: TlsSettings | undefined;
  #resolver: DnsServerResolver | undefined;
  #firstUrl: URL | undefined;
  #body: OutgoingBody | undefined;
  #redirects = 0;
  #stage: TransferStage = 'connect';
  #hop: Hop | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  #paused = false;
  #decoderFull = false;
  #delivered = 0;

  constructor(request: HttpWireRequest, context: HttpEngineContext, events: HttpWireEvents) {
    this.#request = request;
    this.#context = context;
    this.#events = events;
  }

  start(): void {
    const total = [this.#request.transport.readTimeoutMs, this.#context.timeouts?.maxTotalMs ?? 0].filter((ms) => ms > 0);
    if (total.length > 0) {
      const limit = Math.min(...total);
      // HTTP §3 readTimeout: curl's CURLOPT_TIMEOUT_MS, the whole transfer, redirects included.
      this.#totalTimer = setTimeout(() => this.#fail(CurlCode.OPERATION_TIMEDOUT, `the transfer took longer than ${limit} ms`), limit);
    }
    this.#begin().catch((error: unknown) =>
      this.#fail(curlCodeOf(error, this.#stage, false), error instanceof Error ? error.message : String(error)),
    );
  }

  abort(): void {
    this.#end();
  }

  pause(): void {
    this.#paused = true;
    // Only the answer's body is held back; a redirect's is read (and dropped) as curl would.
    if (this.#hop?.response.kind !== 'final') return;
    this.#controller?.pause();
    this.#hop.response.decoder.pause();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#hop?.response.kind === 'final') this.#hop.response.decoder.resume();
    if (!this.#decoderFull) this.#controller?.resume();
  }

  async #begin(): Promise<void> {
    const request = this.#request;
    const context = this.#context;
    const { transport } = request;
    const parsed = parseCurlUrl(request.url);
    if (!parsed.ok) {
      this.#fail(parsed.code, parsed.why);
      return;
    }
    this.#firstUrl = parsed.url;

    if (transport.multipart !== undefined && transport.multipart.length > 0) {
      const multipart = await buildMultipartBody(transport.multipart, context.files);
      if (this.#ended) return;
      if (!multipart.ok) {
        this.#fail(CurlCode.READ_ERROR, multipart.why);
        return;
      }
      this.#body = { parts: multipart.parts, length: multipart.length, contentType: multipart.contentType };
    } else if (request.body !== undefined && request.body.length > 0) {
      this.#body = { parts: [request.body], length: request.body.length, contentType: undefined };
    }

    const jar = transport.cookieJar;
    this.#jar = jar === 'transfer' ? createCurlCookieJar() : context.cookieJars.jarOf(jar.object);
    if (transport.dnsServers !== undefined && transport.dnsServers.length > 0) {
      const family = transport.addressFamily === 'ONLY_V4' ? 4 : transport.addressFamily === 'ONLY_V6' ? 6 : undefined;
      this.#resolver = dnsServerResolver(transport.dnsServers, family);
    }
    await this.#startHop(parsed.url);
  }

  /** One request: the first, or a redirect's. */
  async #startHop(url: URL): Promise<void> {
    const { transport } = this.#request;
    this.#timing.startHop();
    this.#stage = 'connect';
    const connectMs =
      transport.connectTimeoutMs > 0 ? transport.connectTimeoutMs : (this.#context.timeouts?.defaultConnectMs ?? CURL_DEFAULT_CONNECT_MS);
    this.#connectDeadline = performance.now() + connectMs;
    // curl sets TLS up when it connects with TLS: caData, the client certificate and the
    // cipher list matter (and can fail) only for an https hop, the first one or a redirect's.
    if (url.protocol === 'https:' && this.#tls === undefined) {
      const tls = await loadTlsSettings(transport, this.#context.files);
      if (this.#ended) return;
      if (!tls.ok) {
        this.#fail(tls.code, tls.why);
        return;
      }
      if (tls.skipped !== undefined) this.#log('info', tls.skipped);
      this.#tls = tls.settings;
    }
    // curl's connect timeout covers the name look-ups too.
    this.#planTimer = setTimeout(() => this.#fail(CurlCode.OPERATION_TIMEDOUT, `no connection within ${connectMs} ms (resolving names)`), connectMs);
    const decision = await planRoute(url, { context: this.#context, transport, resolver: this.#resolver?.resolve });
    clearTimeout(this.#planTimer);
    if (this.#ended) return;
    if (!decision.ok) {
      this.#fail(decision.code, decision.why);
      return;
    }
    const route = decision.route;
    this.#timing.markDns(route.dnsMs);
    this.#log('info', `${this.#request.method} ${targetOf(url)} ${route.via}`);

    const holder = this.#slotFor(route);
    const first = this.#firstUrl as URL;
    const sameOrigin = url.protocol === first.protocol && url.hostname === first.hostname && url.port === first.port;
    const body = this.#body;
    const head = buildHopHeaders({
      url,
      appHeaders: this.#request.headers,
      body: body === undefined ? undefined : { length: body.length, contentType: body.contentType },
      range: transport.range,
      jarCookies: cookieHeaderFor(this.#jar as CookieJar, url.href),
      authorization: this.#authorization(url, sameOrigin),
      sameOriginAsFirst: sameOrigin,
      host: route.proxy?.mode === 'forward' ? url.host : undefined,
      forwardProxy: route.proxy?.mode === 'forward' ? { authorization: route.proxy.authorization } : undefined,
    });
    if (head.dropped.length > 0) this.#log('warn', `request headers not sent (undici cannot send them as given): ${head.dropped.join(', ')}`);
    const headers = [...head.headers];
    if (body !== undefined) headers.push('content-length', String(body.length));
    const method = this.#request.method;
    holder.slot.stripEmptyContentLength = body === undefined && UNDICI_PAYLOAD_METHODS.has(method);

    this.#hop = { route, slot: holder.slot, madeBefore: holder.slot.made, response: { kind: 'pending' } };
    this.#decoderFull = false;
    const hop = this.#hop;
    const options: Dispatcher.DispatchOptions = {
      path: route.proxy?.mode === 'forward' ? absoluteForm(url) : originForm(url),
      method,
      headers,
      // undici takes any async iterable as a body (its types name streams only), and pulls it as the socket drains.
      body:
        body === undefined
          ? null
          : (bodyPieces(body.parts, (sent, total) => this.#emit(() => this.#events.onSendProgress(sent, total))) as unknown as NonNullable<
              Dispatcher.DispatchOptions['body']
            >),
      ...(head.closeConnection ? { reset: true } : {}),
    };
    holder.client.dispatch(options, {
      onRequestStart: (controller) => {
        if (this.#ended || this.#hop !== hop) return;
        this.#controller = controller;
        this.#stage = 'head';
        this.#timing.mark('firstSend');
      },
      onResponseStart: (controller, status) => {
        if (this.#ended || this.#hop !== hop) return;
        this.#onResponseStart(url, controller, status);
      },
      onResponseData: (controller, chunk) => {
        if (this.#ended || this.#hop !== hop) return;
        this.#onResponseData(controller, chunk);
      },
      onResponseEnd: () => {
        if (this.#ended || this.#hop !== hop) return;
        this.#onResponseEnd();
      },
      onResponseError: (_controller, error) => {
        if (this.#ended || this.#hop !== hop) return;
        const response = hop.response;
        if (response.kind === 'redirect' && response.givenUp) {
          this.#follow(response.next, response.status);
          return;
        }
        if (this.#retryStale(url, hop, error)) return;
        // undici says "other side closed" for some socket errors; the socket's own error names the cause.
        const cause = (error as { code?: unknown }).code === 'UND_ERR_SOCKET' ? (hop.slot.socketError ?? error) : error;
        this.#fail(curlCodeOf(cause, this.#stage, false), cause.message);
      },
    });
  }

  /**
   * curl sends a request again, once, on a fresh connection when a connection it reused
   * turns out closed before any of the answer came (the server ended it while it sat
   * in the cache). The body is held whole, so it can be sent again.
   */
  #retryStale(url: URL, hop: Hop, error: Error): boolean {
    const reusedSocket = hop.madeBefore > 0 && hop.slot.made === hop.madeBefore;
    const code = (error as { code?: unknown }).code;
    if (this.#retriedStale || !reusedSocket || hop.response.kind !== 'pending' || typeof code !== 'string' || !STALE_CONNECTION_ERRORS.has(code)) {
      return false;
    }
    this.#retriedStale = true;
    this.#controller = undefined;
    this.#log('info', 'a reused connection was closed by the server; sending the request again on a new one');
    this.#startHop(url).catch((failure: unknown) =>
      this.#fail(curlCodeOf(failure, this.#stage, false), failure instanceof Error ? failure.message : String(failure)),
    );
    return true;
  }

  #onResponseStart(url: URL, controller: Dispatcher.DispatchController, status: number): void {
    const hop = this.#hop;
    if (hop === undefined) return;
    this.#stage = 'body';
    this.#timing.mark('firstReceive');
    hop.slot.stripEmptyContentLength = false;
    const lines = rawHeaderLines(controller.rawHeaders);
    // curl's cookie engine reads Set-Cookie as the header lines arrive, on every hop.
    storeSetCookies(
      this.#jar as CookieJar,
      url.href,
      lines.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value),
    );
    const block: HttpHeaderBlock = { status, lines };
    this.#emit(() => this.#events.onHeaderBlock(block));
    if (this.#ended) return;

    const locations = [
      ...new Set(lines.filter(([name, value]) => name.toLowerCase() === 'location' && value.trim() !== '').map(([, value]) => value.trim())),
    ];
    if (locations.length > 1) {
      this.#fail(CurlCode.WEIRD_SERVER_REPLY, 'multiple Location headers');
      return;
    }
    const location = locations[0];
    if (status >= 300 && status < 400 && location !== undefined) {
      // HTTP §4: curl follows (FOLLOWLOCATION 1, MAXREDIRS = maxRedirects); 0 refuses any.
      if (this.#redirects >= this.#request.transport.maxRedirects) {
        this.#fail(CurlCode.TOO_MANY_REDIRECTS, `maximum (${this.#request.transport.maxRedirects}) redirects followed`);
        return;
      }
      const next = resolveLocation(location, url);
      if (!next.ok) {
        this.#fail(next.code, next.why);
        return;
      }
      hop.response = { kind: 'redirect', next: next.url, status, drained: 0, givenUp: false };
      return;
    }

    const header = (name: string): string[] => lines.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
    const lengthHeader = header('content-length')[0];
    const total =
      this.#request.method !== 'HEAD' && lengthHeader !== undefined && /^\d+$/.test(lengthHeader.trim()) ? Number(lengthHeader.trim()) : undefined;
    const decoder = createContentDecoder(header('content-encoding').join(','), {
      data: (chunk) => this.#deliver(chunk),
      failed: (why) => this.#fail(CurlCode.BAD_CONTENT_ENCODING, why),
      ended: () => this.#succeed(status),
      drained: () => {
        this.#decoderFull = false;
        if (!this.#paused) this.#controller?.resume();
      },
    });
    if ('code' in decoder) {
      this.#fail(decoder.code, decoder.why);
      return;
    }
    hop.response = { kind: 'final', status, decoder, total, received: 0 };
    if (this.#paused) {
      decoder.pause();
      controller.pause();
    }
  }

  #onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const response = this.#hop?.response;
    if (response === undefined) return;
    if (response.kind === 'redirect') {
      response.drained += chunk.length;
      if (response.drained > REDIRECT_BODY_DRAIN_BYTES && !response.givenUp) {
        response.givenUp = true;
        controller.abort(new Error('redirect body not read further'));
      }
      return;
    }
    if (response.kind !== 'final') return;
    response.received += chunk.length;
    if (!response.decoder.write(chunk)) {
      this.#decoderFull = true;
      controller.pause();
    }
    if (this.#ended) return;
    // HTTP §6 dataReceiveProgress: bytes of the body as received, of its Content-Length.
    if (response.total !== undefined) {
      const { received, total } = response;
      this.#emit(() => this.#events.onReceiveProgress(received, total));
    }
  }

  #onResponseEnd(): void {
    const response = this.#hop?.response;
    if (response?.kind === 'redirect') this.#follow(response.next, response.status);
    else if (response?.kind === 'final') response.decoder.end();
  }

  /**
   * The next hop of a redirect (HTTP §4). curl always has CUSTOMREQUEST set here, and
   * FOLLOWLOCATION 1 (CURLFOLLOW_ALL) keeps the method string on every hop; on a 301,
   * 302 or 303 curl still switches its request to GET (http.c, Curl_http_follow:
   * "Stick to POST instead of GET"), so the body, its Content-Length and its default
   * Content-Type stay behind while the method line keeps the app's method. On 307, 308
   * and any other 3xx the body is sent again.
   */
  #follow(next: URL, status: number): void {
    this.#redirects += 1;
    this.#controller = undefined;
    if (status === 301 || status === 302 || status === 303) this.#body = undefined;
    this.#log('info', `redirected (${status}) to ${targetOf(next)}`);
    this.#startHop(next).catch((error: unknown) =>
      this.#fail(curlCodeOf(error, this.#stage, false), error instanceof Error ? error.message : String(error)),
    );
  }

  /**
   * The decoded body, in curl's write-callback pieces (at most 16 KiB). HTTP §7.1: in
   * 'request' mode a piece fails the transfer (curl 23) when the bytes already taken are
   * more than maxLimit or the piece alone is; a body of exactly maxLimit passes, and one
   * may pass it by at most its last piece, as on the device.
   */
  #deliver(chunk: Buffer): void {
    const { mode, maxLimit } = this.#request;
    for (let offset = 0; offset < chunk.length && !this.#ended; offset += WRITE_PIECE_BYTES) {
      const piece = chunk.subarray(offset, Math.min(chunk.length, offset + WRITE_PIECE_BYTES));
      if (mode === 'request' && (this.#delivered > maxLimit || piece.length > maxLimit)) {
        this.#fail(CurlCode.WRITE_ERROR, `the body passed maxLimit (${maxLimit} bytes)`);
        return;
      }
      this.#delivered += piece.length;
      this.#emit(() => this.#events.onData(piece));
    }
  }

  #succeed(status: number): void {
    if (this.#ended) return;
    const hop = this.#hop;
    const made = hop?.slot.last;
    const timing = this.#timing.facts();
    const facts: HttpTransferFacts = {
      status,
      redirectCount: this.#redirects,
      cookies: this.#jar === undefined ? '' : netscapeCookieLines(this.#jar),
      timing,
      connection: {
        protocol: made?.http2 === true ? 'HTTP/2' : 'HTTP/1.1',
        ...(made?.tlsVersion === undefined ? {} : { tlsVersion: made.tlsVersion }),
        ...(made?.cipherSuite === undefined ? {} : { cipherSuite: made.cipherSuite }),
        localAddress: made?.localAddress ?? '',
        localPort: made?.localPort ?? -1,
        remoteAddress: made?.remoteAddress ?? '',
        remotePort: made?.remotePort ?? -1,
        reused: hop !== undefined && hop.slot.made === hop.madeBefore,
        viaProxy: hop?.route.proxy !== undefined,
      },
    };
    this.#end(true);
    this.#emit(() => this.#events.onEnd(facts));
  }

  #fail(code: number, why: string): void {
    if (this.#ended) return;
    this.#end();
    this.#log('warn', `failed (curl ${code}): ${why}`);
    this.#emit(() => this.#events.onFail(code, undefined, why));
  }

  /**
   * Ends everything the transfer holds: timers, look-ups, the decoder, and every
   * connection and every one being made. `release`: it ended well, so its connections
   * (each one idle now: its last response was read to the end) go back to the pool when
   * the transfer may leave them there (HTTP §3 reuseConnections); otherwise they close.
   */
  #end(release = false): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#totalTimer);
    clearTimeout(this.#planTimer);
    this.#resolver?.cancel();
    if (this.#hop?.response.kind === 'final') this.#hop.response.decoder.destroy();
    const pool = release && this.#reuses ? this.#context.pool : undefined;
    const inactivity = this.#request.transport.inactivityMs;
    for (const connection of this.#slots.values()) {
      if (pool !== undefined) {
        pool.give(connection, inactivity !== undefined && inactivity > 0 ? inactivity : DEFAULT_IDLE_MS);
        continue;
      }
      connection.slot.abortPending();
      connection.client.destroy().catch(() => {});
    }
    this.#slots.clear();
  }

  /** Whether this transfer takes connections from the pool and leaves its own there. */
  get #reuses(): boolean {
    return this.#context.pool !== undefined && this.#request.transport.reuseConnections !== false;
  }

  #slotFor(route: HopRoute): PooledConnection {
    const version = this.#request.transport.httpVersion;
    // curl's default for https is HTTP/2 when the server offers it (CURL_HTTP_VERSION_2TLS); usingProtocol 1.1 keeps to 1.1.
    const http2Allowed = version !== '1.1';
    const key = connectionKey(route, this.#tls, http2Allowed);
    const existing = this.#slots.get(key) ?? (this.#reuses ? this.#context.pool?.take(key) : undefined);
    if (existing !== undefined) {
      existing.slot.route = route;
      existing.slot.watch = this.#watch;
      existing.slot.stripEmptyContentLength = false;
      this.#slots.set(key, existing);
      return existing;
    }
    const slot = new ConnectionSlot(route, this.#tls, http2Allowed, this.#watch);
    const inactivity = this.#request.transport.inactivityMs;
    const client = new Client(slot.origin, {
      connect: slot.connect,
      allowH2: slot.http2,
      pipelining: 1,
      // curl has no such timeouts: readTimeout bounds the whole transfer (above).
      headersTimeout: 0,
      bodyTimeout: 0,
      maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
      strictContentLength: true,
      // An idle connection closes by itself once the pool would no longer hand it out (a server's Keep-Alive hint may close it sooner).
      keepAliveTimeout: inactivity !== undefined && inactivity > 0 ? inactivity : DEFAULT_IDLE_MS,
    });
    client.on('connectionError', () => {});
    const holder: PooledConnection = { key, client, slot };
    this.#slots.set(key, holder);
    return holder;
  }

  /** serverAuthentication basic (sent at once, as CURLAUTH_BASIC does), or credentials in the URL; never to another host after a redirect. */
  #authorization(url: URL, sameOrigin: boolean): string | undefined {
    if (!sameOrigin) return undefined;
    const auth = this.#request.transport.serverAuthentication;
    if (auth !== undefined && auth.username !== '') {
      if (auth.scheme === 'basic') return basicAuthorization(auth.username, auth.password);
      this.#log('warn', `serverAuthentication ${auth.scheme} is not supported by this engine; the request goes without credentials`);
      return undefined;
    }
    const first = this.#firstUrl as URL;
    if (first.username !== '') return basicAuthorization(decodeURIComponent(first.username), decodeURIComponent(first.password));
    return undefined;
  }

  /** Hands an event to the caller; an exception there is the caller's bug, reported as uncaught, and the transfer goes on. */
  #emit(event: () => void): void {
    try {
      event();
    } catch (error) {
      reportUncaught(error);
    }
  }

  #log(level: 'info' | 'warn', message: string): void {
    this.#context.log?.(level, message);
  }
}

/** The request target of an origin-form request: path and query as the URL has them (an empty query keeps its `?`). */
function originForm(url: URL): string {
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return bare.href.slice(bare.origin.length) || '/';
}

/** The request target through an HTTP proxy: the whole URL, without credentials. */
function absoluteForm(url: URL): string {
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return bare.href;
}

/** undici's raw header list (Buffers or strings, name and value alternating) as name/value pairs; the device makes its strings from the bytes as UTF-8. */
function rawHeaderLines(raw: Dispatcher.DispatchController['rawHeaders']): Array<readonly [string, string]> {
  const lines: Array<readonly [string, string]> = [];
  if (!Array.isArray(raw)) return lines;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index];
    const value = raw[index + 1];
    lines.push([
      typeof name === 'string' ? name : Buffer.from(name as Buffer).toString('utf8'),
      typeof value === 'string' ? value : Buffer.from(value as Buffer).toString('utf8'),
    ]);
  }
  return lines;
}
