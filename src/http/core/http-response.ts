import type { HttpTransferFacts } from './http-wire.js';
import type { HeaderObject } from './response-headers.js';

/** HttpResponse.performanceTiming (HTTP §5), in ms. */
export type PerformanceTiming = Record<string, number>;

/** HttpResponse.connectionExtraInfo (HTTP §5). */
export interface ConnectionExtraInfo {
  networkProtocolName: string;
  tlsVersion?: number;
  cipherSuite?: string;
  localAddress: string;
  remoteAddress: string;
  localPort: number;
  remotePort: number;
  isReusedConnection: boolean;
  isProxyConnection: boolean;
  isCacheHit: boolean;
  redirectCount: number;
}

/** What the core measures itself (HTTP §5): ms from the call to the last header block, the last body chunk, building the response. */
export interface WallClockTimings {
  readonly responseHeader: number;
  readonly responseBody: number;
  readonly total: number;
}

/**
 * performanceTiming from curl's phase times and the core's own. The device fills a
 * `std::map` and copies it onto the object, so the keys come in lexicographic order;
 * a cache hit has only the three it measures itself (HTTP §5).
 */
export function performanceTiming(curl: HttpTransferFacts['timing'] | undefined, own: WallClockTimings): PerformanceTiming {
  const timing: PerformanceTiming = {};
  if (curl !== undefined) {
    timing.dnsTiming = curl.dns;
    timing.firstReceiveTiming = curl.firstReceive;
    timing.firstSendTiming = curl.firstSend;
    timing.redirectTiming = curl.redirect;
  }
  timing.responseBodyTiming = own.responseBody;
  timing.responseHeaderTiming = own.responseHeader;
  if (curl !== undefined) {
    timing.tcpTiming = curl.tcp;
    timing.tlsTiming = curl.tls;
    timing.totalFinishTiming = curl.totalFinish;
  }
  timing.totalTiming = own.total;
  return timing;
}

/** connectionExtraInfo in the device's property order; tlsVersion only as 4…7, cipherSuite only when known. */
export function connectionExtraInfo(connection: HttpTransferFacts['connection'], redirectCount: number, isCacheHit: boolean): ConnectionExtraInfo {
  const info: ConnectionExtraInfo = { networkProtocolName: connection.protocol } as ConnectionExtraInfo;
  if (connection.tlsVersion !== undefined && connection.tlsVersion >= 4 && connection.tlsVersion <= 7) info.tlsVersion = connection.tlsVersion;
  if (connection.cipherSuite !== undefined && connection.cipherSuite !== '') info.cipherSuite = connection.cipherSuite;
  info.localAddress = connection.localAddress;
  info.remoteAddress = connection.remoteAddress;
  info.localPort = connection.localPort;
  info.remotePort = connection.remotePort;
  info.isReusedConnection = connection.reused;
  info.isProxyConnection = connection.viaProxy;
  info.isCacheHit = isCacheHit;
  info.redirectCount = redirectCount;
  return info;
}

export interface HttpResponseParts {
  readonly responseCode: number;
  readonly cookies: string;
  readonly header: HeaderObject;
  readonly shaped: { result?: unknown; resultType?: number };
  readonly performanceTiming: PerformanceTiming;
  readonly connectionExtraInfo: ConnectionExtraInfo;
}

/**
 * An HttpResponse with the device's own-property order (HTTP §5): responseCode, cookies,
 * header, result, resultType, performanceTiming, connectionExtraInfo; `result` and
 * `resultType` only where the device sets them (see shapeResult).
 */
export function buildHttpResponse(parts: HttpResponseParts): Record<string, unknown> {
  const response: Record<string, unknown> = { responseCode: parts.responseCode >>> 0, cookies: parts.cookies, header: parts.header };
  if ('result' in parts.shaped) response.result = parts.shaped.result;
  if ('resultType' in parts.shaped) response.resultType = parts.shaped.resultType;
  response.performanceTiming = parts.performanceTiming;
  response.connectionExtraInfo = parts.connectionExtraInfo;
  return response;
}
