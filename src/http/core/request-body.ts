import { utf8Encode } from '../../core/web-platform.js';

/**
 * A value made into request-body bytes as the device does (HTTP §3 extraData/body,
 * netstack `RequestContext::GetRequestBody`): a non-empty string as UTF-8; an
 * ArrayBuffer as its bytes; any other object (arrays and typed arrays included) as its
 * JSON text. undefined when no body can be made: "", a number, a boolean, a function,
 * an empty ArrayBuffer (netstack gets no data pointer for it, HTTP §12), an object
 * whose JSON is empty or cannot be made (a cycle: the device's JSON.stringify fails
 * inside native code, HTTP §12).
 */
export function bodyBytes(value: unknown): Uint8Array | undefined {
  if (typeof value === 'string') return value === '' ? undefined : utf8Encode(value);
  if (isArrayBuffer(value)) return value.byteLength === 0 ? undefined : new Uint8Array(value.slice(0));
  if (typeof value !== 'object' || value === null) return undefined;
  let json: unknown;
  try {
    json = JSON.stringify(value);
  } catch {
    return undefined;
  }
  return typeof json === 'string' && json !== '' ? utf8Encode(json) : undefined;
}

/** Realm-independent: an ArrayBuffer from an iframe or a worker is still one. */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}
