import { curlUrl } from '../core/curl-url.js';
import { CurlCode, type HttpTransferFacts, type HttpWire, type HttpWireEvents, type HttpWireRequest } from '../core/http-wire.js';

/** curl's CURL_MAX_WRITE_SIZE: its write callback, and so the device's body chunks, get at most this much at a time. */
const WRITE_PIECE_BYTES = 16 * 1024;

/** Methods fetch refuses outright (the Fetch standard's forbidden methods). */
const REFUSED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Direct mode: a transfer is the page's own `fetch` (HTTP §13.1), doing what a page can
 * do as the device does. What it cannot (HTTP §13.2) the page was warned about, or, in
 * strict mode, refused, before this runs (choose-wire.ts):
 * - the device has no cookie jar of the browser's and no HTTP cache: `credentials: 'omit'`,
 *   `cache: 'no-store'`;
 * - redirects are followed by the browser (up to its own limit of 20); with
 *   `maxRedirects: 0` a redirect is curl 47, as on the device (`redirect: 'manual'`);
 * - the response's header block is the final one, with the headers the page may see;
 *   the body streams as it comes;
 * - a network failure of any kind (refused, unreachable, a name that does not resolve,
 *   a TLS error, CORS) is one TypeError to a page, reported as curl 7 "Failed to
 *   connect to the server": the README's "Differences from the device" says so.
 *
 * `globalThis.fetch` is read at each transfer, so test tools that replace it are seen.
 */
export const fetchWire: HttpWire = (request, events) => {
  const controller = new AbortController();
  let stopped = false;
  void transfer(request, events, controller.signal, () => stopped);
  return {
    abort() {
      stopped = true;
      controller.abort();
    },
  };
};

async function transfer(request: HttpWireRequest, events: HttpWireEvents, signal: AbortSignal, stopped: () => boolean): Promise<void> {
  const started = performance.now();
  const url = curlUrl(request.url);
  if (!url.ok) return events.onFail(url.code, undefined);
  if (REFUSED_METHODS.has(request.method.toUpperCase())) return events.onFail(CurlCode.UNSUPPORTED_PROTOCOL, undefined);
  const bodyless = /^(get|head)$/i.test(request.method);
  const body = bodyless ? undefined : request.body;
  const form = bodyless ? undefined : formOf(request);
  // A form brings its own Content-Type (with the boundary fetch chose).
  const sent = curlRequestHeaders(request, body !== undefined).filter(([name]) => form === undefined || name !== 'content-type');
  // No Headers object when there is nothing to set: making one is a measurable part of a small request.
  const headers = sent.length === 0 ? undefined : new Headers();
  for (const [name, value] of sent) {
    try {
      headers?.append(name, value);
    } catch {
      // A name or value fetch refuses (it checks the HTTP token grammar): the device would send it; the page was warned.
    }
  }
  let response: Response;
  try {
    response = await globalThis.fetch(url.href, {
      method: request.method,
      ...(headers === undefined ? {} : { headers }),
      body: form ?? (body === undefined ? null : (body as Uint8Array<ArrayBuffer>)),
      credentials: 'omit',
      cache: 'no-store',
      // The device sends no Referer (HTTP §4); the page's Origin it cannot leave out.
      referrerPolicy: 'no-referrer',
      redirect: request.transport.maxRedirects === 0 ? 'manual' : 'follow',
      signal,
    });
  } catch {
    if (!stopped()) events.onFail(CurlCode.COULDNT_CONNECT, undefined);
    return;
  }
  if (stopped()) return;
  const answered = performance.now();
  // HTTP §4: maxRedirects 0 makes curl refuse to follow any redirect.
  if (response.type === 'opaqueredirect') return events.onFail(CurlCode.TOO_MANY_REDIRECTS, undefined);
  // A page has no progress of its upload: the whole body was sent once the answer comes.
  if (body !== undefined && body.length > 0) events.onSendProgress(body.length, body.length);
  events.onHeaderBlock({ status: response.status, lines: [...response.headers] });
  const declared = declaredLength(response);
  const total = declared ?? 0;
  let received = 0;
  const reader = readerOf(response, request, declared);
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      // HTTP §6, §7.1: the device's chunks are curl's write pieces, whatever the browser buffered.
      for (let offset = 0; offset < next.value.length; offset += WRITE_PIECE_BYTES) {
        if (stopped()) return;
        const piece = next.value.subarray(offset, offset + WRITE_PIECE_BYTES);
        received += piece.length;
        events.onData(piece);
        if (total > 0) events.onReceiveProgress(received, total);
      }
      if (stopped()) return;
    }
  } catch {
    // The connection broke in the body: curl 56, "Failed to receive data from the peer".
    if (!stopped()) events.onFail(CurlCode.RECV_ERROR, undefined);
    return;
  }
  if (!stopped()) events.onEnd(factsOf(response, url.href, { started, answered, finished: performance.now() }));
}

/** The body's length as the response declares it (Content-Length, digits only), or undefined. */
function declaredLength(response: Response): number | undefined {
  const declared = response.headers.get('content-length');
  return declared !== null && /^\d{1,15}$/.test(declared) ? Number(declared) : undefined;
}

/** The largest body read whole (readerOf). */
const WHOLE_BODY_MAX_BYTES = 64 * 1024;

/** What the body is read with: its chunks as the browser has them, or all of it at once. */
interface BodyReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
}

/**
 * request() of a small body whose length is declared, not encoded, and within maxLimit
 * reads it whole with one arrayBuffer(), which costs the page less than a reader's turn
 * per chunk (measured on small GETs); nothing app code sees differs, since request() has
 * no data events and such a body cannot pass maxLimit (HTTP §7.1). A large body goes
 * chunk by chunk: read whole, it would take a new buffer of its size besides the
 * result's (a 10 MiB download lost a third of its speed to that). requestInStream()
 * always goes chunk by chunk, as the chunks come.
 */
