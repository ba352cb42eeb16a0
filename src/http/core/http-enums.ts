/**
 * The enum stand-ins on the `http` module object (HTTP §1.1): plain objects holding the
 * values the device puts there, which are not always the SDK's (AddressFamily's are its
 * option strings; SslType is numbers where the SDK declares strings).
 */
export const RequestMethod = Object.freeze({
  OPTIONS: 'OPTIONS',
  GET: 'GET',
  HEAD: 'HEAD',
  POST: 'POST',
  PUT: 'PUT',
  DELETE: 'DELETE',
  TRACE: 'TRACE',
  CONNECT: 'CONNECT',
  PATCH: 'PATCH',
} as const);

export const ResponseCode = Object.freeze({
  OK: 200,
  CREATED: 201,
  ACCEPTED: 202,
  NOT_AUTHORITATIVE: 203,
  NO_CONTENT: 204,
  RESET: 205,
  PARTIAL: 206,
  MULT_CHOICE: 300,
  MOVED_PERM: 301,
  MOVED_TEMP: 302,
  SEE_OTHER: 303,
  NOT_MODIFIED: 304,
  USE_PROXY: 305,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_METHOD: 405,
  NOT_ACCEPTABLE: 406,
  PROXY_AUTH: 407,
  CLIENT_TIMEOUT: 408,
  CONFLICT: 409,
  GONE: 410,
  LENGTH_REQUIRED: 411,
  PRECON_FAILED: 412,
  ENTITY_TOO_LARGE: 413,
  REQ_TOO_LONG: 414,
  UNSUPPORTED_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  INTERNAL_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
  VERSION: 505,
} as const);

export const HttpProtocol = Object.freeze({ HTTP1_1: 0, HTTP2: 1, HTTP3: 2 } as const);

export const HttpDataType = Object.freeze({ STRING: 0, OBJECT: 1, ARRAY_BUFFER: 2 } as const);

export const CertType = Object.freeze({ PEM: 'PEM', DER: 'DER', P12: 'P12' } as const);

export const TlsVersion = Object.freeze({ TLS_V_1_0: 4, TLS_V_1_1: 5, TLS_V_1_2: 6, TLS_V_1_3: 7 } as const);

/** HTTP §1.1: the strings the option parser compares with, not the SDK's `CURL_IPRESOLVE_*`. */
export const AddressFamily = Object.freeze({ DEFAULT: 'DEFAULT', ONLY_V4: 'ONLY_V4', ONLY_V6: 'ONLY_V6' } as const);

/** HTTP §1.1: numbers at run time, although the option is the string 'TLS' or 'TLCP'. */
export const SslType = Object.freeze({ TLS: 0, TLCP: 1 } as const);

/** HTTP §1.1: two of the values differ from their names. */
export const InterceptorType = Object.freeze({
  INITIAL_REQUEST: 'INITIAL_REQUEST',
  REDIRECTION: 'REDIRECTION',
  CACHE_CHECKED: 'READ_CACHE',
  NETWORK_CONNECT: 'CONNECT_NETWORK',
  FINAL_RESPONSE: 'FINAL_RESPONSE',
} as const);
