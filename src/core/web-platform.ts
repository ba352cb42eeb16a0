/**
 * The web-platform globals isomorphic code uses, which both runtimes have (browsers and
 * Node 20), typed here so that isomorphic code compiles without DOM's declarations and
 * without Node's (tsconfig.isomorphic.json). Looked up at each call, so a test tool
 * that replaces a global is seen.
 */

/** What isomorphic code reads of a WHATWG URL. */
export interface ParsedUrl {
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
}

const platform = globalThis as unknown as WebPlatformGlobals;

/** `new URL(input, base)`: throws a TypeError for what the WHATWG parser refuses. */
export function parseUrl(input: string, base?: string): ParsedUrl {
  return new platform.URL(input, base);
}

export function queueMicrotask(task: () => void): void {
  platform.queueMicrotask(task);
}
