/**
 * The `http` namespace of OpenHarmony's `@ohos.net.http` (and `@kit.NetworkKit`), as the
 * dynamic (JS/NAPI) ArkTS runtime exposes it, declared after the SDK at API 26. Doc
 * comments describe what the DEVICE does; where that differs from the SDK's own
 * documentation, the comment says so (ohos-netkit's docs/http-behavior.md has the
 * details, cited as `HTTP §x.y`).
 *
 * Errors: `request` and `requestInStream` deliver every failure, bad arguments (401)
 * included, through the callback's `err` or the promise's rejection, asynchronously, as
 * a plain `{ code, message }` object (plus `extendInfo` for a failed transfer). Only
 * `on`/`off` with malformed arguments, `requestSync` and the interceptor chain throw,
 * and what they throw is an `Error` whose `code` is a string (`"401"`). On success
 * `err` is `undefined`, not `null`. The `@throws` lines list the codes an app can see,
 * however they are delivered.
 *
 * @packageDocumentation
 */

import type { AsyncCallback, Callback } from './base.js';

/**
 * HTTP requests: a `createHttp()` object runs any number of requests, one after another
 * or at the same time.
 *
 * @since 6
 */
export declare namespace http {
  /**
   * An HTTP proxy the request goes through (`CONNECT` for https URLs). In the SDK an
   * alias of `connection.HttpProxy`.
   *
   * @since 10
   */
  interface HttpProxy {
    /**
     * Host of the proxy. An empty host means no proxy at all (not the system's).
     *
     * @since 10
     */
    host: string;

    /**
     * Port of the proxy.
     *
     * @since 10
     */
    port: number;

    /**
     * User name for the proxy; used only together with a non-empty `password`.
     *
     * @since 22
     */
    username?: string;

    /**
     * Password for the proxy; used only together with a non-empty `username`.
     *
     * @since 22
     */
    password?: string;

    /**
     * Hosts reached without the proxy. The device joins the entries with commas and
     * splits them again, so an entry that contains a comma counts as two.
     *
     * @since 10
     */
    exclusionList: Array<string>;
  }

  /**
   * A SOCKS5 proxy. In the SDK an alias of `connection.Socks5Proxy`.
   *
   * @since 26.0.0
   */
  interface Socks5Proxy {
    /**
     * Host of the proxy; with an empty host (or a port of 0 or less) the option is ignored.
     *
     * @since 26.0.0
     */
    host: string;

    /**
     * Port of the proxy, above 0.
     *
     * @since 26.0.0
     */
    port: number;

    /**
     * User name; used only together with a non-empty `password`.
     *
     * @since 26.0.0
     */
    username?: string;

    /**
     * Password; used only together with a non-empty `username`.
     *
     * @since 26.0.0
     */
    password?: string;

    /**
     * Who resolves the target's host name: `0` the device (`connection.Socks5DnsStrategy.SYSTEM_MODE`),
     * any other number the proxy (`PROXY_MODE`). Unset: the proxy only when `host`
     * contains `socks5h://`.
     *
     * @since 26.0.0
     */
    dnsStrategy?: number;

    /**
     * Hosts reached without any proxy.
     *
     * @since 26.0.0
     */
    exclusionList?: Array<string>;
  }

  /**
   * Creates an HTTP request object. It may run any number of requests, in sequence or
   * concurrently (the SDK's "one object per request" is not a device rule).
   *
   * @returns A new `HttpRequest`.
   * @since 6
   */
  function createHttp(): HttpRequest;

  /**
   * Options of one request. A property that is present counts even when its value is
   * `undefined` (`maxLimit: undefined` is a limit of 0). Numbers are read as unsigned
   * 32-bit integers; a present non-number reads as 0 for the timeouts and `maxLimit`.
   * Apart from `extraData`, an option of the wrong type is ignored, never an error.
   *
   * @since 6
   */
  interface HttpRequestOptions {
    /**
     * The method, sent exactly as written (`'get'` goes out as `get`); a non-string is
     * ignored. GET-like methods are HEAD, OPTIONS, TRACE, GET and CONNECT; POST-like
     * ones POST, PUT, DELETE, PATCH and `''`; any other string is a custom method, with
     * a body like POST.
     *
     * @default http.RequestMethod.GET
     * @since 6
     */
    method?: RequestMethod;

    /**
     * Data for the request. With a GET-like method it goes into the URL: a string as it
     * is, an object's entries whose values are non-empty strings percent-encoded as
     * `key=value` (other values are dropped, and a form content type is added when
     * anything needed encoding). With any other method it is the body: a non-empty
     * string as UTF-8, an ArrayBuffer as it is, any other object as its JSON; `""`, a
     * number or a boolean is a 401. Ignored when `body` or `queryParams` is present.
     *
     * @since 6
     */
    extraData?: string | Object | ArrayBuffer;

    /**
     * The type of `HttpResponse.result` the app wants: STRING, OBJECT (parsed JSON, for
     * bodies of at most 65536 bytes; a body that does not parse gives `result`
     * undefined) or ARRAY_BUFFER. Without it the response's content-type decides.
     *
     * @since 9
     */
    expectDataType?: HttpDataType;

    /**
     * Whether the response cache may answer. It does nothing until
     * `createHttpResponseCache()` was called; responses are stored whatever this says.
     *
     * @default true
     * @since 9
     */
    usingCache?: boolean;

    /**
     * Parsed and never used by the device.
     *
     * @default 1
     * @since 9
     */
    priority?: number;

    /**
     * Request headers as an object. Names are sent lower-cased, in lexicographic order;
     * values: strings as they are, whole numbers in digits, other numbers with six
     * decimals (1.5 → `1.500000`), booleans as `true`/`false`, anything else as an empty
     * header. With a POST-like method, passing this object (even `{}`) adds
     * `content-type: application/json` unless it names a content type itself; without
     * it a body goes out as `application/x-www-form-urlencoded` (the SDK's documented
     * defaults are not the device's).
     *
     * @since 6
     */
    header?: Object;

