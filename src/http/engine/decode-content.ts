import { Transform, type TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw, type Inflate, type InflateRaw } from 'node:zlib';
import { CurlCode } from '../core/http-wire.js';

/** curl's MAX_ENCODE_STACK: more stacked content encodings than this are refused (curl 61). */
const MAX_ENCODINGS = 5;

export interface DecoderEvents {
  data(chunk: Buffer): void;
  /** The body cannot be decoded (curl 61). */
  failed(why: string): void;
  /** Everything written has come out. */
  ended(): void;
  /** The decoder can take more (after write() said false). */
  drained(): void;
}

export interface ContentDecoder {
  /** Returns false when the decoder holds enough: the caller stops reading until drained(). */
  write(chunk: Buffer): boolean;
  end(): void;
  /** Stops handing out data (what is held stays bounded: zlib stops taking input). */
  pause(): void;
  resume(): void;
  destroy(): void;
}

/**
 * curl's transparent decoding (HTTP §4: ACCEPT_ENCODING "" decodes every encoding it
 * lists; content_encoding.c): the Content-Encoding list is undone from the last coding
 * to the first; `identity` (and `none`) are no coding; gzip (`x-gzip`), deflate and br
 * are decoded, deflate with or without its zlib header (curl retries raw deflate, as
 * some servers send it); an unknown coding fails the first body byte, and more than
 * five codings fail at once, both curl 61.
 */
export function createContentDecoder(
  contentEncoding: string,
  events: DecoderEvents,
): ContentDecoder | { readonly code: number; readonly why: string } {
  const names = contentEncoding
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'identity' && name !== 'none');
  if (names.length > MAX_ENCODINGS) return { code: CurlCode.BAD_CONTENT_ENCODING, why: `more than ${MAX_ENCODINGS} content encodings` };
  const unknown = names.find((name) => !['gzip', 'x-gzip', 'deflate', 'br'].includes(name));
  if (unknown !== undefined) return new RefusingDecoder(unknown, events);
  if (names.length === 0) return new PassThroughDecoder(events);
  return new StreamDecoder(names.reverse(), events);
}

/** No coding: the bytes are the body. */
class PassThroughDecoder implements ContentDecoder {
  readonly #events: DecoderEvents;

  constructor(events: DecoderEvents) {
    this.#events = events;
  }

  write(chunk: Buffer): boolean {
    if (chunk.length > 0) this.#events.data(chunk);
    return true;
  }

  end(): void {
    this.#events.ended();
  }

  pause(): void {}
  resume(): void {}
  destroy(): void {}
}

/** curl's deferred error writer: an empty body passes, the first byte of one fails. */
class RefusingDecoder implements ContentDecoder {
  readonly #name: string;
  readonly #events: DecoderEvents;
  #failed = false;

  constructor(name: string, events: DecoderEvents) {
    this.#name = name;
    this.#events = events;
  }

  write(chunk: Buffer): boolean {
    if (chunk.length > 0 && !this.#failed) {
      this.#failed = true;
      this.#events.failed(`unrecognized content encoding ${this.#name}`);
    }
    return true;
  }

  end(): void {
    if (!this.#failed) this.#events.ended();
  }

  pause(): void {}
  resume(): void {}
  destroy(): void {}
}

class StreamDecoder implements ContentDecoder {
  readonly #first: Transform;
  readonly #last: Transform;
  readonly #stages: Transform[];
  readonly #events: DecoderEvents;
  #ending = false;
  #done = false;

  constructor(names: readonly string[], events: DecoderEvents) {
    this.#events = events;
    this.#stages = names.map((name) => (name === 'br' ? createBrotliDecompress() : name === 'deflate' ? new InflateAuto() : createGunzip()));
    for (let index = 0; index + 1 < this.#stages.length; index += 1) this.#stages[index]?.pipe(this.#stages[index + 1] as Transform);
    this.#first = this.#stages[0] as Transform;
    this.#last = this.#stages[this.#stages.length - 1] as Transform;
    for (const stage of this.#stages) stage.on('error', (error: Error) => this.#fail(error));
    this.#first.on('drain', () => {
      if (!this.#done) events.drained();
    });
    this.#last.on('data', (chunk: Buffer) => {
      if (!this.#done) events.data(chunk);
    });
    this.#last.once('end', () => {
      if (this.#done) return;
      this.#done = true;
      events.ended();
    });
  }

  write(chunk: Buffer): boolean {
    if (this.#done) return true;
    return this.#first.write(chunk);
  }

  end(): void {
    this.#ending = true;
    this.#first.end();
  }

  pause(): void {
    this.#last.pause();
  }

  resume(): void {
    this.#last.resume();
  }

  destroy(): void {
    this.#done = true;
    for (const stage of this.#stages) stage.destroy();
  }

  #fail(error: NodeJS.ErrnoException): void {
    if (this.#done) return;
    // curl does not complain about a compressed stream cut short at the end of the body.
    if (this.#ending && error.code === 'Z_BUF_ERROR') {
      this.#done = true;
      this.#events.ended();
      return;
    }
    this.destroy();
    this.#events.failed(`the body does not decode: ${error.message}`);
  }
}

/** deflate as curl reads it: zlib-wrapped (RFC 1950) when the first two bytes say so, raw (RFC 1951) otherwise. */
class InflateAuto extends Transform {
  #inner: Inflate | InflateRaw | undefined;
  #head = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner === undefined) {
      this.#head = Buffer.concat([this.#head, chunk]);
      if (this.#head.length < 2) {
        callback();
        return;
      }
      chunk = this.#head;
      this.#head = Buffer.alloc(0);
      this.#start(chunk);
    }
    (this.#inner as Inflate | InflateRaw).write(chunk, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (this.#inner === undefined) {
      if (this.#head.length === 0) {
        callback();
        return;
      }
      this.#start(this.#head);
      (this.#inner as Inflate | InflateRaw | undefined)?.write(this.#head);
    }
    const inner = this.#inner as Inflate | InflateRaw;
    inner.once('end', () => callback());
    inner.end();
  }

  override _read(size: number): void {
    this.#inner?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(error);
  }

  #start(head: Buffer): void {
    const first = head[0] ?? 0;
    const zlibHeader = (first & 0x0f) === 8 && ((first << 8) | (head[1] ?? 0)) % 31 === 0;
    const inner = zlibHeader ? createInflate() : createInflateRaw();
    inner.on('data', (data: Buffer) => {
      if (!this.push(data)) inner.pause();
    });
    inner.on('error', (error: Error) => this.destroy(error));
    this.#inner = inner;
  }
}
