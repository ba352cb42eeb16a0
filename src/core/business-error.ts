/**
 * What a failing method hands its callback or rejection, as the device does (WS §2.1):
 * a plain object with exactly two own enumerable properties, `code` (a number) then
 * `message`, and nothing else: not an `Error`, no `name`, no stack. So
 * `JSON.stringify(err)` is `{"code":2302003,"message":"Websocket connection already exist"}`
 * and `err instanceof Error` is false, as on the device: real code branches on it.
 * Each namespace has its own table of codes and messages (web-socket/error-codes.ts).
 */
export interface DeviceError {
  code: number;
  message: string;
}

/** A device error: `code` then `message`, in that order (JSON key order follows creation order). */
export function deviceError(code: number, message: string): DeviceError {
  return { code, message };
}

/** True for what deviceError() makes (and any other object with a numeric code and a string message). */
export function isDeviceError(value: unknown): value is DeviceError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DeviceError).code === 'number' &&
    typeof (value as DeviceError).message === 'string'
  );
}

/**
 * The SDK's `BusinessError` (`@ohos.base`, through `@kit.BasicServicesKit`) as a class,
 * for builds that keep `import { BusinessError } from '@kit.BasicServicesKit'` at run
 * time (verbatimModuleSyntax, plain ESM in a page), and for app code that makes its own
 * (`new BusinessError()`). On the device it is a type only, and the errors the network
 * methods hand out are plain objects (see DeviceError): ohos-netkit's are too, never
 * instances of this class.
 */
export class BusinessError<T = void> extends Error {
  declare code: number;
  declare data?: T;

  constructor(code = 0, message = '', data?: T) {
    // No message to super(): it would create `message` before `code`, and JSON key
    // order follows creation order.
    super();
    this.code = code;
    Object.defineProperty(this, 'message', { value: message, enumerable: true, writable: true, configurable: true });
    if (data !== undefined) this.data = data;
  }
}

Object.defineProperty(BusinessError.prototype, 'name', { value: 'BusinessError', writable: true, configurable: true });

/**
 * What `on`/`off` throw on bad arguments: Node-API's `napi_throw_error(env, "401",
 * "Parameter error")`, i.e. an Error whose `code` is the *string* "401" (WS §2.3).
 */
export function createParameterThrow(): Error & { code: string } {
  const error = new Error('Parameter error') as Error & { code: string };
  error.code = '401';
  return error;
}