    /**
     * Milliseconds the WHOLE transfer may take, redirects included (not a read timeout,
     * as the SDK says); 0 means none. Past it the request fails with 2300028.
     *
     * @default 60000
     * @since 6
     */
    readTimeout?: number;

    /**
     * Milliseconds to connect; 0 means curl's default.
     *
     * @default 60000
     * @since 6
     */
    connectTimeout?: number;

    /**
     * HTTP version to use: HTTP1_1, HTTP2 or HTTP3; otherwise the system chooses.
     *
     * @since 9
     */
    usingProtocol?: HttpProtocol;

    /**
     * `true` the system's proxy, `false` none, an `HttpProxy` that proxy. Unset, the
     * system's proxy is used (the SDK's documentation says none).
     *
     * @since 10
     */
    usingProxy?: boolean | HttpProxy;

    /**
     * A CA file added to the system's CAs (`/etc/security/certificates` on the device;
     * the SDK names another path). A file that does not exist is skipped silently.
     *
     * @since 10
     */
    caPath?: string;

    /**
     * A CA certificate as PEM text, under 8000 bytes; ignored when `caPath` is set.
     * Unreadable data fails the request with 2300077.
     *
     * @since 20
     */
    caData?: string;

    /**
     * `'TLCP'` for the Chinese national TLCP protocol, anything else TLS.
     *
     * @since 20
     */
    sslType?: SslType;

    /**
     * The encryption certificate for TLCP.
     *
     * @since 20
     */
    clientEncCert?: ClientCert;

    /**
     * First byte wanted (a Range request); kept only in 1…4294967296. With PUT the
     * request fails with 2300999.
     *
     * @since 11
     */
    resumeFrom?: number;

    /**
     * Last byte wanted; kept only in 1…4294967296, and only above `resumeFrom` when both
     * are set.
     *
     * @since 11
     */
    resumeTo?: number;

    /**
     * A client certificate for TLS; used when `certPath` is not empty.
     *
     * @since 11
     */
    clientCert?: ClientCert;

    /**
     * A DNS-over-HTTPS resolver URL.
     *
     * @since 11
     */
    dnsOverHttps?: string;

    /**
     * DNS servers: the first three entries that are IP addresses.
     *
     * @since 11
     */
    dnsServers?: Array<string>;

    /**
     * The most bytes `request()` accepts in a response body: past it the request fails
     * with 2300023 (the overrun is checked chunk by chunk, so a body may pass it by
     * its last chunk). At most 100 MiB; `requestInStream()` has no limit. The SDK's
     * "50 MB since API 23" is not in the device's code.
     *
     * @default 5242880
     * @since 11
     */
    maxLimit?: number;

    /**
     * Parts of a multipart/form-data body, used only when the request's content-type is
     * exactly `multipart/form-data`; a part needs a name and either data or a file path.
     *
     * @since 11
     */
    multiFormDataList?: Array<MultiFormData>;

    /**
     * Public-key pins (SHA-256) of the server's certificate; a mismatch fails with
     * 2300090, a code the SDK does not list.
     *
     * @since 12
     */
    certificatePinning?: CertificatePinning | CertificatePinning[];

    /**
     * How the server's certificate is checked: `'system'` against the CAs, `'skip'` not
     * at all (and no host-name check either), or a function that decides (26.0.0).
     *
     * @default 'system'
     * @since 18
     */
    remoteValidation?: RemoteValidation;

    /**
     * TLS versions and ciphers. Unset, `'system'`, a 0 or a minimum above the maximum
     * means TLS 1.2 and up with the device's own cipher list.
     *
     * @since 18
     */
    tlsOptions?: TlsOptions;

    /**
     * Credentials for HTTP authentication, used when the user name is not empty.
     *
     * @since 18
     */
    serverAuthentication?: ServerAuthentication;

    /**
     * Which addresses of the host to use. The device compares the value with the strings
     * `'ONLY_V4'` and `'ONLY_V6'`, which is what `http.AddressFamily` holds at run time.
     *
     * @since 15
     */
    addressFamily?: AddressFamily;

    /**
     * The TLS server name to send (SNI), 1 to 255 bytes after one trailing dot is dropped.
     *
     * @since 23
     */
    sniHostName?: string;

    /**
     * Redirects followed at most, 0…2147483647 (anything else means 30). With 0 any
     * redirect response fails the request with 2300047 rather than being returned.
     *
     * @default 30
     * @since 23
     */
    maxRedirects?: number;

    /**
     * A method name (at most 128 bytes) that wins over `method`. An empty string makes
     * the method empty, unless `method` is also given.
     *
     * @since 23
     */
    customMethod?: string;

    /**
     * Which cellular network carries the request.
     *
     * @since 23
     */
    pathPreference?: PathPreference;

    /**
     * Whether the connection may be reused by later requests.
     *
     * @default true
     * @since 26.0.0
     */
    reuseConnections?: boolean;

    /**
     * Milliseconds an idle pooled connection is kept (counted in whole seconds).
     *
     * @since 26.0.0
     */
    inactivityMs?: number;

    /**
     * A SOCKS5 proxy; it replaces `usingProxy`.
     *
     * @since 26.0.0
     */
    usingSocks5Proxy?: Socks5Proxy;

    /**
     * Whether a chain that ends at a trusted intermediate CA is accepted.
     *
     * @since 26.0.0
     */
    enablePartialChain?: boolean;

