import type { SerialisedBuffer, SerialisedObject } from './page-helpers.js';

/**
 * The serialised form of an object whose JSON is exactly `json`: the same JSON text
 * (so key order counts) and no other own enumerable keys (such as one set to undefined).
 */
export function shape(json: string): SerialisedObject {
  return { json, keys: Object.keys(JSON.parse(json) as object) };
}

/** The serialised form of an ArrayBuffer holding exactly `bytes`. */
export function buffer(bytes: readonly number[]): SerialisedBuffer {
  return { ab: bytes.length, bytes: [...bytes] };
}
