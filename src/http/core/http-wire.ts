import type { DeviceError } from '../../core/business-error.js';

/**
 * The seam between the device-faithful `http` namespace (its isomorphic core: argument
 * and option rules, request building, response shaping, events, limits, errors) and a
 * wire that performs one transfer: the page's own `fetch` (direct mode), the dev relay,
 * or Node's engine (undici, in process). The core decides everything the device decides
 * before the network (HTTP §3, §4) and everything it makes of what comes back
 * (HTTP §5, §6, §7, §9); a wire moves bytes as curl would and reports what happened in
 * wire terms: header blocks as received, body chunks, progress, the facts of the end,
 * or a curl error code. Nothing here names a wire.
 */

/** One transfer, as the core has built it from the app's call. */
export interface HttpWireRequest {
  /**
   * The URL handed to curl: the app's URL with `extraData`/`queryParams` joined in
   * (HTTP §3), otherwise unchanged (it may lack a scheme: curl guesses http://).
   */
  readonly url: string;
  /**
   * The method string, verbatim (CURLOPT_CUSTOMREQUEST: "get" goes out as "get"). Never
   * "": the core resolves an empty method as curl does (POST with a body, else GET, HTTP §4).
   */
  readonly method: string;
  /**
   * The request header map as the device sends it: names lower-cased, in lexicographic
   * order, each once; a value may be '' (sent as `name;` by curl: an empty header).
   * What curl adds itself (Host, Accept, User-Agent, Accept-Encoding, Cookie,
   * Content-Length, a default Content-Type for a body without one) is the wire's.
   */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  /** The body, when one is attached (HTTP §4); undefined: no body and no Content-Length. */
  readonly body: Uint8Array | undefined;
  /**
   * 'request': the whole body is the result, bounded by `maxLimit` (HTTP §7.1);
   * 'stream': requestInStream, unbounded, chunks delivered as they come.
   */
  readonly mode: 'request' | 'stream';
  /** HTTP §7.1: in 'request' mode, the body may not pass this many bytes (the wire may stop early: curl 23). */
  readonly maxLimit: number;
  readonly transport: HttpTransportOptions;
}

/**
 * What the device hands curl about the transport (HTTP §3), already parsed and
 * defaulted by the core. A wire honours what it can; what it cannot is the core's to
 * warn about or refuse (direct mode), never silently dropped.
 */
export interface HttpTransportOptions {
  /** Total transfer time in ms, redirects included; 0 = none (HTTP §3, readTimeout). */
  readonly readTimeoutMs: number;
  /** Connection phase in ms; 0 = curl's default (HTTP §3, connectTimeout). */
  readonly connectTimeoutMs: number;
  /** HTTP §4: redirects followed at most; 0 refuses any (a 3xx is curl 47). */
  readonly maxRedirects: number;
  /** HTTP §3 usingProxy: the system's (the relay's or the process's environment), none, or one proxy. */
  readonly proxy: 'system' | 'none' | HttpProxy;
  /**
   * HTTP §3 usingSocks5Proxy (26.0.0): overrides `proxy`; a URL whose host is excluded
   * goes without any proxy. `resolveOnProxy`: the proxy resolves the host name (socks5h).
   */
  readonly socks5Proxy?: {
    readonly host: string;
    readonly port: number;
    readonly username?: string;
    readonly password?: string;
    readonly exclusionList?: readonly string[];
    readonly resolveOnProxy?: boolean;
  };
  /** Extra CA file (the app's files: the relay's sandbox, Node's filesDir); a missing one is skipped (HTTP §3). */
  readonly caPath?: string;
  /** Extra CA as PEM text (HTTP §3 caData). */
  readonly caData?: string;
  readonly clientCert?: {
    readonly certPath: string;
    readonly keyPath: string;
    readonly certType: 'PEM' | 'DER' | 'P12';
    readonly keyPassword?: string;
  };
  /** HTTP §3: SHA-256 public-key pins ("sha256//<base64>"); a mismatch is curl 90. */
  readonly certificatePinning?: readonly string[];
  /** 'skip': no peer and no host name check; 'system': verify (HTTP §3 remoteValidation). */
  readonly remoteValidation: 'system' | 'skip';
  /** TLS versions as the device's TlsVersion numbers (4 = 1.0 … 7 = 1.3) and a cipher list; defaults: TLS ≥ 1.2. */
  readonly tls: { readonly minVersion: number; readonly maxVersion: number; readonly cipherSuites?: readonly string[] };
  readonly serverAuthentication?: { readonly username: string; readonly password: string; readonly scheme: 'basic' | 'ntlm' | 'digest' | 'any' };
  readonly addressFamily: 'DEFAULT' | 'ONLY_V4' | 'ONLY_V6';
  /** HTTP §3: up to 3 DNS servers (IP literals), or a DoH URL. */
  readonly dnsServers?: readonly string[];
  readonly dnsOverHttps?: string;
  /** HTTP §3 usingProtocol, when the app chose one. */
  readonly httpVersion?: '1.1' | '2' | '3';
  /** HTTP §3 resumeFrom/To, as the Range value curl sends ("10-", "-20", "10-20"). */
  readonly range?: string;
  readonly sniHostName?: string;
  /** HTTP §3: multipart parts, when the request's content-type is exactly multipart/form-data. */
  readonly multipart?: readonly HttpMultipartPart[];
  /**
   * Whose cookie jar the transfer reads and writes (HTTP §5 cookies, §7.4): its own
   * (a new jar per transfer), or the HttpRequest object's (enableAutoCookie(true)),
   * named by an id the core gives each object.
   */
  readonly cookieJar: 'transfer' | { readonly object: string };
  /** HTTP §3 reuseConnections (26.0.0): false, the transfer neither takes a cached connection nor leaves its own in the cache. */
  readonly reuseConnections?: boolean;
  /** HTTP §3 inactivityMs (26.0.0): how long the transfer's connections may stay idle in the cache, ms. */
  readonly inactivityMs?: number;
}