    /**
     * Query parameters joined to the URL: a string as it is, or an object whose entries
     * are percent-encoded (`null`/`undefined` give the bare key, an array repeats the
     * key). When present (even `undefined`), `extraData` is ignored, and a URL that has
     * a query gets a trailing `&` even when there is nothing to add.
     *
     * @since 26.0.0
     */
    queryParams?: string | QueryParamObject;

    /**
     * The body, for any method (GET included), made as `extraData` makes one; `""` and
     * other unusable values are ignored rather than an error. When present (even
     * `undefined`), `extraData` is ignored.
     *
     * @since 26.0.0
     */
    body?: string | Object | ArrayBuffer;
  }

  /**
   * Credentials for HTTP authentication.
   *
   * @since 18
   */
  interface ServerAuthentication {
    /**
     * User name and password.
     *
     * @since 18
     */
    credential: Credential;

    /**
     * The scheme; unset, any scheme the server offers.
     *
     * @since 18
     */
    authenticationType?: AuthenticationType;
  }

  /**
   * `'system'` or versions and ciphers of one's own.
   *
   * @since 18
   */
  type TlsOptions = 'system' | TlsConfig;

  /**
   * An X.509 certificate (the SDK's `cert.X509Cert`, from `@ohos.security.cert`, not
   * declared here).
   *
   * @since 26.0.0
   */
  type X509Cert = object;

  /**
   * What a `ValidationCallback` is told about the server.
   *
   * @since 26.0.0
   */
  interface ValidationContext {
    /**
     * The server's certificates, PEM.
     *
     * @since 26.0.0
     */
    pemCerts: string[];

    /**
     * The same as X.509 objects (empty on the device).
     *
     * @since 26.0.0
     */
    x509Certs: X509Cert[];

    /**
     * The host of the request.
     *
     * @since 26.0.0
     */
    host: string;

    /**
     * The address connected to.
     *
     * @since 26.0.0
     */
    ip: string;
  }

  /**
   * Decides whether to trust the server; the device waits for it at most 30 s.
   *
   * @since 26.0.0
   */
  type ValidationCallback = (context: ValidationContext) => boolean | Promise<boolean>;

  /**
   * How the server's certificate is checked.
   *
   * @since 18
   */
  type RemoteValidation = 'system' | 'skip' | ValidationCallback;

  /**
   * HTTP authentication schemes.
   *
   * @since 18
   */
  type AuthenticationType = 'basic' | 'ntlm' | 'digest';

  /**
   * TLS or TLCP. (At run time `http.SslType` is `{ TLS: 0, TLCP: 1 }`; the option itself
   * is compared with the string `'TLCP'`.)
   *
   * @since 20
   */
  type SslType = 'TLS' | 'TLCP';

  /**
   * Which network carries a request.
   *
   * @since 23
   */
  type PathPreference = 'auto' | 'primaryCellular' | 'secondaryCellular';

  /**
   * One query parameter's value.
   *
   * @since 26.0.0
   */
  type QueryParamValue = string | number | boolean | null | undefined;

  /**
   * Query parameters by name; an array repeats the name.
   *
   * @since 26.0.0
   */
  type QueryParamObject = Record<string, QueryParamValue | QueryParamValue[]>;

  /**
   * When an interceptor runs. The runtime object holds these strings (note the two
   * whose value differs from their name).
   *
   * @since 22
   */
  enum InterceptorType {
    /**
     * After the request was put together.
     *
     * @since 22
     */
    INITIAL_REQUEST = 'INITIAL_REQUEST',

    /**
     * On a redirect.
     *
     * @since 22
     */
    REDIRECTION = 'REDIRECTION',

    /**
     * When the cache answered.
     *
     * @since 22
     */
    CACHE_CHECKED = 'READ_CACHE',

    /**
     * Before connecting.
     *
     * @since 22
     */
    NETWORK_CONNECT = 'CONNECT_NETWORK',

    /**
     * With the final response.
     *
     * @since 22
     */
    FINAL_RESPONSE = 'FINAL_RESPONSE',
  }

  /**
   * The request an interceptor sees and may change.
   *
   * @since 22
   */
  interface HttpRequestContext {
    /**
     * The URL.
     *
     * @since 22
     */
    url: string;

    /**
     * The request headers.
     *
     * @since 22
     */
    header: Object;

    /**
     * The body.
     *
     * @since 22
     */
    body: Object;
  }

  /**
   * `true` to go on, `false` to answer with the response the interceptor filled in.
   *
   * @since 22
   */
  type ChainContinue = boolean;

  /**
   * One interceptor.
   *
   * @since 22
   */
  interface HttpInterceptor {
    /**
     * When it runs.
     *
     * @since 22
     */
    interceptorType: InterceptorType;

    /**
     * Handles the request. On the device a rejected promise (or no promise) leaves the
     * request without any answer.
     *
     * @param reqContext - The request.
     * @param rspContext - The response to fill in when answering directly.
     * @returns Whether to go on.
     * @since 22
     */
    interceptorHandle(reqContext: HttpRequestContext, rspContext: HttpResponse): Promise<ChainContinue>;
  }

  /**
   * A chain of interceptors for HttpRequest objects (API 22). In ohos-netkit `getChain`
   * and `addChain` work as on the device, and `apply` throws an `Error` with code
   * `"2300999"`: interceptors do not run here yet.
   *
   * @since 22
   */
  class HttpInterceptorChain {
    /**
     * The interceptors added so far.
     *
     * @returns A new array of them.
     * @since 22
     */
    getChain(): HttpInterceptor[];

    /**
     * Adds interceptors, each of a type the chain does not have yet.
     *
     * @param chain - The interceptors.
     * @returns `true`.
     * @throws {BusinessError} 2300801 - Thrown (code `"2300801"`) when not called with one array.
     * @throws {BusinessError} 2300802 - Thrown (code `"2300802"`) for a type the chain already has.
     * @throws {BusinessError} 2300999 - Thrown (code `"2300999"`) for an entry without a type.
     * @since 22
     */
    addChain(chain: HttpInterceptor[]): boolean;

