import type { http as HttpNamespace } from '../../../types/http.js';
import {
  AddressFamily,
  CertType,
  HttpDataType,
  HttpProtocol,
  InterceptorType,
  RequestMethod,
  ResponseCode,
  SslType,
  TlsVersion,
} from './http-enums.js';
import { HttpInterceptorChain } from './http-interceptor-chain.js';
import type { HttpWire } from './http-wire.js';
import { KitHttpRequest } from './kit-http-request.js';
import { KitHttpResponseCache } from './kit-http-response-cache.js';
import { responseCache } from './response-cache.js';

/** What every build's `http` namespace provides, checked with `satisfies` against the public types. */
export type HttpNamespaceShape = Pick<typeof HttpNamespace, 'createHttp' | 'createHttpResponseCache' | 'HttpInterceptorChain'> & {
  RequestMethod: Readonly<Record<keyof typeof HttpNamespace.RequestMethod, string>>;
  ResponseCode: Readonly<Record<keyof typeof HttpNamespace.ResponseCode, number>>;
  HttpProtocol: Readonly<Record<keyof typeof HttpNamespace.HttpProtocol, number>>;
  HttpDataType: Readonly<Record<keyof typeof HttpNamespace.HttpDataType, number>>;
  CertType: Readonly<Record<keyof typeof HttpNamespace.CertType, string>>;
  TlsVersion: Readonly<Record<keyof typeof HttpNamespace.TlsVersion, number>>;
  AddressFamily: Readonly<Record<keyof typeof HttpNamespace.AddressFamily, string>>;
  SslType: Readonly<Record<'TLS' | 'TLCP', number>>;
  InterceptorType: Readonly<Record<keyof typeof HttpNamespace.InterceptorType, string>>;
};

/**
 * The `http` namespace of `@kit.NetworkKit` / `@ohos.net.http` over `wire` (HTTP §1.1):
 * each build brings its own wire, as the webSocket namespace's entries do. Unlike the
 * device, it installs nothing on the global object.
 */
export function createHttpNamespace(wire: HttpWire) {
  return Object.freeze({
    /** A new request object (HTTP §1.3). */
    createHttp: (): KitHttpRequest => new KitHttpRequest(wire),
    /**
     * HTTP §8: starts the response cache; one number argument is its size (clamped to
     * 1…10 MiB), anything else the largest size. A running cache keeps its size.
     */
    createHttpResponseCache(...args: unknown[]): KitHttpResponseCache {
      const [size] = args;
      if (args.length === 1 && typeof size === 'number') responseCache.start(size >>> 0);
      else responseCache.start();
      return new KitHttpResponseCache();
    },
    HttpInterceptorChain,
    RequestMethod,
    ResponseCode,
    HttpProtocol,
    HttpDataType,
    CertType,
    TlsVersion,
    AddressFamily,
    SslType,
    InterceptorType,
  }) satisfies HttpNamespaceShape;
}
