import WebSocket from 'ws';
import { messageFor } from '../web-socket/error-codes.js';
import { utf8Truncate } from '../core/utf8-truncate.js';
import { decodeCloseCode, MAX_CONTROL_MESSAGE_BYTES, type ConnectRequest, type RelayReply } from '../protocol/relay-protocol.js';
import { FramePipe, HIGH_WATER_MARK, type FrameSink } from '../web-socket/engine/frame-pipe.js';
import { tapFrames, type FrameTap } from '../web-socket/engine/frame-tap.js';
import type { OutboundGuard } from '../net/outbound-policy.js';
import { parseConnectRequest } from './handlers/parse-connect-request.js';
import type { UpstreamSettings } from '../web-socket/engine/plan-upstream.js';
import type { ResolvedRelayOptions } from './relay-options.js';
import { UpstreamSession, type UpstreamEnding } from '../web-socket/engine/upstream-session.js';
import { writeAll, type WritableSocket } from '../net/write-all.js';
import { WriteCoalescer } from '../net/write-coalescer.js';

/** What one leg needs from its relay. */
export interface LegContext {
  readonly id: number;
  readonly options: ResolvedRelayOptions;
  readonly guard: OutboundGuard;
  /** Where 'system' proxies come from: read at each connect, so it can change at run time. */
  readonly env: NodeJS.ProcessEnv;
}

/** A snapshot of one connection, for relay.connections (diagnostics and tests). */
export interface RelayConnectionInfo {
  readonly id: number;
  /** scheme://host:port/path of the upstream, without query or credentials; undefined before the connect request. */
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
 * 5,242,864 bytes (OH §4), plus room for a frame the page's own check let through at
 * exactly the limit. The connect request has its own, smaller limit.
 */
export const LEG_MAX_PAYLOAD = Math.max(5 * 1024 * 1024 - 16, MAX_CONTROL_MESSAGE_BYTES) + 1024;

export type LegPhase = 'awaiting-request' | 'preparing' | 'connecting' | 'open' | 'ended';

/** Close code for a page that breaks the relay protocol (RFC 6455 policy violation). */
const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;
const NORMAL = 1000;
/** RFC 6455 §5.5: a close frame's reason fits in 123 bytes. */
const MAX_CLOSE_REASON_BYTES = 123;

/**
 * One relay leg and the device connection it carries (relay-protocol.ts): reads the
 * connect request, hands it to an UpstreamSession (which checks it and opens the
 * upstream connection with the device's semantics), answers the page, then pipes
 * frames both ways with backpressure and mirrors the end of either side onto the
 * other. Never throws into the relay: every failure ends this leg only.
 */
export class RelayLeg {
  readonly #leg: WebSocket;
  readonly #legSocket: LegSocket;
  /** The leg's own socket (from the upgrade): what goes to the page in one tick leaves in one write. */
  readonly #pageWrites: WriteCoalescer;
  /** Where upstream data goes: messages through ws, frames that came whole straight to the socket. */
  readonly #toPageSink: FrameSink;
  /** Reads the page's frames ahead of ws; passes them upstream as they are once upstream is open. */
  readonly #pageFrames: FrameTap | undefined;
  readonly #context: LegContext;
  readonly #log: (level: 'info' | 'warn' | 'error', message: string) => void;
  readonly #ended: Promise<void>;
  #phase: LegPhase = 'awaiting-request';
  #requestTimer: NodeJS.Timeout | undefined;
  /** When the page's upgrade came (performance.now()): handshakeTimeoutMs bounds the way from here to `opened` or `failed`. */
  readonly #openingSince = performance.now();
  #session: UpstreamSession | undefined;
  #toPage: FramePipe | undefined;
  #toUpstream: FramePipe | undefined;
  /** Page frames that arrive before upstream is open, in order. */
  #early: Array<[Buffer, boolean]> = [];
  #earlyBytes = 0;
  #earlyPaused = false;
  /** The relay, not the page, started closing the leg: its close code is not the page's. */
  #relayEndsLeg = false;