    /**
     * Attaches the chain to a request object; `false` for an empty chain.
     *
     * @param httpRequest - The request object.
     * @returns Whether it was attached.
     * @throws {BusinessError} 2300801 - Thrown (code `"2300801"`) when not called with one object.
     * @since 22
     */
    apply(httpRequest: HttpRequest): boolean;
  }

  /**
   * A user name and a password.
   *
   * @since 18
   */
  interface Credential {
    /**
     * User name.
     *
     * @since 18
     */
    username: string;

    /**
     * Password.
     *
     * @since 18
     */
    password: string;
  }

  /**
   * TLS versions (each of TLS_V_1_0…TLS_V_1_3) and, optionally, cipher suites.
   *
   * @since 18
   */
  interface TlsConfig {
    /**
     * The oldest version accepted.
     *
     * @since 18
     */
    tlsVersionMin: TlsVersion;

    /**
     * The newest version accepted.
     *
     * @since 18
     */
    tlsVersionMax: TlsVersion;

    /**
     * Cipher suites by their standard names; unknown names are dropped.
     *
     * @since 18
     */
    cipherSuites?: CipherSuite[];
  }

  /**
   * Cipher suites of TLS 1.3.
   *
   * @since 18
   */
  type TlsV13SpecificCipherSuite = 'TLS_AES_128_GCM_SHA256' | 'TLS_AES_256_GCM_SHA384' | 'TLS_CHACHA20_POLY1305_SHA256';

  /**
   * Cipher suites of TLS 1.2.
   *
   * @since 18
   */
  type TlsV12SpecificCipherSuite =
    | 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'
    | 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
    | 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'
    | 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'
    | 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'
    | 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'
    | 'TLS_RSA_WITH_AES_128_GCM_SHA256'
    | 'TLS_RSA_WITH_AES_256_GCM_SHA384';

  /**
   * Cipher suites of TLS 1.0.
   *
   * @since 18
   */
  type TlsV10SpecificCipherSuite =
    | 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA'
    | 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'
    | 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA'
    | 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA'
    | 'TLS_RSA_WITH_AES_128_CBC_SHA'
    | 'TLS_RSA_WITH_AES_256_CBC_SHA'
    | 'TLS_RSA_WITH_3DES_EDE_CBC_SHA';

  /**
   * Any cipher suite the device knows.
   *
   * @since 18
   */
  type CipherSuite = TlsV13CipherSuite;

  /**
   * Cipher suites usable with TLS 1.3.
   *
   * @since 18
   */
  type TlsV13CipherSuite = TlsV12CipherSuite | TlsV13SpecificCipherSuite;

  /**
   * Cipher suites usable with TLS 1.2.
   *
   * @since 18
   */
  type TlsV12CipherSuite = TlsV11CipherSuite | TlsV12SpecificCipherSuite;

  /**
   * Cipher suites usable with TLS 1.1.
   *
   * @since 18
   */
  type TlsV11CipherSuite = TlsV10CipherSuite;

  /**
   * Cipher suites usable with TLS 1.0.
   *
   * @since 18
   */
  type TlsV10CipherSuite = TlsV10SpecificCipherSuite;

  /**
   * TLS versions, with the device's numbers.
   *
   * @since 18
   */
  enum TlsVersion {
    /**
     * TLS 1.0.
     *
     * @since 18
     */
    TLS_V_1_0 = 4,

    /**
     * TLS 1.1.
     *
     * @since 18
     */
    TLS_V_1_1 = 5,

    /**
     * TLS 1.2.
     *
     * @since 18
     */
    TLS_V_1_2 = 6,

    /**
     * TLS 1.3.
     *
     * @since 18
     */
    TLS_V_1_3 = 7,
  }

  /**
   * One part of a multipart/form-data body.
   *
   * @since 11
   */
  interface MultiFormData {
    /**
     * The part's name; a part without one is skipped.
     *
     * @since 11
     */
    name: string;

    /**
     * The part's content type.
     *
     * @since 11
     */
    contentType: string;

    /**
     * The file name sent for the part.
     *
     * @since 11
     */
    remoteFileName?: string;

    /**
     * The part's content: a string, an ArrayBuffer, or an object sent as its JSON.
     *
     * @since 11
     */
    data?: string | Object | ArrayBuffer;

    /**
     * A file whose content is the part's, when `data` is not given.
     *
     * @since 11
     */
    filePath?: string;
  }

  /**
   * Certificate file formats.
   *
   * @since 11
   */
  enum CertType {
    /**
     * PEM.
     *
     * @since 11
     */
    PEM = 'PEM',

    /**
     * DER.
     *
     * @since 11
     */
    DER = 'DER',

    /**
     * PKCS#12.
     *
     * @since 11
     */
    P12 = 'P12',
  }

  /**
   * Which addresses of a host to use. Declared with the values the device holds at run
   * time: the SDK declares `'CURL_IPRESOLVE_WHATEVER'`, `'CURL_IPRESOLVE_V4'` and
   * `'CURL_IPRESOLVE_V6'`, which the device's option parser would not recognise.
   *
   * @since 15
   */
  enum AddressFamily {
    /**
     * IPv4 or IPv6, as the system chooses.
     *
     * @since 15
     */
    DEFAULT = 'DEFAULT',

    /**
     * IPv4 only.
     *
     * @since 15
     */
    ONLY_V4 = 'ONLY_V4',

    /**
     * IPv6 only.
     *
     * @since 15
     */
    ONLY_V6 = 'ONLY_V6',
  }

  /**
   * A client certificate and its key, as paths of the app's files.
   *
   * @since 11
   */
  interface ClientCert {
    /**
     * The certificate file.
     *
     * @since 11
     */
    certPath: string;

