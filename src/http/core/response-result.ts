import { utf8Decode } from '../../core/web-platform.js';

/** HttpDataType's values (HTTP §1.1). */
export const DataType = { STRING: 0, OBJECT: 1, ARRAY_BUFFER: 2 } as const;

/** HTTP §5: OBJECT parses a body of at most this many bytes; a longer one is typed by its content-type. */
export const MAX_JSON_BYTES = 65536;

/**
 * `result` and `resultType` of an HttpResponse, each only when the device sets it
 * (HTTP §5, netstack `BuildRequestCallback`, `ProcByExpectDataType`):
 * 1. with `expectDataType`: STRING → text; OBJECT → the parsed JSON (`result` undefined
 *    when it does not parse), unless the body is longer than 65536 bytes; ARRAY_BUFFER →
 *    the bytes in an ArrayBuffer of their own;
 * 2. otherwise (and for a long OBJECT body) by the content-type of the response's
 *    header map: containing `application/octet-stream` or `image` → an ArrayBuffer,
 *    anything else (JSON too) → text.
 * Text is UTF-8 up to the first NUL byte (the device makes it from a C string). An
 * empty body typed as ArrayBuffer has no `result` (netstack gets no data pointer for a
 * zero-length ArrayBuffer, HTTP §12), and with ARRAY_BUFFER expected no `resultType`
 * either.
 */
export function shapeResult(
  body: Uint8Array,
  contentType: string,
  expectDataType: 0 | 1 | 2 | undefined,
  /** Nothing else holds `body` (a transfer's, not a cache entry's): an ArrayBuffer result may be its own memory, not a copy. */
  handOver = false,
): { result?: unknown; resultType?: number } {
  if (expectDataType === DataType.STRING) return { result: textOf(body), resultType: DataType.STRING };
  if (expectDataType === DataType.OBJECT && body.length <= MAX_JSON_BYTES) return { result: parseJson(textOf(body)), resultType: DataType.OBJECT };
  const bufferOf = (bytes: Uint8Array) => (handOver && spansItsBuffer(bytes) ? bytes.buffer : copyOf(bytes).buffer);
  if (expectDataType === DataType.ARRAY_BUFFER) return body.length === 0 ? {} : { result: bufferOf(body), resultType: DataType.ARRAY_BUFFER };
  const type = contentType.toLowerCase();
  if (type.includes('application/octet-stream') || type.includes('image')) {
    return body.length === 0 ? { resultType: DataType.ARRAY_BUFFER } : { result: bufferOf(body), resultType: DataType.ARRAY_BUFFER };
  }
  return { result: textOf(body), resultType: DataType.STRING };
}

/** HTTP §5: UTF-8 up to the first NUL byte. */
export function textOf(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8Decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A plain ArrayBuffer the view covers whole: what the app may be handed as it is. */
function spansItsBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

/**
 * The bytes in an ArrayBuffer of their own, of exactly their length. Not `slice()`: a
 * Node Buffer's slice() is a view into a shared pool (the engine's chunks are Buffers);
 * not `new Uint8Array(bytes)` either, which V8 copies element by element (several times
 * slower than `set`, a memory copy: it was most of the page's time in a 10 MiB download).
 */
export function copyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}