export interface HttpProxy {
  readonly host: string;
  readonly port: number;
  readonly exclusionList: readonly string[];
  readonly username?: string;
  readonly password?: string;
}

export interface HttpMultipartPart {
  readonly name: string;
  readonly contentType?: string;
  readonly remoteFileName?: string;
  /** Inline data, or a file of the app's (read by the wire, where the app's files are). */
  readonly data?: Uint8Array;
  readonly filePath?: string;
}

/** One response header block as received: each hop of a redirect, a 100-continue, the final answer. */
export interface HttpHeaderBlock {
  readonly status: number;
  /** Header lines in the order received, names as sent (the core lower-cases them). */
  readonly lines: ReadonlyArray<readonly [name: string, value: string]>;
}

/** What the wire knows when a transfer has ended well (HTTP §5). */
export interface HttpTransferFacts {
  /** The last hop's status. */
  readonly status: number;
  readonly redirectCount: number;
  /** The transfer's cookie jar as Netscape cookie-file lines joined by "\r\n" ('' when empty), HTTP §5. */
  readonly cookies: string;
  /** curl's cumulative phase times in ms from the transfer's start (HTTP §5 performanceTiming); 0 where unknown. */
  readonly timing: {
    readonly dns: number;
    readonly tcp: number;
    readonly tls: number;
    readonly firstSend: number;
    readonly firstReceive: number;
    readonly totalFinish: number;
    readonly redirect: number;
  };
  readonly connection: {
    readonly protocol: string;
    readonly tlsVersion?: number;
    readonly cipherSuite?: string;
    readonly localAddress: string;
    readonly localPort: number;
    readonly remoteAddress: string;
    readonly remotePort: number;
    readonly reused: boolean;
    readonly viaProxy: boolean;
  };
}

/** What a wire reports about one transfer, in this order: send progress, header blocks, data and receive progress, then one end. */
export interface HttpWireEvents {
  /** Upload progress: bytes of the body sent so far, of `total` (only when there is a body). */
  onSendProgress(sent: number, total: number): void;
  onHeaderBlock(block: HttpHeaderBlock): void;
  /**
   * A chunk of the final response's body, decoded (Content-Encoding undone, as curl does).
   * The bytes are the core's from then on: the wire never writes to their memory again,
   * so the core keeps them without a copy.
   */
  onData(chunk: Uint8Array): void;
  /** Download progress, when the final response has a Content-Length. */
  onReceiveProgress(received: number, total: number): void;
  onEnd(facts: HttpTransferFacts): void;
  /**
   * The transfer failed with this curl code (HTTP §9 maps it to the device's error);
   * `extendInfo`: the device's string-valued diagnostics, where the wire has them;
   * `why`: the wire's own words on the cause, for the developer (the relay tells its
   * page, which shows them beside the device's error; never part of the error).
   */
  onFail(curlCode: number, extendInfo: Readonly<Record<string, string>> | undefined, why?: string): void;
  /**
   * The wire refuses the transfer, before any traffic, with this device error: what a
   * wire that decides only after it has started (direct mode's strict refusal, whose
   * words load lazily) reports instead of throwing. The core always provides it; a test
   * of a wire alone may leave it out.
   */
  onRefuse?(error: DeviceError): void;
}

/** A transfer under way. */
export interface HttpTransfer {
  /** Stops it at once (destroy's next chunk, a limit, the core's timeout); no event follows. */
  abort(): void;
}

/** A wire: starts a transfer, or throws the device error it refuses with up front (direct mode's strict refusals). */
export type HttpWire = (request: HttpWireRequest, events: HttpWireEvents) => HttpTransfer;

/** curl's codes a wire reports (HTTP §9 maps those it knows; every other is 2300999). */
export const CurlCode = {
  UNSUPPORTED_PROTOCOL: 1,
  URL_MALFORMAT: 3,
  COULDNT_RESOLVE_PROXY: 5,
  COULDNT_RESOLVE_HOST: 6,
  COULDNT_CONNECT: 7,
  WEIRD_SERVER_REPLY: 8,
  REMOTE_ACCESS_DENIED: 9,
  HTTP2: 16,
  PARTIAL_FILE: 18,
  WRITE_ERROR: 23,
  UPLOAD_FAILED: 25,
  READ_ERROR: 26,
  OUT_OF_MEMORY: 27,
  OPERATION_TIMEDOUT: 28,
  SSL_CONNECT_ERROR: 35,
  TOO_MANY_REDIRECTS: 47,
  GOT_NOTHING: 52,
  SEND_ERROR: 55,
  RECV_ERROR: 56,
  SSL_CERTPROBLEM: 58,
  SSL_CIPHER: 59,
  PEER_FAILED_VERIFICATION: 60,
  BAD_CONTENT_ENCODING: 61,
  FILESIZE_EXCEEDED: 63,
  SSL_CACERT_BADFILE: 77,
  SSL_PINNEDPUBKEYNOTMATCH: 90,
  AUTH_ERROR: 94,
  /**
   * Not curl's: the runner's outbound policy refused a hop (a target, a proxy or a
   * redirect the relay may not connect to) before any traffic. Answered as the device
   * answers a domain the app may not reach, 2300998 (HTTP §9).
   */
  DOMAIN_NOT_ALLOWED: 998,
} as const;