    /**
     * Its format.
     *
     * @default http.CertType.PEM
     * @since 11
     */
    certType?: CertType;

    /**
     * The private key file.
     *
     * @since 11
     */
    keyPath: string;

    /**
     * The key's passphrase.
     *
     * @default ""
     * @since 11
     */
    keyPassword?: string;
  }

  /**
   * A public-key pin.
   *
   * @since 12
   */
  interface CertificatePinning {
    /**
     * The Base64 SHA-256 hash of the certificate's public key.
     *
     * @since 12
     */
    publicKeyHash: string;

    /**
     * The hash algorithm; entries with any other value are ignored.
     *
     * @since 12
     */
    hashAlgorithm: 'SHA-256';
  }

  /**
   * An HTTP request object, made by `createHttp()`.
   *
   * Listeners: each event type has at most ONE listener (`on` and `once` replace the
   * previous one); they stay registered through the end of requests, failures and
   * `destroy()`, and are shared by every request of the object.
   *
   * @since 6
   */
  interface HttpRequest {
    /**
     * Makes a GET request to `url` and hands the whole response to `callback`.
     *
     * Every HTTP status is a success; only a failed transfer is an error. The URL is not
     * checked before the network (one without a scheme is taken as `http://`).
     *
     * @param url - The URL.
     * @param callback - Receives `(undefined, response)` or `(err, undefined)`.
     * @throws {BusinessError} 401 - `url` is not a string.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2300001 - Unsupported protocol.
     * @throws {BusinessError} 2300003 - Invalid URL format or missing URL.
     * @throws {BusinessError} 2300005 - Failed to resolve the proxy name.
     * @throws {BusinessError} 2300006 - Failed to resolve the host name.
     * @throws {BusinessError} 2300007 - Failed to connect to the server.
     * @throws {BusinessError} 2300008 - Invalid server response.
     * @throws {BusinessError} 2300009 - Access to the remote resource denied.
     * @throws {BusinessError} 2300016 - Error in the HTTP2 framing layer.
     * @throws {BusinessError} 2300018 - Transferred a partial file.
     * @throws {BusinessError} 2300023 - The body passed `maxLimit`, or data came after `destroy()`.
     * @throws {BusinessError} 2300025 - Upload failed.
     * @throws {BusinessError} 2300026 - Failed to open or read local data from the file or application.
     * @throws {BusinessError} 2300027 - Out of memory.
     * @throws {BusinessError} 2300028 - Operation timeout (`readTimeout` bounds the whole transfer).
     * @throws {BusinessError} 2300047 - Too many redirects (with `maxRedirects: 0`, any redirect).
     * @throws {BusinessError} 2300052 - The server returned nothing.
     * @throws {BusinessError} 2300055 - Failed to send data to the peer.
     * @throws {BusinessError} 2300056 - Failed to receive data from the peer.
     * @throws {BusinessError} 2300058 - Local SSL certificate error.
     * @throws {BusinessError} 2300059 - The specified SSL cipher cannot be used.
     * @throws {BusinessError} 2300060 - The server's certificate is not trusted, expired, or for another host.
     * @throws {BusinessError} 2300061 - Invalid HTTP encoding format.
     * @throws {BusinessError} 2300063 - Maximum file size exceeded.
     * @throws {BusinessError} 2300070 - Remote disk full.
     * @throws {BusinessError} 2300073 - Remote file already exists.
     * @throws {BusinessError} 2300077 - The SSL CA certificate does not exist or is inaccessible.
     * @throws {BusinessError} 2300078 - Remote file not found.
     * @throws {BusinessError} 2300090 - A certificate pin did not match (not in the SDK's list).
     * @throws {BusinessError} 2300094 - Authentication error.
     * @throws {BusinessError} 2300998 - An atomic service may not reach this host.
     * @throws {BusinessError} 2300999 - Internal error: every other failure (a TLS handshake failure among them), and any request after `destroy()`.
     * @since 6
     */
    request(url: string, callback: AsyncCallback<HttpResponse>): void;

    /**
     * Makes a request to `url` with `options` and hands the whole response to `callback`.
     *
     * @param url - The URL; `extraData` or `queryParams` may add to its query.
     * @param options - The options; must be an object (an explicit `undefined` is a 401).
     * @param callback - Receives `(undefined, response)` or `(err, undefined)`.
     * @throws {BusinessError} 401 - `url` is not a string, `options` is not an object, or `extraData` cannot be a body.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2300023 - The body passed `maxLimit`, or data came after `destroy()`.
     * @throws {BusinessError} 2300028 - Operation timeout.
     * @throws {BusinessError} 2300998 - An atomic service may not reach this host.
     * @throws {BusinessError} 2300999 - Internal error.
     * @since 6
     */
    request(url: string, options: HttpRequestOptions, callback: AsyncCallback<HttpResponse>): void;

