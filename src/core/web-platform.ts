/**
 * The web-platform globals isomorphic code uses, which both runtimes have (browsers and
 * Node 20), typed here so that isomorphic code compiles without DOM's declarations and
 * without Node's (tsconfig.isomorphic.json). Looked up at each call, so a test tool
 * that replaces a global is seen (but for the UTF-8 codecs, made once).
 */

/** What isomorphic code reads of a WHATWG URL. */
export interface ParsedUrl {
  readonly href: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly username: string;
  readonly password: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

interface WebPlatformGlobals {
  URL: new (input: string, base?: string) => ParsedUrl;
  queueMicrotask(task: () => void): void;
  TextEncoder: new () => { encode(input: string): Uint8Array };
  TextDecoder: new (label: string, options: { ignoreBOM: boolean }) => { decode(input: Uint8Array): string };
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  performance: { now(): number };
}

const platform = globalThis as unknown as WebPlatformGlobals;

/** `new URL(input, base)`: throws a TypeError for what the WHATWG parser refuses. */
export function parseUrl(input: string, base?: string): ParsedUrl {
  return new platform.URL(input, base);
}

export function queueMicrotask(task: () => void): void {
  platform.queueMicrotask(task);
}

let encoder: InstanceType<WebPlatformGlobals['TextEncoder']> | undefined;
let decoder: InstanceType<WebPlatformGlobals['TextDecoder']> | undefined;

/** The UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD). */
export function utf8Encode(text: string): Uint8Array {
  encoder ??= new platform.TextEncoder();
  return encoder.encode(text);
}

/** UTF-8 bytes as text: invalid sequences become U+FFFD, a leading BOM is kept as U+FEFF. */
export function utf8Decode(bytes: Uint8Array): string {
  decoder ??= new platform.TextDecoder('utf-8', { ignoreBOM: true });
  return decoder.decode(bytes);
}

/**
 * Calls `task` once after `ms` milliseconds; the returned function cancels it. In Node
 * the timer alone does not keep the process alive (what it guards, a socket, does).
 */
export function startTimer(ms: number, task: () => void): () => void {
  const handle = platform.setTimeout(task, ms);
  (handle as { unref?: () => void }).unref?.();
  return () => platform.clearTimeout(handle);
}

/** Milliseconds on a monotonic clock, with fractions (for durations only). */
export function monotonicNow(): number {
  return platform.performance.now();
}
