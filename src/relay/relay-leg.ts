import WebSocket from 'ws';
import { MAX_CONTROL_MESSAGE_BYTES } from '../protocol/relay-protocol.js';
import type { OutboundGuard } from '../net/outbound-policy.js';
import { writeAll, type WritableSocket } from '../net/write-all.js';
import { WriteCoalescer } from '../net/write-coalescer.js';
import type { FrameSink } from '../web-socket/engine/frame-pipe.js';
import { tapFrames, type FrameTap } from '../web-socket/engine/frame-tap.js';
import { MAX_SEND_BYTES } from '../web-socket/core/method-args.js';
import type { HostedServers } from './hosted-servers.js';
import type { LegControl, LegHandler, LegOperation } from './leg-operation.js';
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
  readonly hostedServers: HostedServers;
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
 * The largest frame the page may send: the device's send limit, 5 MiB − 16 =
 * 5,242,864 bytes (WS §4), plus room for a frame the page's own check let through at
 * exactly the limit. The request has its own, smaller limit.
 */
export const LEG_MAX_PAYLOAD = Math.max(MAX_SEND_BYTES, MAX_CONTROL_MESSAGE_BYTES) + 1024;

/** 'awaiting-request' until the page's request; then the operation's own phases; 'ended' once over for the page. */
export type LegPhase = string;

/** Close code for a page that breaks the relay protocol (RFC 6455 policy violation). */
const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;

/**
 * One relay leg (relay-protocol.ts), whatever it carries: reads the page's request
 * (a text frame of at most MAX_CONTROL_MESSAGE_BYTES, refused at its first header when
 * bigger, within handshakeTimeoutMs of the upgrade), hands the leg to the operation its
 * `op` names, and keeps the leg's own rules: a page that breaks the protocol gets 1008,
 * a fault of the relay 1011 for this leg only, and the relay's shutdown ends the leg
 * and everything the operation opened at once.
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
  #requestTimer: NodeJS.Timeout | undefined;
  /** The page's request has not come yet. */
  #awaiting = true;
  /** The relay, not the page, started closing the leg: its close code is not the page's. */
  #relayEndsLeg = false;

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
    // The page's frames go to ws (which keeps LEG_MAX_PAYLOAD) until the operation asks
    // for them as they are; the request has its own limit, kept at its first header.
    this.#pageFrames = tapFrames(
      leg,
      {
        maxMessageBytes: LEG_MAX_PAYLOAD,
        from: 'client',
        pass: 'all',
        passing: false,
        firstMessageLimit: { bytes: MAX_CONTROL_MESSAGE_BYTES, exceeded: () => this.#guard(() => this.#onOversizedRequest()) },
      },
      (parts) => this.#guard(() => this.#handler?.onFrames(parts)),
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
      this.#handler?.onMessage(data, isBinary);
      return;
    }
    this.#stopWaiting();
    const parsed = parseLegRequest(data, isBinary);
    if (!parsed.ok) return this.#refuse(parsed.reason);
    const operation = this.#context.operations.get(parsed.op);
    if (operation === undefined) return this.#refuse(`unknown op ${JSON.stringify(parsed.op).slice(0, 40)}`);
    const request = operation.parse(parsed.message);
    if (typeof request === 'string') return this.#refuse(request);
    this.#op = parsed.op;
    this.#handler = operation.start(this.#control(), request);
  }

  /** relay-protocol.ts step 2: a request over the limit is refused at its first header. */
  #onOversizedRequest(): void {
    if (!this.#awaiting) return;
    this.#stopWaiting();
    this.#refuse(`request exceeds ${MAX_CONTROL_MESSAGE_BYTES} bytes`);
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
    const { id, options, guard, env, hostedServers } = this.#context;
    const leg = this.#leg;
    return {
      id,
      options,
      guard,
      env,
      hostedServers,
      openingSince: this.#openingSince,
      ws: leg,
      pageSink: pageSink(leg, this.#socket),
      pageWrites: this.#pageWrites,
      log: (level, message) => this.#log(level, message),
      reply: (message) => {
        if (leg.readyState === WebSocket.OPEN) leg.send(JSON.stringify(message));
      },
      end: (code, reason) => this.#end(code, reason),
      drop: (pipe) => this.#drop(pipe),
      fault: (error) => this.#onFault(error),
      passFrames: () => this.#pageFrames?.startPassing(),
      pause: () => leg.pause(),
      resume: () => leg.resume(),
    };
  }
}

/**
 * The page's side of the leg as a FrameSink. Frames from upstream go to the socket
 * as they are, after the frames ws wrote before them (ws writes a frame at once, as
 * nothing is compressed), and only while the leg is open: once ws has written a close
 * frame, no data frame may follow it. bufferedAmount counts both kinds of write.
 */
function pageSink(leg: WebSocket, socket: LegSocket): FrameSink {
  return {
    get bufferedAmount() {
      return leg.bufferedAmount;
    },
    send: (data, options, cb) => leg.send(data, options, cb),
    sendFrames: (parts, cb) => {
      if (leg.readyState !== WebSocket.OPEN) {
        process.nextTick(cb, new Error('the page leg is closing'));
        return;
      }
      writeAll(socket, parts, cb);
    },
  };
}