    /**
     * Makes a request to `url`, optionally with `options`, and resolves with the whole
     * response.
     *
     * @param url - The URL.
     * @param options - The options. Omit the argument rather than passing `undefined`: an
     * explicit `undefined` is a 401 on the device.
     * @returns A promise of the response; it rejects with the error.
     * @throws {BusinessError} 401 - `url` is not a string, `options` is given but not an object, or `extraData` cannot be a body.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2300023 - The body passed `maxLimit`, or data came after `destroy()`.
     * @throws {BusinessError} 2300028 - Operation timeout.
     * @throws {BusinessError} 2300998 - An atomic service may not reach this host.
     * @throws {BusinessError} 2300999 - Internal error.
     * @since 6
     */
    request(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;

    /**
     * Makes a request and returns the response synchronously, blocking the thread. In
     * ohos-netkit it cannot block (a page's thread, or Node's, must not wait), so after
     * the device's own checks it throws an `Error` with code `"2300999"`: use `request`.
     *
     * @param url - The URL.
     * @param options - The options.
     * @returns The response (never, in ohos-netkit).
     * @throws {BusinessError} 401 - Thrown (code `"401"`) for bad arguments.
     * @throws {BusinessError} 201 - Thrown (code `"201"`) without `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2300998 - Thrown (code `"2300998"`) for a host an atomic service may not reach.
     * @throws {BusinessError} 2300999 - Thrown (code `"2300999"`) after `destroy()`, and in ohos-netkit always.
     * @since 26.0.0
     */
    requestSync(url: string, options?: HttpRequestOptions): HttpResponse;

    /**
     * Makes a GET request to `url` whose body comes as `dataReceive` events; `callback`
     * gets the status code once the body has ended (after `dataEnd`).
     *
     * @param url - The URL.
     * @param callback - Receives `(undefined, statusCode)` or `(err, undefined)`.
     * @throws {BusinessError} 401 - `url` is not a string.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2300023 - Data came after `destroy()`.
     * @throws {BusinessError} 2300028 - Operation timeout.
     * @throws {BusinessError} 2300998 - An atomic service may not reach this host.
     * @throws {BusinessError} 2300999 - Internal error.
     * @since 10
     */
    requestInStream(url: string, callback: AsyncCallback<number>): void;

    /**
     * Makes a request to `url` with `options` whose body comes as `dataReceive` events;
     * `callback` gets the status code once the body has ended. No `maxLimit` applies.
     *
     * @param url - The URL.
     * @param options - The options; must be an object.
     * @param callback - Receives `(undefined, statusCode)` or `(err, undefined)`.
     * @throws {BusinessError} 401 - `url` is not a string, `options` is not an object, or `extraData` cannot be a body.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2300023 - Data came after `destroy()`.
     * @throws {BusinessError} 2300028 - Operation timeout.
     * @throws {BusinessError} 2300998 - An atomic service may not reach this host.
     * @throws {BusinessError} 2300999 - Internal error.
     * @since 10
     */
    requestInStream(url: string, options: HttpRequestOptions, callback: AsyncCallback<number>): void;

    /**
     * Makes a request to `url`, optionally with `options`, whose body comes as
     * `dataReceive` events; resolves with the status code once the body has ended.
     *
     * @param url - The URL.
     * @param options - The options. Omit the argument rather than passing `undefined`.
     * @returns A promise of the status code; it rejects with the error.
     * @throws {BusinessError} 401 - `url` is not a string, `options` is given but not an object, or `extraData` cannot be a body.
     * @throws {BusinessError} 201 - The app lacks `ohos.permission.INTERNET`.
     * @throws {BusinessError} 2300023 - Data came after `destroy()`.
     * @throws {BusinessError} 2300028 - Operation timeout.
     * @throws {BusinessError} 2300998 - An atomic service may not reach this host.
     * @throws {BusinessError} 2300999 - Internal error.
     * @since 10
     */
    requestInStream(url: string, options?: HttpRequestOptions): Promise<number>;

    /**
     * Marks the object destroyed. It does not cancel anything: a request under way fails
     * with 2300023 when its next header block or body chunk arrives (a response already
     * complete still succeeds), and its callback or promise is still settled; any
     * later request fails with 2300999. Listeners stay registered; a second call does
     * nothing.
     *
     * @since 6
     */
    destroy(): void;

    /**
     * Sets the listener of the event `type`, replacing any previous one. Each event's
     * entry in `HttpRequestEvents` says when it fires and what its listener receives.
     *
     * @param type - The event name.
     * @param callback - The listener, of the type the event map gives for `type`.
     * @throws {BusinessError} 401 - Thrown synchronously when `type` is not a string or
     * `callback` is not a function (an `Error` whose `code` is the string `"401"`).
     * @since 6
     */
    on<K extends keyof HttpRequestEvents>(type: K, callback: HttpRequestEvents[K]): void;

    /**
     * Removes the listener of the event `type`: whichever is registered without
     * `callback`, only that one with it.
     *
     * @param type - The event name.
     * @param callback - The listener to remove (compared with `===`).
     * @throws {BusinessError} 401 - Thrown synchronously when `type` is not a string or
     * `callback` is given but not a function.
     * @since 6
     */
    off<K extends keyof HttpRequestEvents>(type: K, callback?: HttpRequestEvents[K]): void;

    /**
     * Sets a listener for the next `headersReceive` event only, replacing any listener
     * of that event. (The device accepts `'headerReceive'` here as well, then calls it
     * with the headers alone.) Bad arguments are ignored, never thrown.
     *
     * @param type - `'headersReceive'`.
     * @param callback - Receives the header object.
     * @since 8
     */
    once(type: 'headersReceive', callback: Callback<Object>): void;

    /**
     * Whether this object's later requests share one cookie jar (cookies only): `true`
     * starts one, `false` drops it. A non-boolean is ignored. Without it each request
     * has a jar of its own, and the app's own `Cookie` header is all that is sent.
     *
     * @param enable - On or off.
     * @since 26.0.0
     */
    enableAutoCookie(enable: boolean): void;
  }

  /**
   * HTTP methods; the runtime object holds the names as strings.
   *
   * @since 6
   */
  enum RequestMethod {
    /**
     * OPTIONS.
     *
     * @since 6
     */
    OPTIONS = 'OPTIONS',

    /**
     * GET.
     *
     * @since 6
     */
    GET = 'GET',

    /**
     * HEAD.
     *
     * @since 6
     */
    HEAD = 'HEAD',

    /**
     * POST.
     *
     * @since 6
     */
    POST = 'POST',

    /**
     * PUT.
     *
     * @since 6
     */
    PUT = 'PUT',

