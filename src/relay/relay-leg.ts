import WebSocket from 'ws';
import { INTERNAL_ERROR, MESSAGE_TOO_BIG, POLICY_VIOLATION } from '../protocol/close-codes.js';
import { quotedOp } from '../protocol/read-message.js';
import { MAX_REQUEST_BYTES } from '../protocol/relay-protocol.js';
import type { OutboundGuard } from '../net/outbound-policy.js';
import type { FrameSink, MessageSink } from '../net/ws-frames/frame-pipe.js';
import { tapFrames, type FrameTap } from '../net/ws-frames/frame-tap.js';
import { writeAll, type WritableSocket } from '../net/write-all.js';
import { WriteCoalescer } from '../net/write-coalescer.js';
import type { FrameLegControl, LegControl, LegHandler, LegOperation } from './leg-operation.js';
import { parseLegRequest } from './parse-leg-request.js';
import type { ResolvedRelayOptions } from './relay-options.js';

/** What one leg needs from its relay. */
export interface LegContext {
  readonly id: number;
  readonly options: ResolvedRelayOptions;
  readonly guard: OutboundGuard;
  /** Where 'system' proxies come from: read at each connect, so it can change at run time. */
  readonly env: NodeJS.ProcessEnv;
  /** The operations a leg may carry, by op. */
  readonly operations: ReadonlyMap<string, LegOperation>;
  /** The relay's limit for a message of the page on any leg (legMaxPayload): ws' own, until an operation sets its own. */
  readonly maxPayload: number;
}

/** A snapshot of one connection, for relay.connections (diagnostics and tests). */
export interface RelayConnectionInfo {
  readonly id: number;
  /** The leg's operation ('connect'…); undefined before the page's request. */
  readonly op: string | undefined;
  /** scheme://host:port/path of the upstream, without query or credentials; undefined before the request. */
  readonly target: string | undefined;
  readonly phase: LegPhase;
  /** Bytes waiting to go to the page. */
  readonly legBufferedAmount: number;
  /** Bytes waiting to go upstream. */
  readonly upstreamBufferedAmount: number;
  /** The relay stopped reading upstream because the page is not keeping up. */
  readonly upstreamReadPaused: boolean;
  /** The relay stopped reading the page because upstream is not keeping up (or not open yet). */
  readonly legReadPaused: boolean;
}

/** The socket a leg was upgraded on: ws writes the leg's own frames to it, and the relay the upstream's frames as they came. */
export type LegSocket = WritableSocket & { end(): void };

/**
 * The largest message the page may send on a leg of a relay that carries `operations`:
 * the request's limit or the largest of their own, whichever is larger. ws reads every
 * leg with it, and each leg, once its request has named the operation, with the
 * operation's own (RelayLeg).
 */
export function legMaxPayload(operations: Iterable<LegOperation>): number {
  let bytes = MAX_REQUEST_BYTES;
  for (const operation of operations) bytes = Math.max(bytes, operation.pageMessageLimit);
  return bytes;
}

/** 'awaiting-request' until the page's request; then the operation's own phases; 'ended' once over for the page. */
export type LegPhase = string;

/**
 * One relay leg (relay-protocol.ts), whatever it carries: reads the page's request
 * (a text frame of at most MAX_REQUEST_BYTES, refused at its first header when bigger,
 * within handshakeTimeoutMs of the upgrade), hands the leg to the operation its `op`
 * names, with the operation's limit for the page's messages and, when the operation
 * passes frames, the leg's frames; and keeps the leg's own rules: a page that breaks the
 * protocol gets 1008, a fault of the relay 1011 for this leg only, and the relay's
 * shutdown ends the leg and everything the operation opened at once.
 */
export class RelayLeg {
  readonly #leg: WebSocket;
  readonly #socket: LegSocket;
  readonly #pageWrites: WriteCoalescer;
  readonly #pageFrames: FrameTap | undefined;
  readonly #context: LegContext;
  readonly #ended: Promise<void>;
  readonly #openingSince = performance.now();
  #op: string | undefined;
  #handler: LegHandler | undefined;
  /** Where the page's frames go once the operation passes frames (FrameLegHandler.onFrames). */
  #onFrames: ((parts: Buffer[]) => void) | undefined;
  #requestTimer: NodeJS.Timeout | undefined;
  /** The page's request has not come yet. */
  #awaiting = true;
  /** The relay, not the page, started closing the leg: its close code is not the page's. */
  #relayEndsLeg = false;
  /** A message over this ends the leg, where ws cannot be told the operation's limit (no tap). */
  #messageLimit = Number.POSITIVE_INFINITY;

