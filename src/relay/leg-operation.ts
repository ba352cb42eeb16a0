import type { OutboundGuard } from '../net/outbound-policy.js';
import type { FrameSink, MessageSink } from '../net/ws-frames/frame-pipe.js';
import type { WriteCoalescer } from '../net/write-coalescer.js';
import type { RelayLogger } from './relay-logger.js';
import type { ResolvedRelayOptions } from './relay-options.js';

/**
 * One operation a leg can carry (relay-protocol.ts): the `op` of the page's first
 * message selects it. The relay's leg (relay-leg.ts) reads that message, with its limit
 * and timeout, and hands the leg over; everything after is the operation's. A namespace
 * registers its operations with the relay through its room (relay-room.ts); the relay
 * knows of an operation only what it declares here.
 *
 * An operation that takes the page's frames as the page framed them, or writes whole
 * frames to the page, says so (`passesFrames: true`): only then does it get the leg's
 * frame passing (FrameLegControl) and owe onFrames (FrameLegHandler).
 */
export type LegOperation<Request = unknown> = MessageLegOperation<Request> | FrameLegOperation<Request>;

interface LegOperationBase<Request> {
  readonly op: string;
  /**
   * The largest message the page may send on this operation's legs after its request, in
   * bytes (passed as frames or assembled by ws alike): a bigger one ends the leg with
   * message too big (1009), as ws ends any leg past its limit.
   */
  readonly pageMessageLimit: number;
  /** The request's fields, checked; a string is the reason of the leg's 1008 (short, ASCII, ≤ 123 bytes). */
  parse(message: Readonly<Record<string, unknown>>): Request | string;
}

/** An operation that exchanges whole messages with the page. */
export interface MessageLegOperation<Request = unknown> extends LegOperationBase<Request> {
  readonly passesFrames: false;
  start(leg: LegControl, request: Request): LegHandler;
}

/** An operation that opts into frame passing: the page's frames as framed, whole frames to the page. */
export interface FrameLegOperation<Request = unknown> extends LegOperationBase<Request> {
  readonly passesFrames: true;
  start(leg: FrameLegControl, request: Request): FrameLegHandler;
}

/** What an operation does with the leg once it has it. Every method may throw: the leg ends with 1011, never the relay. */
export interface LegHandler {
  /** A whole message from the page (ws assembled it). */
  onMessage(data: Buffer, isBinary: boolean): void;
  /** The page closed the leg (its code and reason), or dropped it (1006). Not called when the relay ended it. */
  onPageClose(code: number, reason: Buffer): void;
  /**
   * The page's close frame has just been read (its code and reason), before the leg's
   * socket has closed; onPageClose still follows. For an operation whose far end must hear
   * the page's close before anything the page sends afterwards on another leg (the page's
   * close event fires once the relay has answered the frame).
   */
  onPageCloseFrame?(code: number, reason: Buffer): void;
  /** Ends everything the handler opened, at once (relay shutdown, a fault, the leg gone). */
  abort(): void;
  /** Resolves once everything the handler opened is closed. */
  readonly closed: Promise<void>;
  /** For relay.connections. */
  describe(): LegDescription;
}

/** The handler of an operation that passes frames. */
export interface FrameLegHandler extends LegHandler {
  /** Whole frames from the page, as it framed them, once the handler asked for them (FrameLegControl.passFrames). */
  onFrames(parts: Buffer[]): void;
}

/** What relay.connections shows of a leg's operation. */
export interface LegDescription {
  /** scheme://host:port/path, without query or credentials; undefined before it is known. */
  readonly target: string | undefined;
  readonly phase: string;
  readonly upstreamBufferedAmount: number;
  readonly upstreamReadPaused: boolean;
  readonly legReadPaused: boolean;
}

/** The leg as an operation sees it. */
export interface LegControl {
  readonly id: number;
  readonly options: ResolvedRelayOptions;
  readonly guard: OutboundGuard;
  /** Where 'system' proxies come from: read at each use, so it can change at run time. */
  readonly env: NodeJS.ProcessEnv;
  /** When the page's upgrade came (performance.now()): handshakeTimeoutMs counts from here. */
  readonly openingSince: number;
  /** The page's side for data: messages through ws, with its bufferedAmount for backpressure. */
  readonly pageSink: MessageSink;
  /** The leg's socket: what goes to the page in one tick leaves in one write. */
  readonly pageWrites: WriteCoalescer;
  log(level: keyof RelayLogger, message: string): void;
  /** A control message to the page (JSON text), while the leg is open. */
  reply(message: object): void;
  /**
   * The relay ends the leg with a close frame (`code` undefined: one without a status,
   * which the page reads as 1005); the page's answer is not the operation's business.
   */
  end(code: number | undefined, reason: string): void;
  /** The relay drops the leg without a close frame (the page sees 1006), once `pipe` (if any) has handed on what it holds. */
  drop(pipe?: { afterFlush(callback: () => void): void }): void;
  /** A bug: the leg ends with 1011 and the operation is aborted; the relay goes on. */
  fault(error: unknown): void;
  /** Stops or resumes reading the page (backpressure): the leg is a FrameSource. */
  pause(): void;
  resume(): void;
}

/** The leg as an operation that passes frames sees it. */
export interface FrameLegControl extends LegControl {
  /** The page's side as a FrameSink: messages through ws, whole frames straight to the socket. */
  readonly pageSink: FrameSink;
  /** From the next message on, the page's frames come to onFrames as they are, not assembled. */
  passFrames(): void;
}