    /**
     * DELETE.
     *
     * @since 6
     */
    DELETE = 'DELETE',

    /**
     * TRACE.
     *
     * @since 6
     */
    TRACE = 'TRACE',

    /**
     * CONNECT.
     *
     * @since 6
     */
    CONNECT = 'CONNECT',

    /**
     * PATCH.
     *
     * @since 26.0.0
     */
    PATCH = 'PATCH',
  }

  /**
   * HTTP status codes by name (a response may carry any other number too).
   *
   * @since 6
   */
  enum ResponseCode {
    /** @since 6 */
    OK = 200,
    /** @since 6 */
    CREATED = 201,
    /** @since 6 */
    ACCEPTED = 202,
    /** @since 6 */
    NOT_AUTHORITATIVE = 203,
    /** @since 6 */
    NO_CONTENT = 204,
    /** @since 6 */
    RESET = 205,
    /** @since 6 */
    PARTIAL = 206,
    /** @since 6 */
    MULT_CHOICE = 300,
    /** @since 6 */
    MOVED_PERM = 301,
    /** @since 6 */
    MOVED_TEMP = 302,
    /** @since 6 */
    SEE_OTHER = 303,
    /** @since 6 */
    NOT_MODIFIED = 304,
    /** @since 6 */
    USE_PROXY = 305,
    /** @since 6 */
    BAD_REQUEST = 400,
    /** @since 6 */
    UNAUTHORIZED = 401,
    /** @since 6 */
    PAYMENT_REQUIRED = 402,
    /** @since 6 */
    FORBIDDEN = 403,
    /** @since 6 */
    NOT_FOUND = 404,
    /** @since 6 */
    BAD_METHOD = 405,
    /** @since 6 */
    NOT_ACCEPTABLE = 406,
    /** @since 6 */
    PROXY_AUTH = 407,
    /** @since 6 */
    CLIENT_TIMEOUT = 408,
    /** @since 6 */
    CONFLICT = 409,
    /** @since 6 */
    GONE = 410,
    /** @since 6 */
    LENGTH_REQUIRED = 411,
    /** @since 6 */
    PRECON_FAILED = 412,
    /** @since 6 */
    ENTITY_TOO_LARGE = 413,
    /** @since 6 */
    REQ_TOO_LONG = 414,
    /** @since 6 */
    UNSUPPORTED_TYPE = 415,
    /** @since 12 */
    RANGE_NOT_SATISFIABLE = 416,
    /** @since 6 */
    INTERNAL_ERROR = 500,
    /** @since 6 */
    NOT_IMPLEMENTED = 501,
    /** @since 6 */
    BAD_GATEWAY = 502,
    /** @since 6 */
    UNAVAILABLE = 503,
    /** @since 6 */
    GATEWAY_TIMEOUT = 504,
    /** @since 6 */
    VERSION = 505,
  }

  /**
   * HTTP versions for `usingProtocol`.
   *
   * @since 9
   */
  enum HttpProtocol {
    /**
     * HTTP/1.1.
     *
     * @since 9
     */
    HTTP1_1 = 0,

    /**
     * HTTP/2.
     *
     * @since 9
     */
    HTTP2 = 1,

    /**
     * HTTP/3.
     *
     * @since 11
     */
    HTTP3 = 2,
  }

  /**
   * Types of `HttpResponse.result`.
   *
   * @since 9
   */
  enum HttpDataType {
    /**
     * A string.
     *
     * @since 9
     */
    STRING = 0,

    /**
     * An object (parsed JSON).
     *
     * @since 9
     */
    OBJECT = 1,

    /**
     * An ArrayBuffer.
     *
     * @since 9
     */
    ARRAY_BUFFER = 2,
  }

  /**
   * The response to `request()`. Its own properties come in this order: responseCode,
   * cookies, header, result, resultType, performanceTiming, connectionExtraInfo.
   *
   * @since 6
   */
  interface HttpResponse {
    /**
     * The body: with `expectDataType`, of that type; otherwise an ArrayBuffer when the
     * content-type contains `application/octet-stream` or `image`, else a string (JSON
     * included), UTF-8, cut at the first NUL character. An empty body typed as an
     * ArrayBuffer leaves `result` out altogether.
     *
     * @since 6
     */
    result: string | Object | ArrayBuffer;

    /**
     * The type of `result`.
     *
     * @since 9
     */
    resultType: HttpDataType;

    /**
     * The status of the last response (after redirects). A cache hit is always 200.
     *
     * @since 6
     */
    responseCode: ResponseCode | number;

    /**
     * The response headers as an object (not a JSON string, as the SDK says): names
     * lower-cased, values trimmed, empty ones left out, the last of a repeated name
     * winning, `set-cookie` an array (last). The headers of every redirect hop are
     * merged in, and there is no `status-line` key.
     *
     * @since 6
     */
    header: Object;

    /**
     * The request's cookie jar in the Netscape cookie-file format, one cookie a line,
     * lines joined by CRLF; `""` when empty.
     *
     * @since 8
     */
    cookies: string;

    /**
     * Times of the transfer's phases, in ms.
     *
     * @since 11
     */
    performanceTiming: PerformanceTiming;

    /**
     * Facts of the connection. Always present on the device.
     *
     * @since 24
     */
    connectionExtraInfo?: ConnectionExtraInfo;
  }

  /**
   * Facts of the connection a response came over.
   *
   * @since 24
   */
  interface ConnectionExtraInfo {
    /**
     * `"HTTP/1.1"`, `"HTTP/2"`, `"HTTP/3"`, … or `"Unknown/Non-HTTP"`.
     *
     * @since 24
     */
    networkProtocolName: string;

    /**
     * The TLS version, over TLS only.
     *
     * @since 24
     */
    tlsVersion?: TlsVersion;

