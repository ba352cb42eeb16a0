import { messageFor } from '../web-socket/error-codes.js';

/**
 * The error every failing method hands to its callback or rejection.
 *
 * The device hands out a plain `{ code, message }` object (OH §2.1); the SDK types
 * declare `BusinessError extends Error`. We keep the `Error` (stack traces, `instanceof
 * Error` in app code that checks it) and make everything app code can observe match the
 * device: own enumerable `code` then `message`, nothing else enumerable, so
 * `JSON.stringify(err)` is `{"code":2302003,"message":"Websocket connection already exist"}`.
 */
export class BusinessError<T = void> extends Error {
  declare code: number;
  declare data?: T;

  constructor(code: number, message: string = messageFor(code), data?: T) {
    // No message to super(): it would create `message` before `code`, and JSON key
    // order follows creation order.
    super();
    this.code = code;
    Object.defineProperty(this, 'message', { value: message, enumerable: true, writable: true, configurable: true });
    if (data !== undefined) this.data = data;
  }
}

Object.defineProperty(BusinessError.prototype, 'name', { value: 'BusinessError', writable: true, configurable: true });

/** A BusinessError with the device's message for `code`. */
export function createBusinessError(code: number, message?: string): BusinessError {
  return new BusinessError(code, message ?? messageFor(code));
}

/**
 * What `on`/`off` throw on bad arguments: Node-API's `napi_throw_error(env, "401",
 * "Parameter error")`, i.e. an Error whose `code` is the *string* "401" (OH §2.3).
 */
export function createParameterThrow(): Error & { code: string } {
  const error = new Error(messageFor(401)) as Error & { code: string };
  error.code = '401';
  return error;
}