  /** `socket` is the one the leg was upgraded on (ws keeps it to itself). */
  constructor(leg: WebSocket, socket: LegSocket, context: LegContext) {
    this.#leg = leg;
    this.#socket = socket;
    this.#pageWrites = new WriteCoalescer(socket);
    this.#context = context;
    // Not events.once: it rejects on an 'error' event, and ws emits one before some closes.
    this.#ended = new Promise<void>((resolve) => leg.once('close', () => resolve())).then(() => this.#handler?.closed);
    leg.on('error', (error) => this.#log('warn', `page leg error: ${error.message}`));
    leg.on('message', (data, isBinary) => this.#guard(() => this.#onMessage(data as Buffer, isBinary)));
    leg.on('close', (code, reason) => this.#guard(() => this.#onClose(code, reason)));
    // The page's close frame, as soon as it is read, for an operation that asks for it
    // (LegHandler.onPageCloseFrame): ws reports 'close' only once the socket has closed.
    const receiver = (leg as unknown as { _receiver?: { once?: (event: 'conclude', listener: (code: number, reason: Buffer) => void) => void } })
      ._receiver;
    receiver?.once?.('conclude', (code, reason) =>
      this.#guard(() => {
        if (!this.#relayEndsLeg) this.#handler?.onPageCloseFrame?.(code, reason);
      }),
    );
    // The page's frames go to ws (which keeps the relay's limit, then the operation's)
    // until the operation asks for them as they are; the request has its own limit, kept
    // at its first header.
    this.#pageFrames = tapFrames(
      leg,
      {
        maxMessageBytes: context.maxPayload,
        from: 'client',
        pass: 'all',
        passing: false,
        firstMessageLimit: { bytes: MAX_REQUEST_BYTES, exceeded: () => this.#guard(() => this.#onOversizedRequest()) },
      },
      (parts) => this.#guard(() => this.#onFrames?.(parts)),
      (error) => this.#onFault(error),
    );
    this.#requestTimer = setTimeout(() => {
      this.#log('warn', `no request within ${context.options.handshakeTimeoutMs} ms; closing the leg with 1008`);
      this.#end(POLICY_VIOLATION, 'no request in time');
    }, context.options.handshakeTimeoutMs);
    this.#requestTimer.unref();
  }

  /** Resolves when the leg and everything its operation opened are closed. */
  get ended(): Promise<void> {
    return this.#ended;
  }

  get info(): RelayConnectionInfo {
    const described = this.#handler?.describe();
    return {
      id: this.#context.id,
      op: this.#op,
      target: described?.target,
      phase: this.#awaiting ? 'awaiting-request' : (described?.phase ?? 'ended'),
      legBufferedAmount: this.#leg.bufferedAmount,
      upstreamBufferedAmount: described?.upstreamBufferedAmount ?? 0,
      upstreamReadPaused: described?.upstreamReadPaused ?? false,
      legReadPaused: described?.legReadPaused ?? false,
    };
  }

  /** Ends the leg and its operation at once, without close frames (relay shutdown). */
  destroy(): Promise<void> {
    this.#stopWaiting();
    this.#relayEndsLeg = true;
    this.#handler?.abort();
    this.#pageWrites.flush();
    this.#leg.terminate();
    return this.#ended;
  }