    /**
     * The cipher suite, when known.
     *
     * @since 24
     */
    cipherSuite?: CipherSuite;

    /**
     * The local address.
     *
     * @since 24
     */
    localAddress: string;

    /**
     * The server's address.
     *
     * @since 24
     */
    remoteAddress: string;

    /**
     * The local port (-1 when unknown).
     *
     * @since 24
     */
    localPort: number;

    /**
     * The server's port (-1 when unknown).
     *
     * @since 24
     */
    remotePort: number;

    /**
     * Whether an existing connection was reused.
     *
     * @since 24
     */
    isReusedConnection: boolean;

    /**
     * Whether a proxy was used.
     *
     * @since 24
     */
    isProxyConnection: boolean;

    /**
     * Whether the response cache answered.
     *
     * @since 24
     */
    isCacheHit: boolean;

    /**
     * Redirects followed.
     *
     * @since 24
     */
    redirectCount: number;
  }

  /**
   * Times of a transfer in ms. The first seven are counted by the network stack from
   * the transfer's start; the last three from the call (to the last header block, the
   * last body chunk, building the response). A cache hit has only the last three.
   * The device lists the keys alphabetically.
   *
   * @since 11
   */
  interface PerformanceTiming {
    /** @since 11 */
    dnsTiming: number;
    /** @since 11 */
    tcpTiming: number;
    /** @since 11 */
    tlsTiming: number;
    /** @since 11 */
    firstSendTiming: number;
    /** @since 11 */
    firstReceiveTiming: number;
    /** @since 11 */
    totalFinishTiming: number;
    /** @since 11 */
    redirectTiming: number;
    /** @since 11 */
    responseHeaderTiming: number;
    /** @since 11 */
    responseBodyTiming: number;
    /** @since 11 */
    totalTiming: number;
  }

  /**
   * Download progress of `requestInStream` (only when the response has a Content-Length).
   *
   * @since 10
   */
  interface DataReceiveProgressInfo {
    /**
     * Bytes received so far.
     *
     * @since 10
     */
    receiveSize: number;

    /**
     * Bytes expected.
     *
     * @since 10
     */
    totalSize: number;
  }

  /**
   * Upload progress.
   *
   * @since 11
   */
  interface DataSendProgressInfo {
    /**
     * Bytes sent so far, in total (not per step, as the SDK says).
     *
     * @since 11
     */
    sendSize: number;

    /**
     * Bytes to send.
     *
     * @since 11
     */
    totalSize: number;
  }

  /**
   * Starts the response cache (it does nothing until this is called) and returns its
   * handle. A number sets the size, clamped to 1…10 MiB (a second call keeps the first
   * size). In ohos-netkit the cache lives in memory, for as long as the page or process.
   *
   * @param cacheSize - Bytes.
   * @returns The cache.
   * @since 9
   */
  function createHttpResponseCache(cacheSize?: number): HttpResponseCache;

  /**
   * The response cache. A fresh entry answers GET and HEAD requests with status 200 and
   * no header or data events; a stale one makes the request conditional, and a 304
   * then reaches the app as it is.
   *
   * @since 9
   */
  interface HttpResponseCache {
    /**
     * Writes the cache to storage (nothing to do in memory).
     *
     * @param callback - Receives `(undefined, undefined)`.
     * @throws {BusinessError} 401 - Called with arguments other than one callback.
     * @since 9
     */
    flush(callback: AsyncCallback<void>): void;

    /**
     * Writes the cache to storage (nothing to do in memory).
     *
     * @returns A promise that resolves with `undefined`.
     * @throws {BusinessError} 401 - Called with arguments.
     * @since 9
     */
    flush(): Promise<void>;

    /**
     * Stops the cache and empties it, until `createHttpResponseCache()` starts it again.
     *
     * @param callback - Receives `(undefined, undefined)`.
     * @throws {BusinessError} 401 - Called with arguments other than one callback.
     * @since 9
     */
    delete(callback: AsyncCallback<void>): void;

    /**
     * Stops the cache and empties it, until `createHttpResponseCache()` starts it again.
     *
     * @returns A promise that resolves with `undefined`.
     * @throws {BusinessError} 401 - Called with arguments.
     * @since 9
     */
    delete(): Promise<void>;
  }
}

/**
 * The events of an `http.HttpRequest`, each name mapped to the type of its listener;
 * `on` and `off` take their parameter types from here. Header events come for every
 * header block (each redirect hop, a 100-continue, the final response), before the
 * result; the data events belong to `requestInStream`.
 *
 * Not part of the SDK, and so not exported.
 */
interface HttpRequestEvents {
  /**
   * A header block arrived. Called as `(undefined, header)` (deprecated since 8: use
   * `headersReceive`). The header object is built as `HttpResponse.header`, with
   * `set-cookie` in its alphabetical place.
   *
   * @since 6
   */
  headerReceive: AsyncCallback<Object>;

  /**
   * A header block arrived. Called with the header object alone.
   *
   * @since 8
   */
  headersReceive: Callback<Object>;

  /**
   * A chunk of a `requestInStream` body, as an ArrayBuffer.
   *
   * @since 10
   */
  dataReceive: Callback<ArrayBuffer>;

  /**
   * A `requestInStream` body ended well, right before the status code is handed over.
   * Called with `undefined`. Not after a failure.
   *
   * @since 10
   */
  dataEnd: Callback<void>;

  /**
   * Download progress of `requestInStream`, when the response has a Content-Length.
   *
   * @since 10
   */
  dataReceiveProgress: Callback<http.DataReceiveProgressInfo>;

  /**
   * Upload progress of a request with a body: bytes sent so far, in total.
   *
   * @since 11
   */
  dataSendProgress: Callback<http.DataSendProgressInfo>;
}

export {};
