import type { NodeStyleCallback } from '../../core/async-callback.js';

/**
 * The argument shapes of request, requestInStream and requestSync (HTTP §2.1, netstack
 * `RequestContext::ParseParams`):
 * - `(url)`, `(url, options)`: a Promise;
 * - `(url, callback)`, `(url, options, callback)`: the callback, the method returns undefined;
 * - anything else is a 401, handed to the callback when a 1-, 2- or 3-argument call ends
 *   with a function, otherwise to a rejected Promise.
 * "An object" is what Node-API calls one: not null, not a function (arrays count). An
 * explicit `undefined` counts as an argument: `(url, undefined)` is a 401.
 */
export type RequestArgs<T> =
  | { readonly ok: true; readonly url: string; readonly options: object | undefined; readonly callback: NodeStyleCallback<T> | undefined }
  | { readonly ok: false; readonly callback: NodeStyleCallback<T> | undefined };

export function parseRequestArgs<T>(args: readonly unknown[]): RequestArgs<T> {
  const [url, second] = args;
  const last = args[args.length - 1];
  const callback = args.length >= 1 && args.length <= 3 && typeof last === 'function' ? (last as NodeStyleCallback<T>) : undefined;
  if (typeof url !== 'string') return { ok: false, callback };
  switch (args.length) {
    case 1:
      return { ok: true, url, options: undefined, callback: undefined };
    case 2:
      if (typeof second === 'function') return { ok: true, url, options: undefined, callback };
      return isNapiObject(second) ? { ok: true, url, options: second, callback: undefined } : { ok: false, callback: undefined };
    case 3:
      return isNapiObject(second) && callback !== undefined ? { ok: true, url, options: second, callback } : { ok: false, callback };
    default:
      return { ok: false, callback: undefined };
  }
}

/** Node-API's `napi_object`: what typeof calls "object", but not null. */
export function isNapiObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
