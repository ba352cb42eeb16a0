import type { http } from '../../../types/http.js';
import { httpThrow } from './error-codes.js';

const UNSUPPORTED_TYPE = ['2300801', 'Parameter type not supported by the interceptor'] as const;
const DUPLICATED_TYPE = ['2300802', 'Duplicated interceptor type in the chain'] as const;
const INTERNAL_ERROR = ['2300999', 'Internal error'] as const;

/**
 * `http.HttpInterceptorChain` (API 22, HTTP §7.6). getChain and addChain behave as on
 * the device, string-code throws included. apply() refuses with a thrown 2300999: the
 * interceptors would have to run inside the transfer (before it, on each redirect, on
 * a cache hit, before connecting, on the final response), which ohos-netkit does not do
 * yet, and an interceptor that silently never runs would change what the app gets.
 */
export class HttpInterceptorChain implements http.HttpInterceptorChain {
  readonly #chain: http.HttpInterceptor[] = [];

  getChain(): http.HttpInterceptor[] {
    return [...this.#chain];
  }

  addChain(chain: http.HttpInterceptor[]): boolean;
  addChain(...args: unknown[]): boolean {
    const [chain] = args;
    if (args.length !== 1 || !Array.isArray(chain)) throw httpThrow(...UNSUPPORTED_TYPE);
    // Entries are added one by one: those before a bad one stay added, as on the device.
    for (const interceptor of chain as unknown[]) {
      const type =
        typeof interceptor === 'object' && interceptor !== null ? (interceptor as { interceptorType?: unknown }).interceptorType : undefined;
      if (typeof type !== 'string' || type === '') throw httpThrow(...INTERNAL_ERROR);
      if (this.#chain.some((existing) => existing.interceptorType === type)) throw httpThrow(...DUPLICATED_TYPE);
      this.#chain.push(interceptor as http.HttpInterceptor);
    }
    return true;
  }

  apply(httpRequest: http.HttpRequest): boolean;
  apply(...args: unknown[]): boolean {
    if (args.length !== 1) throw httpThrow(...UNSUPPORTED_TYPE);
    if (this.#chain.length === 0) return false;
    if (typeof args[0] !== 'object' || args[0] === null) throw httpThrow(...UNSUPPORTED_TYPE);
    throw httpThrow(INTERNAL_ERROR[0], 'HTTP interceptors are not supported by ohos-netkit yet: the chain cannot be applied');
  }
}
