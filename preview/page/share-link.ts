/**
 * A link that carries the code itself, so that it opens on any machine that runs the
 * preview, offline: `?example=<file>#code=<data>`, where the data is the example's file,
 * the code and the addresses it was written against (saved-code.ts) as JSON, compressed
 * (CompressionStream 'deflate-raw') and written in base64url. It is in the fragment,
 * which the browser never sends to the server.
 */
import { isPortableCode, type PortableCode } from './saved-code.js';

export interface SharedCode extends PortableCode {
  /** The example file the code was edited from. */
  example: string;
}

/** The fragment's key. */
export const SHARE_KEY = 'code';
/** A link's code may grow to this much once inflated: a larger one is refused, not read on. */
const MAX_INFLATED = 1 << 20;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it is not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new Error(`its code is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

/** The fragment's data for `shared`. */
export async function encodeShared(shared: SharedCode): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(shared));
  const compressed = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(await readAll(compressed, Number.POSITIVE_INFINITY));
}

/** What a link's fragment data holds; throws, saying why, when it is not a shared code. */
export async function decodeShared(data: string): Promise<SharedCode> {
  const compressed = fromBase64Url(data);
  const inflated = new Blob([compressed]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const value: unknown = JSON.parse(new TextDecoder().decode(await readAll(inflated, MAX_INFLATED)));
  if (!isPortableCode(value) || typeof (value as SharedCode).example !== 'string') throw new Error('it holds no code of the preview');
  return value as SharedCode;
}

/** The link to `shared` on the page at `base` (its origin and path). */
export async function shareLink(base: string, shared: SharedCode): Promise<string> {
  const url = new URL(base);
  url.search = new URLSearchParams({ example: shared.example }).toString();
  url.hash = `${SHARE_KEY}=${await encodeShared(shared)}`;
  return url.href;
}

/** The shared code's data in a page's fragment (`#code=…`), if it has one. */
export function sharedDataIn(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get(SHARE_KEY) ?? undefined;
}
