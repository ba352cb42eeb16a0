import type { NodeStyleCallback } from '../../core/async-callback.js';
import { hasParameterError, type ConnectOptionsInput } from './option-checks.js';
import { utf8ByteLength } from '../../core/utf8-byte-length.js';
import { NORMAL_CLOSURE } from '../../protocol/close-codes.js';
import { DEFAULT_CLOSE_REASON } from './close-reasons.js';
import { MAX_SEND_BYTES } from './device-limits.js';

/**
 * All of the device's overload juggling in one place (WS §2.2, §4).
 *
 * A method takes its callback from its last argument when that is a function and
 * then returns undefined; otherwise it returns a Promise. Bad arguments never throw:
 * the parse result says `ok: false` and the method reports 401 through the callback
 * or the rejection. An argument passed explicitly as `undefined` counts as passed.
 */
type Parsed<T> = ({ ok: true } & T) | { ok: false };
type WithCallback<T> = Parsed<T> & { callback: NodeStyleCallback<boolean> | undefined };

function splitCallback(args: unknown[], minArgs: number): [unknown[], NodeStyleCallback<boolean> | undefined] {
  const last = args[args.length - 1];
  if (args.length > minArgs && typeof last === 'function') return [args.slice(0, -1), last as NodeStyleCallback<boolean>];
  return [args, undefined];
}

/** connect(url, callback) | connect(url, options, callback) | connect(url, options?): the options as the app passed them, checked. */
export function parseConnectArgs(args: unknown[]): WithCallback<{ url: string; options: ConnectOptionsInput }> {
  const [rest, callback] = splitCallback(args, 1);
  const [url, options] = rest;
  if (typeof url !== 'string' || rest.length > 2) return { ok: false, callback };
  if (rest.length === 1) return { ok: true, url, options: {}, callback };
  if (typeof options !== 'object' || options === null || hasParameterError(options as ConnectOptionsInput)) return { ok: false, callback };
  return { ok: true, url, options: options as ConnectOptionsInput, callback };
}

/** send(data, callback) | send(data) */
export function parseSendArgs(args: unknown[]): WithCallback<{ data: string | ArrayBuffer }> {
  const [rest, callback] = splitCallback(args, 1);
  const [data] = rest;
  if (rest.length !== 1) return { ok: false, callback };
  // WS §4: a string or a real ArrayBuffer (no views, no Blob) of at most MAX_SEND_BYTES.
  if (typeof data === 'string') {
    // Each UTF-16 unit is 1 to 3 UTF-8 bytes: measure only when the bounds disagree.
    const fits = data.length * 3 <= MAX_SEND_BYTES || (data.length <= MAX_SEND_BYTES && utf8ByteLength(data) <= MAX_SEND_BYTES);
    return fits ? { ok: true, data, callback } : { ok: false, callback };
  }
  if (isArrayBuffer(data) && data.byteLength <= MAX_SEND_BYTES) return { ok: true, data, callback };
  return { ok: false, callback };
}

/** close(callback) | close(options, callback) | close(options?) */
export function parseCloseArgs(args: unknown[]): WithCallback<{ options: { code: number; reason: string } }> {
  const [rest, callback] = splitCallback(args, 0);
  if (rest.length === 0) return { ok: true, options: { code: NORMAL_CLOSURE, reason: DEFAULT_CLOSE_REASON }, callback };
  const [options] = rest;
  if (rest.length > 1 || typeof options !== 'object' || options === null) return { ok: false, callback };
  const { code, reason } = options as Record<string, unknown>;
  return {
    ok: true,
    options: { code: normaliseCloseCode(code), reason: typeof reason === 'string' && reason !== '' ? reason : DEFAULT_CLOSE_REASON },
    callback,
  };
}

/** WS §4: a number converted as uint32 (negatives wrap, fractions truncate) and kept only in 1000–1015; otherwise, and without one, normal closure. */
export function normaliseCloseCode(code: unknown): number {
  if (typeof code !== 'number') return NORMAL_CLOSURE;
  const uint32 = code >>> 0;
  return uint32 >= 1000 && uint32 <= 1015 ? uint32 : NORMAL_CLOSURE;
}

/** Realm-independent: an ArrayBuffer from an iframe or a worker is still one. */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}
