import type { WriteCoalescer } from '../write-coalescer.js';

/** Above this many bytes waiting on the destination, the source stops reading. */
export const HIGH_WATER_MARK = 1024 * 1024;
/** Below this, a paused source reads again (hysteresis, perf-reliability §1.6). */
export const LOW_WATER_MARK = 512 * 1024;

/** What a pipe reads from: a ws socket, or an UpstreamSession (ws' pause()/resume()). */
export interface FrameSource {
  pause(): void;
  resume(): void;
}

/** Where messages go: through ws' send(), with its bufferedAmount for backpressure. */
export interface MessageSink {
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean; compress: boolean }, cb: (error?: Error) => void): void;
}

/** What a pipe writes to: messages through ws' send(), whole frames as they came, and bufferedAmount. */
export interface FrameSink extends MessageSink {
  /** Writes whole frames that came framed already (see frame-tap.ts), after what send() wrote. */
  sendFrames(parts: Buffer[], cb: (error?: Error | null) => void): void;
}

/**
 * Forwards data from one WebSocket to another as it is (no envelope, no copy: whole
 * frames go as they came, and a message ws assembled is framed without copying it;
 * text stays text and binary stays binary),
 * with backpressure: when the destination's bufferedAmount passes HIGH_WATER_MARK the
 * source is paused, which stops reading its TCP socket, so the sender on that side is
 * slowed down by TCP itself; send callbacks (data handed to the kernel) resume it
 * below LOW_WATER_MARK. No polling. Given the destination socket's WriteCoalescer,
 * the small frames of one read from the source leave in one write.
 */
export class FramePipe {
  readonly #from: FrameSource;
  readonly #to: FrameSink;
  readonly #writes: WriteCoalescer | undefined;
  #paused = false;
  #inFlight = 0;
  #whenFlushed: Array<() => void> = [];
  readonly #onSent = (): void => {
    this.#inFlight -= 1;
    if (this.#paused && this.#to.bufferedAmount < LOW_WATER_MARK) {
      this.#paused = false;
      this.#from.resume();
    }
    if (this.#inFlight === 0) this.#flushed();
  };

  constructor(from: FrameSource, to: FrameSink, writes?: WriteCoalescer) {
    this.#from = from;
    this.#to = to;
    this.#writes = writes;
  }

  /** True while the source is held back. */
  get paused(): boolean {
    return this.#paused;
  }

  forward(data: Buffer, isBinary: boolean): void {
    this.#inFlight += 1;
    this.#writes?.beforeWrite(data.length);
    this.#to.send(data, { binary: isBinary, compress: false }, this.#onSent);
    this.#holdBackIfFull();
  }

  /** Forwards whole frames as they came (see frame-tap.ts). */
  forwardFrames(parts: Buffer[]): void {
    let bytes = 0;
    for (const part of parts) bytes += part.length;
    this.#inFlight += 1;
    this.#writes?.beforeWrite(bytes);
    this.#to.sendFrames(parts, this.#onSent);
    this.#holdBackIfFull();
  }

  #holdBackIfFull(): void {
    if (!this.#paused && this.#to.bufferedAmount > HIGH_WATER_MARK) {
      this.#paused = true;
      this.#from.pause();
    }
  }

  /** Runs `action` once every forwarded frame has been handed to the destination's socket (or failed). */
  afterFlush(action: () => void): void {
    if (this.#inFlight === 0) action();
    else this.#whenFlushed.push(action);
  }

  #flushed(): void {
    const actions = this.#whenFlushed;
    this.#whenFlushed = [];
    for (const action of actions) action();
  }
}