  #log(level: 'info' | 'warn' | 'error', message: string): void {
    this.#context.options.logger[level](`leg #${this.#context.id}: ${message}`);
  }

  /** A bug in the relay must end this leg, not the process. */
  #guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.#onFault(error);
    }
  }

  #onFault(error: unknown): void {
    this.#log('error', `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    try {
      this.#handler?.abort();
    } finally {
      this.#end(INTERNAL_ERROR, 'relay internal error');
    }
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (!this.#awaiting) {
      if (data.length > this.#messageLimit) {
        this.#log('warn', `a message of ${data.length} bytes, over the operation's ${this.#messageLimit}; closing the leg with 1009`);
        this.#handler?.abort();
        this.#end(MESSAGE_TOO_BIG, 'message too big');
        return;
      }
      this.#handler?.onMessage(data, isBinary);
      return;
    }
    this.#stopWaiting();
    const parsed = parseLegRequest(data, isBinary);
    if (!parsed.ok) return this.#refuse(parsed.reason);
    const operation = this.#context.operations.get(parsed.op);
    if (operation === undefined) return this.#refuse(`unknown op ${quotedOp(parsed.op)}`);
    const request = operation.parse(parsed.message);
    if (typeof request === 'string') return this.#refuse(request);
    this.#op = parsed.op;
    if (operation.pageMessageLimit !== this.#context.maxPayload) this.#limitPageMessages(operation.pageMessageLimit);
    if (operation.passesFrames) {
      const handler = operation.start(this.#frameControl(), request);
      this.#handler = handler;
      this.#onFrames = (parts) => handler.onFrames(parts);
    } else {
      this.#handler = operation.start(this.#control(), request);
    }
  }

  /**
   * The operation's own limit for the page's messages (relay-protocol.ts, after the
   * request): ws and the tap take it together; without the tap (ws' internals not as
   * expected), the leg checks each message itself.
   */
  #limitPageMessages(bytes: number): void {
    if (this.#pageFrames !== undefined) this.#pageFrames.limitMessages(bytes);
    else this.#messageLimit = bytes;
  }

  /** relay-protocol.ts step 2: a request over the limit is refused at its first header. */
  #onOversizedRequest(): void {
    if (!this.#awaiting) return;
    this.#stopWaiting();
    this.#refuse(`request exceeds ${MAX_REQUEST_BYTES} bytes`);
    // The page is in the middle of a frame the relay will not read: ws cannot read its
    // answer to our close frame, so the socket ends once the frame is written.
    this.#socket.end();
  }

  #refuse(reason: string): void {
    this.#log('warn', `malformed request (${reason}); closing the leg with 1008`);
    this.#end(POLICY_VIOLATION, reason);
  }

  #onClose(code: number, reason: Buffer): void {
    this.#stopWaiting();
    if (this.#relayEndsLeg) return;
    this.#handler?.onPageClose(code, reason);
  }

  #end(code: number | undefined, reason: string): void {
    this.#stopWaiting();
    this.#relayEndsLeg = true;
    // A paused leg could not read the page's answer to our close frame.
    this.#leg.resume();
    // What is held for the page leaves now, ahead of the close frame.
    this.#pageWrites.flush();
    if (this.#leg.readyState !== WebSocket.OPEN && this.#leg.readyState !== WebSocket.CONNECTING) return;
    if (code === undefined) this.#leg.close();
    else this.#leg.close(code, reason);
  }

  #drop(pipe: { afterFlush(callback: () => void): void } | undefined): void {
    this.#stopWaiting();
    this.#relayEndsLeg = true;
    this.#pageWrites.flush();
    const leg = this.#leg;
    if (pipe === undefined) leg.terminate();
    else pipe.afterFlush(() => leg.terminate());
  }

  #stopWaiting(): void {
    this.#awaiting = false;
    clearTimeout(this.#requestTimer);
  }

  #control(): LegControl {
    const { id, options, guard, env } = this.#context;
    const leg = this.#leg;
    return {
      id,
      options,
      guard,
      env,
      openingSince: this.#openingSince,
      pageSink: messageSink(leg),
      pageWrites: this.#pageWrites,
      log: (level, message) => this.#log(level, message),
      reply: (message) => {
        if (leg.readyState === WebSocket.OPEN) leg.send(JSON.stringify(message));
      },
      end: (code, reason) => this.#end(code, reason),
      drop: (pipe) => this.#drop(pipe),
      fault: (error) => this.#onFault(error),
      pause: () => leg.pause(),
      resume: () => leg.resume(),
    };
  }

  /** The leg for an operation that passes frames: the page's frames as framed, whole frames to the page. */
  #frameControl(): FrameLegControl {
    return {
      ...this.#control(),
      pageSink: frameSink(this.#leg, this.#socket),
      passFrames: () => this.#pageFrames?.startPassing(),
    };
  }
}

/** The page's side of the leg for messages: ws frames them; bufferedAmount counts them until written. */
function messageSink(leg: WebSocket): MessageSink {
  return {
    get bufferedAmount() {
      return leg.bufferedAmount;
    },
    send: (data, options, cb) => leg.send(data, options, cb),
  };
}

/**
 * The page's side of the leg as a FrameSink. Frames from upstream go to the socket
 * as they are, after the frames ws wrote before them (ws writes a frame at once, as
 * nothing is compressed), and only while the leg is open: once ws has written a close
 * frame, no data frame may follow it. bufferedAmount counts both kinds of write.
 */
function frameSink(leg: WebSocket, socket: LegSocket): FrameSink {
  return Object.assign(messageSink(leg), {
    sendFrames: (parts: Buffer[], cb: (error?: Error | null) => void): void => {
      if (leg.readyState !== WebSocket.OPEN) {
        process.nextTick(cb, new Error('the page leg is closing'));
        return;
      }
      writeAll(socket, parts, cb);
    },
  });
}
