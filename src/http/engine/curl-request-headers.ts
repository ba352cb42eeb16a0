/** netstack's CURLOPT_USERAGENT (HTTP §4), left out when a Range is sent. */
export const CURL_USER_AGENT = 'libcurl-agent/1.0';

/** Every decoder this engine has, in curl's order (Curl_get_content_encodings): what the device's ACCEPT_ENCODING "" sends. */
export const CURL_ACCEPT_ENCODING = 'deflate, gzip, br';

/** curl's Content-Type for a request body the app gave no type (HTTPREQ_POST). */
const FORM_URLENCODED = 'application/x-www-form-urlencoded';

/** Headers undici writes itself or refuses to take from a caller: they cannot go out as the app's. */
const NOT_SENDABLE = new Set(['transfer-encoding', 'keep-alive', 'upgrade', 'expect', 'content-length']);

export interface HopHeaderInput {
  readonly url: URL;
  /** The app's headers (HttpWireRequest.headers: lower-case names, in order, '' = an empty header). */
  readonly appHeaders: ReadonlyArray<readonly [string, string]>;
  /** The body this hop sends, if any: its length, and the Content-Type it brings itself (a multipart boundary). */
  readonly body: { readonly length: number; readonly contentType: string | undefined } | undefined;
  /** HttpTransportOptions.range ("10-", "-20", "10-20"). */
  readonly range: string | undefined;
  /** The jar's cookies for this URL ("a=1; b=2"), '' for none. */
  readonly jarCookies: string;
  /** An Authorization value the transfer makes itself (serverAuthentication basic, URL credentials). */
  readonly authorization: string | undefined;
  /**
   * curl's Curl_auth_allowed_to_host: false once a redirect left the first URL's scheme,
   * host and port; the app's Authorization and Cookie headers then stay behind.
   */
  readonly sameOriginAsFirst: boolean;
  /** The Host value when it must be given (a request through a proxy in absolute form); otherwise undici writes it from the origin. */
  readonly host: string | undefined;
  /**
   * Set for a request in absolute form to an HTTP proxy (curl's origin_is_proxy): its
   * Proxy-Authorization (or undefined), and curl's `Proxy-Connection: Keep-Alive`.
   */
  readonly forwardProxy: { readonly authorization: string | undefined } | undefined;
}

export interface HopHeaders {
  /** Name/value pairs in the order they go out, for undici (which writes `host` and `connection` first, `content-length` last). */
  readonly headers: string[];
  /** The app's headers that cannot be sent as they are (see NOT_SENDABLE), for a notice. */
  readonly dropped: readonly string[];
  /** The app asked for `connection: close`. */
  readonly closeConnection: boolean;
}

/**
 * The request's header block as curl builds it (HTTP §4 "What goes on the wire"; curl
 * http.c, Curl_http: Host, Proxy-Authorization, Authorization, Range, User-Agent, Accept,
 * Accept-Encoding, Proxy-Connection, Cookie, the app's headers in their order, then the body's Content-Type). An app
 * header of the same name replaces one of curl's own (Curl_checkheaders, which also
 * sees `name;` empty headers), at the app's place in the order; an empty value is sent
 * as an empty header. The jar's Cookie line and an app's `cookie` header both go out,
 * as with curl.
 */
export function buildHopHeaders(input: HopHeaderInput): HopHeaders {
  const app = new Set(input.appHeaders.map(([name]) => name.toLowerCase()));
  const out: string[] = [];
  const dropped: string[] = [];
  let closeConnection = false;
  const add = (name: string, value: string): void => {
    out.push(name, value);
  };

  const customHost = input.appHeaders.find(([name]) => name.toLowerCase() === 'host');
  if (customHost !== undefined) add('host', customHost[1]);
  else if (input.host !== undefined) add('host', input.host);
  if (input.forwardProxy?.authorization !== undefined && !app.has('proxy-authorization'))
    add('Proxy-Authorization', input.forwardProxy.authorization);
  if (input.authorization !== undefined && !app.has('authorization')) add('Authorization', input.authorization);
  if (input.range !== undefined && input.body === undefined && !app.has('range')) add('Range', `bytes=${input.range}`);
  // OH netstack sets no user agent when a range is asked for (HTTP §4).
  if (input.range === undefined && !app.has('user-agent')) add('User-Agent', CURL_USER_AGENT);
  if (!app.has('accept')) add('Accept', '*/*');
  if (!app.has('accept-encoding')) add('Accept-Encoding', CURL_ACCEPT_ENCODING);
  if (input.forwardProxy !== undefined && !app.has('proxy-connection')) add('Proxy-Connection', 'Keep-Alive');
  if (input.jarCookies !== '') add('Cookie', input.jarCookies);

  for (const [rawName, value] of input.appHeaders) {
    const name = rawName.toLowerCase();
    if (name === 'host') continue;
    if (name === 'connection') {
      closeConnection ||= value
        .toLowerCase()
        .split(',')
        .some((token) => token.trim() === 'close');
      continue;
    }
    if ((name === 'authorization' || name === 'cookie') && !input.sameOriginAsFirst) continue;
    // A multipart body brings its own Content-Type (with the boundary), in place of the app's.
    if (name === 'content-type' && input.body?.contentType !== undefined) continue;
    if (NOT_SENDABLE.has(name)) {
      dropped.push(name);
      continue;
    }
    add(rawName, value);
  }

  if (input.body !== undefined) {
    if (input.range !== undefined && !app.has('content-range')) add('Content-Range', `bytes ${input.range}/${input.body.length}`);
    if (input.body.contentType !== undefined) add('Content-Type', input.body.contentType);
    else if (!app.has('content-type')) add('Content-Type', FORM_URLENCODED);
  }
  return { headers: out, dropped, closeConnection };
}

/** Basic credentials as curl sends them (CURLAUTH_BASIC: user:password, base64). */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
