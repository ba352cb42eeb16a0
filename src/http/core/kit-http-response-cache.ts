import { withCallback, type NodeStyleCallback } from '../../core/async-callback.js';
import type { AsyncCallback } from '../../../types/base.js';
import type { http } from '../../../types/http.js';
import { httpError, HttpErrorCode } from './error-codes.js';
import { responseCache } from './response-cache.js';

/**
 * `http.HttpResponseCache` (HTTP §8): flush and delete take `()` or `(callback)`;
 * anything else is a 401 for the promise (not for a callback, even one among the
 * arguments). Success is `(undefined, undefined)`. Both act on the realm's one cache and
 * do nothing while it is off.
 */
export class KitHttpResponseCache implements http.HttpResponseCache {
  flush(callback: AsyncCallback<void>): void;
  flush(): Promise<void>;
  flush(...args: unknown[]): Promise<void> | undefined {
    // In memory there is nothing to write.
    return settleCacheCall(args, () => undefined);
  }

  delete(callback: AsyncCallback<void>): void;
  delete(): Promise<void>;
  delete(...args: unknown[]): Promise<void> | undefined {
    return settleCacheCall(args, () => responseCache.stop());
  }
}

function settleCacheCall(args: readonly unknown[], action: () => void): Promise<void> | undefined {
  const [callback] = args;
  if (args.length > 1 || (args.length === 1 && typeof callback !== 'function')) return Promise.reject(httpError(HttpErrorCode.PARAMETER_ERROR));
  action();
  return withCallback(Promise.resolve(undefined), callback as NodeStyleCallback<undefined> | undefined);
}
