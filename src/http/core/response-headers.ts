import type { HttpHeaderBlock } from './http-wire.js';
import { netstackSplit } from './netstack-split.js';

/** A header object as the app sees it: lower-case names, `set-cookie` an array. */
export type HeaderObject = Record<string, string | string[]>;

const SET_COOKIE = 'set-cookie';

/**
 * The response headers of one transfer, kept as the device keeps them (HTTP §5, netstack
 * `HttpResponse::ParseHeaders`): one map for all header blocks (every redirect hop, a
 * 100-continue, the final answer), names lower-cased, names and values stripped of
 * spaces, the last value of a name winning (an empty one too, which then hides the
 * name), and `set-cookie` lines in a list of their own.
 *
 * The device re-reads its whole raw header text each time a block completes, without
 * clearing anything: the map comes out the same as reading each line once, but the
 * set-cookie list gets every earlier block's cookies again (HTTP §5 redirects).
 */
export class ResponseHeaders {
  readonly #blocks: HttpHeaderBlock[] = [];
  readonly #fields = new Map<string, string>();
  readonly #setCookies: string[] = [];

  /** The headers of a cached response: its stored blocks read once (HTTP §8). */
  static readOnce(blocks: readonly HttpHeaderBlock[]): ResponseHeaders {
    const headers = new ResponseHeaders();
    for (const block of blocks) {
      headers.#blocks.push(block);
      headers.#read(block, true);
    }
    return headers;
  }

  /** A block completed (HTTP §6: each one is a headerReceive/headersReceive event). */
  add(block: HttpHeaderBlock): void {
    this.#blocks.push(block);
    this.#read(block, false);
    for (const earlier of this.#blocks) this.#readSetCookies(earlier);
  }

  get blocks(): readonly HttpHeaderBlock[] {
    return this.#blocks;
  }

  /** A header's value in the map (lower-case name), "" when absent. */
  get(name: string): string {
    return this.#fields.get(name) ?? '';
  }

  /** HTTP §8: a header the cache adds to what it serves (a `warning`). */
  set(name: string, value: string): void {
    this.#fields.set(name, value);
  }

  /**
   * HttpResponse.header (HTTP §5): names in lexicographic order without empty values,
   * then `set-cookie` as an array (with every entry, empty ones too) when there is one.
   */
  responseObject(): HeaderObject {
    const header = this.#plainFields(sortedNames(this.#fields.keys()));
    if (this.#setCookies.length > 0) header[SET_COOKIE] = [...this.#setCookies];
    return header;
  }

  /**
   * The object a header event carries (HTTP §6): the map with the set-cookie list joined
   * by CRLF under its name, in lexicographic order, then split again, so that
   * `set-cookie` sits in its alphabetical place and a trailing empty cookie is lost.
   */
  eventObject(): HeaderObject {
    const joined = this.#setCookies.join('\r\n');
    const names = sortedNames([...this.#fields.keys(), ...(joined !== '' ? [SET_COOKIE] : [])]);
    const header: HeaderObject = {};
    for (const name of names) {
      if (name === SET_COOKIE && joined !== '') header[name] = netstackSplit(joined, '\r\n');
      else Object.assign(header, this.#plainFields([name]));
    }
    return header;
  }

  #plainFields(names: readonly string[]): HeaderObject {
    const header: HeaderObject = {};
    for (const name of names) {
      const value = this.#fields.get(name);
      if (name !== '' && value !== undefined && value !== '') header[name] = value;
    }
    return header;
  }

  #read(block: HttpHeaderBlock, withCookies: boolean): void {
    for (const [rawName, rawValue] of block.lines) {
      const name = stripSpaces(rawName).toLowerCase();
      if (name === SET_COOKIE) {
        if (withCookies) this.#setCookies.push(stripSpaces(rawValue));
      } else this.#fields.set(name, stripSpaces(rawValue));
    }
  }

  #readSetCookies(block: HttpHeaderBlock): void {
    for (const [rawName, rawValue] of block.lines) {
      if (stripSpaces(rawName).toLowerCase() === SET_COOKIE) this.#setCookies.push(stripSpaces(rawValue));
    }
  }
}

/** netstack `CommonUtils::Strip`: spaces only (a tab stays). */
function stripSpaces(text: string): string {
  return text.replace(/^ +| +$/g, '');
}

/** A `std::map`'s order: by code unit (for the ASCII of header names, by byte). */
function sortedNames(names: Iterable<string>): string[] {
  return [...names].sort();
}
