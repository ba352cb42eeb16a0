import type WebSocket from 'ws';
import type { OutboundGuard } from '../net/outbound-policy.js';
import type { WriteCoalescer } from '../net/write-coalescer.js';
import type { FrameSink } from '../web-socket/engine/frame-pipe.js';
import type { HostedServers } from './hosted-servers.js';
import type { RelayLogger } from './relay-logger.js';
import type { ResolvedRelayOptions } from './relay-options.js';

/**
 * One operation a leg can carry (relay-protocol.ts): the `op` of the page's first
 * message selects it. The generic leg (relay-leg.ts) reads that message, with its
 * limit and timeout, and hands the leg over; everything after is the operation's.
 */
export interface LegOperation<Request = unknown> {
  readonly op: string;
  /** The first message's fields, checked; a string is the reason of the leg's 1008 (≤ 123 bytes). */
  parse(message: Readonly<Record<string, unknown>>): Request | string;
  start(leg: LegControl, request: Request): LegHandler;
}

/** What an operation does with the leg once it has it. Every method may throw: the leg ends with 1011, never the relay. */
export interface LegHandler {
  /** A whole message from the page (ws assembled it; frames the tap passes come to onFrames). */
  onMessage(data: Buffer, isBinary: boolean): void;
  /** Whole frames from the page, as it framed them, once the handler asked for them (LegControl.passFrames). */
  onFrames(parts: Buffer[]): void;
  /** The page closed the leg (its code and reason), or dropped it (1006). Not called when the relay ended it. */
  onPageClose(code: number, reason: Buffer): void;
  /** Ends everything the handler opened, at once (relay shutdown, a fault, the leg gone). */
  abort(): void;
  /** Resolves once everything the handler opened is closed. */
  readonly closed: Promise<void>;
  /** For relay.connections. */
  describe(): LegDescription;
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
  /** The app's servers the relay listens for (listen and accept legs). */
  readonly hostedServers: HostedServers;
  /** When the page's upgrade came (performance.now()): handshakeTimeoutMs counts from here. */
  readonly openingSince: number;
  /** The page's side, for ws' own frames (replies, close frames). */
  readonly ws: WebSocket;
  /** The page's side as a FrameSink: messages through ws, whole frames straight to the socket. */
  readonly pageSink: FrameSink;
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
  /** From the next message on, the page's frames come to onFrames as they are, not assembled. */
  passFrames(): void;
  /** Stops or resumes reading the page (backpressure). */
  pause(): void;
  resume(): void;
}
