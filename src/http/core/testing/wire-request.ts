import type { HttpTransportOptions, HttpWireRequest } from '../http-wire.js';

/** The device's defaults as the core hands them over (HTTP §3), for tests to change. */
export function transportOptions(overrides: Partial<HttpTransportOptions> = {}): HttpTransportOptions {
  return {
    readTimeoutMs: 60_000,
    connectTimeoutMs: 60_000,
    maxRedirects: 30,
    proxy: 'none',
    remoteValidation: 'system',
    tls: { minVersion: 6, maxVersion: 7 },
    addressFamily: 'DEFAULT',
    cookieJar: 'transfer',
    ...overrides,
  };
}

export function wireRequest(
  url: string,
  overrides: Partial<Omit<HttpWireRequest, 'transport'>> & { transport?: Partial<HttpTransportOptions> } = {},
): HttpWireRequest {
  const { transport, ...rest } = overrides;
  return {
    url,
    method: 'GET',
    headers: [],
    body: undefined,
    mode: 'request',
    maxLimit: 5 * 1024 * 1024,
    ...rest,
    transport: transportOptions(transport),
  };
}