  /** `socket` is the one the leg was upgraded on (ws keeps it to itself). */
  constructor(leg: WebSocket, socket: LegSocket, context: LegContext) {
    this.#leg = leg;
    this.#legSocket = socket;
    this.#pageWrites = new WriteCoalescer(socket);
    this.#toPageSink = pageSink(leg, socket);
    this.#context = context;
    this.#log = (level, message) => context.options.logger[level](`leg #${context.id}: ${message}`);
    // Not events.once: it rejects on an 'error' event, and ws emits one before some closes.
    this.#ended = closed(leg).then(() => this.#session?.closed);
    leg.on('error', (error) => this.#log('warn', `page leg error: ${error.message}`));
    leg.on('message', (data, isBinary) => this.#guard(() => this.#onLegMessage(data as Buffer, isBinary)));
    leg.on('close', (code, reason) => this.#guard(() => this.#onLegClose(code, reason)));
    // Until upstream opens, the page's frames go to ws: the connect request, then early
    // data, which waits in #early. The page's own send check keeps frames under the
    // device's limit; the tap keeps ws' (LEG_MAX_PAYLOAD) as ws would.
    // The connect request has its own, smaller limit, kept at the first header of a
    // bigger one: the relay never buffers more than MAX_CONTROL_MESSAGE_BYTES of it.
    this.#pageFrames = tapFrames(
      leg,
      {
        maxMessageBytes: LEG_MAX_PAYLOAD,
        from: 'client',
        pass: 'all',
        passing: false,
        firstMessageLimit: { bytes: MAX_CONTROL_MESSAGE_BYTES, exceeded: () => this.#guard(() => this.#onOversizedRequest()) },
      },
      (parts) =>
        this.#guard(() => {
          if (this.#phase === 'open') this.#toUpstream?.forwardFrames(parts);
        }),
      (error) => this.#onFault(error),
    );
    this.#requestTimer = setTimeout(() => {
      this.#log('warn', `no connect request within ${context.options.handshakeTimeoutMs} ms; closing the leg with 1008`);
      this.#endLeg(POLICY_VIOLATION, 'no connect request in time');
    }, context.options.handshakeTimeoutMs);
    this.#requestTimer.unref();
  }

  /** Resolves when the leg and its upstream socket (if any) are both closed. */
  get ended(): Promise<void> {
    return this.#ended;
  }

  get info(): RelayConnectionInfo {
    return {
      id: this.#context.id,
      target: this.#session?.target,
      phase: this.#phase,
      legBufferedAmount: this.#leg.bufferedAmount,
      upstreamBufferedAmount: this.#session?.bufferedAmount ?? 0,
      upstreamReadPaused: this.#toPage?.paused ?? false,
      legReadPaused: this.#earlyPaused || (this.#toUpstream?.paused ?? false),
    };
  }

  /** Ends both sides at once, without close frames (relay shutdown). */
  destroy(): Promise<void> {
    this.#finish();
    this.#session?.abort();
    this.#pageWrites.flush();
    this.#leg.terminate();
    return this.#ended;
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
    this.#session?.abort();
    this.#endLeg(INTERNAL_ERROR, 'relay internal error');
  }

  #onLegMessage(data: Buffer, isBinary: boolean): void {
    switch (this.#phase) {
      case 'awaiting-request':
        this.#onConnectRequest(data, isBinary);
        return;
      case 'preparing':
      case 'connecting':
        // relay-protocol.ts step 4: anything after the request is application data.
        this.#early.push([data, isBinary]);
        this.#earlyBytes += data.length;
        if (!this.#earlyPaused && this.#earlyBytes > HIGH_WATER_MARK) {
          this.#earlyPaused = true;
          this.#leg.pause();
        }
        return;
      case 'open':
        this.#toUpstream?.forward(data, isBinary);
        return;
      case 'ended':
        return;
    }
  }

  /** relay-protocol.ts step 2: a connect request over the limit is refused at its first header. */
  #onOversizedRequest(): void {
    if (this.#phase !== 'awaiting-request') return;
    const reason = `connect request exceeds ${MAX_CONTROL_MESSAGE_BYTES} bytes`;
    this.#log('warn', `${reason}; closing the leg with 1008`);
    this.#endLeg(POLICY_VIOLATION, reason);
    // The page is in the middle of a frame the relay will not read: ws cannot read its
    // answer to our close frame, so the socket ends once the frame is written.
    this.#pageWrites.flush();
    this.#legSocket.end();
  }

  #onConnectRequest(data: Buffer, isBinary: boolean): void {
    clearTimeout(this.#requestTimer);
    const parsed = parseConnectRequest(data, isBinary);
    if (!parsed.ok) {
      this.#log('warn', `malformed connect request (${parsed.reason}); closing the leg with 1008`);
      this.#endLeg(POLICY_VIOLATION, parsed.reason);
      return;
    }
    this.#phase = 'preparing';
    this.#startSession(parsed.request);
  }

