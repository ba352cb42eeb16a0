import type { DeviceError } from '../../core/business-error.js';

/**
 * The http namespace's codes and the device's message for each (HTTP §9: netstack's
 * `HTTP_ERR_MAP`, whose wording differs from the documentation's; no trailing periods).
 * A failed transfer's code is 2300000 plus curl's code when that sum is in the table,
 * and 2300999 otherwise (HTTP §2.2).
 */
export const HttpErrorCode = {
  PERMISSION_DENIED: 201,
  PARAMETER_ERROR: 401,
  /** curl 23: `maxLimit` passed, or data arrived after destroy() (HTTP §7.1, §7.3). */
  WRITE_ERROR: 2300023,
  /** curl 28: readTimeout (the whole transfer) or connectTimeout. */
  OPERATION_TIMEOUT: 2300028,
  REQUEST_INTERCEPTED: 2300996,
  CLEARTEXT_NOT_PERMITTED: 2300997,
  DOMAIN_NOT_ALLOWED: 2300998,
  INTERNAL_ERROR: 2300999,
} as const;

const CURL_BASE = 2300000;
const INTERNAL_ERROR_MESSAGE = 'Internal error';

const MESSAGES: Readonly<Record<number, string>> = {
  201: 'Permission denied',
  401: 'Parameter error',
  2300001: 'Unsupported protocol',
  2300003: 'Invalid URL format or missing URL',
  2300005: 'Failed to resolve the proxy name',
  2300006: 'Failed to resolve the host name',
  2300007: 'Failed to connect to the server',
  2300008: 'Invalid server response',
  2300009: 'Access to the remote resource denied',
  2300016: 'Error in the HTTP2 framing layer',
  2300018: 'Transferred a partial file',
  2300023: 'Failed to write the received data to the disk or application',
  2300025: 'Upload failed',
  2300026: 'Failed to open or read local data from the file or application',
  2300027: 'Out of memory',
  2300028: 'Operation timeout',
  2300047: 'The number of redirections reaches the maximum allowed',
  2300052: 'The server returned nothing (no header or data)',
  2300055: 'Failed to send data to the peer',
  2300056: 'Failed to receive data from the peer',
  2300058: 'Local SSL certificate error',
  2300059: 'The specified SSL cipher cannot be used',
  2300060: 'Invalid SSL peer certificate or SSH remote key',
  2300061: 'Invalid HTTP encoding format',
  2300063: 'Maximum file size exceeded',
  2300070: 'Remote disk full',
  2300073: 'Remote file already exists',
  2300077: 'The SSL CA certificate does not exist or is inaccessible',
  2300078: 'Remote file not found',
  2300090: 'Specified pinned public key did not match',
  2300094: 'Authentication error',
  2300996: 'The request was intercepted by the HTTP global interceptor',
  2300997: 'Cleartext traffic not permitted',
  2300998: 'It is not allowed to access this domain',
  2300999: INTERNAL_ERROR_MESSAGE,
};

/**
 * What a failed request hands its callback or rejection (HTTP §2.2): `code` then
 * `message`, and `extendInfo` (string-valued diagnostics) only for a transfer whose wire
 * reported them; validation-phase errors never have it.
 */
export interface HttpDeviceError extends DeviceError {
  extendInfo?: Readonly<Record<string, string>>;
}

/** The error of `code` with the device's message; a code the table lacks is 2300999 "Internal error". */
export function httpError(code: number): HttpDeviceError {
  const message = MESSAGES[code];
  return message === undefined ? { code: HttpErrorCode.INTERNAL_ERROR, message: INTERNAL_ERROR_MESSAGE } : { code, message };
}

/** HTTP §2.2: a transfer that failed with curl's `curlCode`, as the device reports it. */
export function errorForCurlCode(curlCode: number, extendInfo?: Readonly<Record<string, string>>): HttpDeviceError {
  const error = httpError(CURL_BASE + curlCode);
  if (extendInfo !== undefined) error.extendInfo = { ...extendInfo };
  return error;
}

/**
 * HTTP §2.2: what the device throws synchronously (on/off misuse, requestSync, the
 * interceptor chain): a real Error whose `code` is the code as a *string*.
 */
export function httpThrow(code: string, message: string): Error & { code: string } {
  const error = new Error(message) as Error & { code: string };
  error.code = code;
  return error;
}