function readerOf(response: Response, request: HttpWireRequest, declared: number | undefined): BodyReader {
  const body = response.body;
  if (body === null) return { read: () => Promise.resolve({ done: true, value: undefined }) };
  const whole =
    request.mode === 'request' &&
    declared !== undefined &&
    declared <= Math.min(request.maxLimit, WHOLE_BODY_MAX_BYTES) &&
    response.headers.get('content-encoding') === null;
  if (!whole) return body.getReader();
  let pending: Promise<ArrayBuffer> | undefined = response.arrayBuffer();
  return {
    read: async () => {
      if (pending === undefined) return { done: true, value: undefined };
      const bytes = new Uint8Array(await pending);
      pending = undefined;
      return bytes.length === 0 ? { done: true, value: undefined } : { done: false, value: bytes };
    },
  };
}

/**
 * The request headers as curl sends them, as far as a page may set them (HTTP §4,
 * HTTP §13.3): the app's own, and curl's defaults the app did not replace: a Range for
 * resumeFrom/To and `application/x-www-form-urlencoded` for a body without a
 * Content-Type. Two of curl's defaults are not set, since fetch makes them so or
 * better: `Accept: *\/*` is fetch's own default; curl's User-Agent Chromium drops, and
 * a browser that sent it would make every cross-origin request a preflighted one,
 * which the device never makes (the browser's own User-Agent goes: the README's
 * "Differences from the device").
 */
function curlRequestHeaders(request: HttpWireRequest, sendsBody: boolean): Array<readonly [string, string]> {
  const app = new Set(request.headers.map(([name]) => name));
  const range = request.transport.range;
  const defaults: Array<readonly [string, string]> = [];
  if (range !== undefined && !sendsBody && !app.has('range')) defaults.push(['range', `bytes=${range}`]);
  if (sendsBody && !app.has('content-type')) defaults.push(['content-type', 'application/x-www-form-urlencoded']);
  return [...defaults, ...request.headers];
}

/**
 * HTTP §3 multiFormDataList as a page can send it: the parts with inline data, a part
 * with a file name or a type as a file of that type. A part read from the app's files
 * cannot be (the page was warned: multiFormDataList); the boundary is fetch's.
 */
function formOf(request: HttpWireRequest): FormData | undefined {
  const parts = request.transport.multipart;
  if (parts === undefined) return undefined;
  const form = new FormData();
  for (const part of parts) {
    if (part.data === undefined) continue;
    const data = part.data as Uint8Array<ArrayBuffer>;
    if (part.remoteFileName === undefined && part.contentType === undefined) form.append(part.name, new TextDecoder().decode(data));
    else form.append(part.name, new Blob([data], { type: part.contentType ?? '' }), part.remoteFileName ?? 'blob');
  }
  return form;
}

/**
 * This transfer's Resource Timing entry: the latest of its URL, if it began with the
 * transfer (a URL fetched again and again has many; the newest are at the end).
 */
function latestEntry(url: string, started: number): PerformanceResourceTiming | undefined {
  const entries = performance.getEntriesByName(url, 'resource');
  const latest = entries[entries.length - 1] as PerformanceResourceTiming | undefined;
  return latest !== undefined && latest.startTime >= started - 1 ? latest : undefined;
}

/** When the page started a transfer, had its answer's headers, and had its whole body (performance.now()). */
interface PageClock {
  readonly started: number;
  readonly answered: number;
  readonly finished: number;
}

/**
 * What a page can know of a transfer (HTTP §5): its Resource Timing entry, where the
 * browser has one by the time the body is read and the server allows its phases
 * (Timing-Allow-Origin, for another origin); otherwise the page's own clock, which knows
 * when the headers and the last byte came (the first receive and the total) but none of
 * the phases before. The browser often files the entry only after the page read
 * the body, and keeps 250 entries (the page's buffer is the app's, not ours to clear),
 * so without the clock most requests, and every one after the 250th, timed 0.
 */
function factsOf(response: Response, href: string, clock: PageClock): HttpTransferFacts {
  const entry = latestEntry(response.url || href, clock.started);
  const since = (time: number | undefined): number =>
    entry === undefined || time === undefined || time === 0 ? 0 : Math.max(0, time - entry.startTime);
  // A cross-origin entry without Timing-Allow-Origin has its phases zeroed: the clock then
  // times both, so that they count from the same start.
  const phased = entry !== undefined && entry.responseStart > 0;
  const firstReceive = phased ? since(entry.responseStart) : clock.answered - clock.started;
  const totalFinish = phased ? since(entry.responseEnd) : clock.finished - clock.started;
  const protocol = entry?.nextHopProtocol ?? '';
  return {
    status: response.status,
    // A page sees only whether a redirect happened, not how many.
    redirectCount: response.redirected ? 1 : 0,
    cookies: '',
    timing: {
      dns: since(entry?.domainLookupEnd),
      tcp: since(entry?.connectEnd),
      tls: entry?.secureConnectionStart ? since(entry.connectEnd) : 0,
      firstSend: since(entry?.requestStart),
      firstReceive,
      totalFinish,
      redirect: entry === undefined ? 0 : Math.max(0, entry.redirectEnd - entry.redirectStart),
    },
    connection: {
      protocol:
        protocol === 'h2' ? 'HTTP/2' : protocol === 'h3' ? 'HTTP/3' : protocol.startsWith('http/1') ? protocol.toUpperCase() : 'Unknown/Non-HTTP',
      localAddress: '',
      localPort: -1,
      remoteAddress: '',
      remotePort: -1,
      reused: false,
      viaProxy: false,
    },
  };
}