  /** The device connection itself: checks and plans (answered `accepted` or `rejected`), then opens upstream. */
  #startSession(request: ConnectRequest): void {
    const { options, guard, env } = this.#context;
    const session = new UpstreamSession(
      request,
      {
        settings: upstreamSettingsOf(options),
        openingSince: this.#openingSince,
        guard,
        env,
        limitsOwner: 'the relay',
        log: (level, message) => this.#log(level, message),
        notice: (message) => this.#log('warn', message),
      },
      {
        accepted: () => this.#onAccepted(),
        rejected: (code, why) => this.#reject(code, why),
        opened: (reply) => this.#onUpstreamOpen(reply),
        failed: (status, why) => this.#fail(status, why),
        message: (data, isBinary) => {
          if (this.#phase === 'open') this.#toPage?.forward(data, isBinary);
        },
        binaryFrames: (parts) => {
          if (this.#phase === 'open') this.#toPage?.forwardFrames(parts);
        },
        ended: (ending) => this.#onUpstreamEnd(ending),
        fault: (error) => this.#onFault(error),
      },
    );
    this.#session = session;
    session.start();
  }

  #onAccepted(): void {
    if (this.#phase !== 'preparing') return;
    // OH §2.2: connect() resolves once the request is handed over; what happens to the
    // connection after that arrives as events.
    this.#phase = 'connecting';
    this.#reply({ op: 'accepted' });
  }

  #onUpstreamOpen(reply: RelayReply): void {
    const session = this.#session;
    if (this.#phase !== 'connecting' || session === undefined) return;
    this.#phase = 'open';
    this.#log('info', `open: ${session.target}`);
    this.#reply(reply);
    this.#toPage = new FramePipe(session, this.#toPageSink, this.#pageWrites);
    this.#toUpstream = new FramePipe(this.#leg, session, session.writes);
    for (const [data, isBinary] of this.#early) this.#toUpstream.forward(data, isBinary);
    this.#early = [];
    this.#earlyBytes = 0;
    // From the next message on, the page's frames go upstream as they are, after the early ones.
    this.#pageFrames?.startPassing();
    if (this.#earlyPaused) {
      this.#earlyPaused = false;
      if (!this.#toUpstream.paused) this.#leg.resume();
    }
  }

  /** relay-protocol.ts step 5, upstream side: mirror the upstream's end onto the leg. */
  #onUpstreamEnd(ending: UpstreamEnding): void {
    if (this.#phase !== 'open') return;
    this.#phase = 'ended';
    this.#relayEndsLeg = true;
    // A paused leg could not read the page's answer to our close frame.
    this.#leg.resume();
    // What is held for the page leaves now, ahead of the close frame (and of a terminate).
    this.#pageWrites.flush();
    if (ending.kind === 'dropped') {
      // A drop: the page sees 1006, after the frames already received reach it.
      this.#log('info', 'dropping the leg');
      const leg = this.#leg;
      if (this.#toPage === undefined) leg.terminate();
      else this.#toPage.afterFlush(() => leg.terminate());
    } else if (ending.code === undefined) {
      // The page sees 1005, as the server's own empty close frame would show.
      this.#leg.close();
    } else {
      this.#leg.close(ending.code, utf8Truncate(ending.reason, MAX_CLOSE_REASON_BYTES));
    }
  }

  /** relay-protocol.ts step 5, page side. */
  #onLegClose(code: number, reason: Buffer): void {
    clearTimeout(this.#requestTimer);
    const phase = this.#phase;
    this.#finish();
    if (this.#relayEndsLeg) return;
    const session = this.#session;
    if (session === undefined) return;
    if (phase !== 'open') {
      if (phase === 'connecting') this.#log('info', `page left before the upstream opened; aborting ${session.target}`);
      session.abort();
      return;
    }
    const deviceCode = decodeCloseCode(code);
    if (deviceCode === undefined) {
      // Not a close() of the app: the page went away (reload, navigation, crash). On the
      // device that is the app dying, and the server sees its TCP connection end.
      this.#log('info', `page leg ended with ${code}, not a device close; dropping the upstream connection`);
      session.abort();
      return;
    }
    this.#log('info', `page closed with ${deviceCode}; closing upstream with it`);
    session.close(deviceCode, reason);
  }

  /** Refused before any upstream traffic (RejectedReply); the relay then ends the leg. */
  #reject(code: number, why: string): void {
    if (this.#phase !== 'preparing') return;
    this.#log('warn', `refused ${this.#session?.target ?? 'the connect request'}: ${why} → ${code}`);
    this.#reply({ op: 'rejected', code, message: messageFor(code) });
    this.#endLeg(NORMAL, '');
  }

  #fail(status: string, why: string): void {
    if (this.#phase !== 'connecting') return;
    this.#log('warn', `${this.#session?.target} ${this.#session?.route} failed (${why}) → failed ${status}`);
    this.#reply({ op: 'failed', status });
    this.#endLeg(NORMAL, '');
  }

  #reply(reply: RelayReply): void {
    if (this.#leg.readyState === WebSocket.OPEN) this.#leg.send(JSON.stringify(reply));
  }

  #endLeg(code: number, reason: string): void {
    this.#finish();
    this.#relayEndsLeg = true;
    this.#pageWrites.flush();
    if (this.#leg.readyState === WebSocket.OPEN || this.#leg.readyState === WebSocket.CONNECTING) this.#leg.close(code, reason);
  }

  /** The device connection is over for the page: no more replies or data. */
  #finish(): void {
    this.#phase = 'ended';
    clearTimeout(this.#requestTimer);
    this.#early = [];
    this.#earlyBytes = 0;
    if (this.#earlyPaused) {
      this.#earlyPaused = false;
      this.#leg.resume();
    }
  }
}

/** The relay's options, as far as they decide how upstream connections are made. */
function upstreamSettingsOf(options: ResolvedRelayOptions): UpstreamSettings {
  return {
    files: options.sandboxDir,
    allowLoopbackOnly: options.outbound.allowLoopbackOnly === true,
    strictTls: options.strictTls,
    maxReceiveBytes: options.maxReceiveBytes,
    handshakeTimeoutMs: options.handshakeTimeoutMs,
  };
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

function closed(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}
