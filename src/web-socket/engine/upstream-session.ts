import { isUtf8 } from 'node:buffer';
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import type { OpenedReply } from '../core/relay-messages.js';
import type { ConnectOptions } from '../core/request-options.js';
import { closeWithDeviceCode, isSendableCloseCode } from './close-with-device-code.js';
import { ABNORMAL_CLOSURE, MESSAGE_TOO_BIG, NO_STATUS_RECEIVED, POLICY_VIOLATION, PROTOCOL_ERROR } from '../../protocol/close-codes.js';
import type { FrameSink, FrameSource } from '../../net/ws-frames/frame-pipe.js';
import { tapFrames } from '../../net/ws-frames/frame-tap.js';
import { Heartbeat } from './heartbeat.js';
import { openHop, type HopHandle } from './open-upstream.js';
import type { OutboundGuard } from '../../net/outbound-policy.js';
import { planRedirect, planUpstream, type PlanContext, type UpstreamHop, type UpstreamPlan, type UpstreamSettings } from './plan-upstream.js';
import { writeAll } from '../../net/write-all.js';
import { WriteCoalescer } from '../../net/write-coalescer.js';

/** What one session needs from whoever runs it (the relay, or Node mode). */
export interface UpstreamSessionContext {
  readonly settings: UpstreamSettings;
  readonly guard: OutboundGuard;
  /** Where 'system' proxies come from. */
  readonly env: NodeJS.ProcessEnv;
  /** Who sets the size limits, named in the close reason when one is exceeded ("the relay"). */
  readonly limitsOwner: string;
  /**
   * When the opening began, as performance.now(): settings.handshakeTimeoutMs counts
   * from here (a relay leg's upgrade), or from start() when absent.
   */
  readonly openingSince?: number;
  /** What the session does, for a log: targets never carry their query or credentials. */
  log(level: 'info' | 'warn', message: string): void;
  /** Where the connection differs from what the device would put on the wire (a header not sent, a close frame rewritten). */
  notice(message: string): void;
}

/** How the open connection ended, as the device reports it (WS §3.4). */
export type UpstreamEnding =
  /**
   * A close frame (`code` undefined when it carried no status; `reason` decoded as
   * netstack decodes it, each bad UTF-8 sequence a U+FFFD), or a protocol error after
   * which the device reports a close code (see CLOSE_AFTER_ERROR).
   */
  | { readonly kind: 'closed'; readonly code: number | undefined; readonly reason: string }
  /** No closing handshake: TCP reset, missed pong, a protocol error lws hangs up on. */
  | { readonly kind: 'dropped' };

/**
 * What a session reports, in this order: `rejected`; or `accepted`, then `failed`; or
 * `accepted`, `opened`, any number of `message`, then `ended`. `fault` may replace
 * any of them. After `rejected`, `failed`, `ended`, `fault` or abort() nothing more comes.
 */
export interface UpstreamSessionEvents {
  /** Every local check passed; the connection is being opened (the device's connect() resolves here, WS §2.2). */
  accepted(): void;
  /** Refused before any traffic (connect() rejects with `code`); `why` is for a log. */
  rejected(code: number, why: string): void;
  /** The opening handshake completed, with the real response. */
  opened(reply: OpenedReply): void;
  /**
   * The connection never opened: `status` is the HTTP status of a refused upgrade, "0"
   * when none (WS §2.1). `why` is for a log; `byPolicy` when the outbound policy refused
   * a hop (a redirect's target), whose details `why` names and the app need not learn.
   */
  failed(status: string, why: string, byPolicy: boolean): void;
  /** One complete message (WS §3.3); text frames always hold valid UTF-8. */
  message(data: Buffer, isBinary: boolean): void;
  /**
   * When given, binary messages are not assembled: their frames arrive here as the
   * server sent them (frame-tap.ts), whole frames in order with `message`, which
   * then carries text messages only. For a relay, whose page leg takes server frames
   * as they are.
   */
  binaryFrames?(parts: Buffer[]): void;
  /** The open connection ended. */
  ended(ending: UpstreamEnding): void;
  /** A bug in our own code (or in a handler of these events): the connection has been dropped. */
  fault(error: unknown): void;
}

export type SessionPhase = 'idle' | 'planning' | 'connecting' | 'open' | 'ended';

/**
 * lws follows up to 4 redirects of the upgrade request (WS §3.4: netstack does not set
 * LCCSCF_HTTP_NO_FOLLOW_REDIRECT; LWS client-http.c gives up at the 5th).
 */
const MAX_REDIRECTS = 4;

/**
 * ws errors after which the device reports a close code rather than a drop. ws closes
 * the socket itself on a protocol error and never reads the server's answer, so its
 * 'close' says 1006. On the device:
 * - a close frame with an invalid code is reported as 1002 (lws rewrites it, WS §3.4);
 * - the size limits are ours (the device has none): the app gets the code sent
 *   upstream, so it sees why its connection ended;
 * - any other protocol error makes lws hang up without a status: a drop, as ws reports.
 * `{limits}` stands for UpstreamSessionContext.limitsOwner.
 */
const CLOSE_AFTER_ERROR: Readonly<Record<string, readonly [number, string]>> = {
  WS_ERR_INVALID_CLOSE_CODE: [PROTOCOL_ERROR, ''],
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: [MESSAGE_TOO_BIG, 'message larger than {limits} maxReceiveBytes'],
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: [MESSAGE_TOO_BIG, 'message larger than {limits} maxReceiveBytes'],
  WS_ERR_TOO_MANY_BUFFERED_PARTS: [POLICY_VIOLATION, 'message in too many fragments for {limits}'],
};

/**
 * One device connection on the wire, as the device's netstack/lws would make it: plans
 * it (plan-upstream.ts: the checks of connect(), WS §4), opens it (open-upstream.ts),
 * keeps the heartbeat (heartbeat.ts), delivers messages, sends data, closes with the
 * device's exact code (close-with-device-code.ts) and reports the ending in the
 * device's terms. Whoever runs it (a relay leg, or Node mode's transport) only maps
 * these events onto its own side.
 *
 * As a FrameSource/FrameSink a session can be one end of a FramePipe.
 */
export class UpstreamSession implements FrameSource, FrameSink {
  readonly #request: { readonly url: string; readonly options: ConnectOptions };
  readonly #context: UpstreamSessionContext;
  readonly #events: UpstreamSessionEvents;
  readonly #closed: Promise<void>;
  #markClosed!: () => void;
  #phase: SessionPhase = 'idle';
  #target: string | undefined;
  #route: string | undefined;
  #socket: WebSocket | undefined;
  /** The receive limit of the open connection (ws' maxPayload), which the frame tap keeps too. */
  #maxPayload = 0;
  #writes: WriteCoalescer | undefined;
  /** The socket under the open connection (TLS, or a proxy's tunnel, included), for frames that come framed already. */
  #transport: Socket | undefined;
  #heartbeat: Heartbeat | undefined;
  /** The hop of the opening handshake under way (the first request, or a redirect's). */
  #hop: HopHandle | undefined;
  /** Every hop's sockets, gone once these settle. */
  readonly #hopsClosed: Promise<void>[] = [];
  #redirects = 0;
  #handshakeDeadline = 0;
  #handshakeTimer: NodeJS.Timeout | undefined;
  /** What the app is told when ws ends the socket after one of its errors (see CLOSE_AFTER_ERROR). */
  #closeAfterError: readonly [number, string] | undefined;
  #faulted = false;

  constructor(request: { readonly url: string; readonly options: ConnectOptions }, context: UpstreamSessionContext, events: UpstreamSessionEvents) {
    this.#request = request;
    this.#context = context;
    this.#events = events;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
  }

  get phase(): SessionPhase {
    return this.#phase;
  }

  /** scheme://host:port/path, without query or credentials; undefined until planned (or when the URL does not parse). */
  get target(): string | undefined {
    return this.#target;
  }

  /** "direct (…)" or "through … proxy host:port", once accepted. */
  get route(): string | undefined {
    return this.#route;
  }

  /** Redirects of the upgrade met so far (the one being checked included). */
  get redirects(): number {
    return this.#redirects;
  }

  /** Resolves once no socket is left: the upstream socket has closed, or there never was one. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  /**
   * Puts the small frames sent upstream in one tick into one socket write (see
   * FramePipe); undefined until open. The session flushes it before it closes or drops
   * the socket.
   */
  get writes(): WriteCoalescer | undefined {
    return this.#writes;
  }

  /** Bytes waiting to go upstream. */
  get bufferedAmount(): number {
    return this.#socket?.bufferedAmount ?? 0;
  }

  /** Plans, then opens the connection. Everything that happens arrives as events. */
  start(): void {
    if (this.#phase !== 'idle') return;
    this.#phase = 'planning';
    const limit = this.#context.settings.handshakeTimeoutMs;
    this.#handshakeDeadline = (this.#context.openingSince ?? performance.now()) + limit;
    this.#handshakeTimer = setTimeout(() => this.#protect(() => this.#onHandshakeTimeout()), this.#handshakeLeftMs());
    this.#handshakeTimer.unref();
    this.#prepare().catch((error: unknown) => this.#fault(error));
  }

  /** Sends one message while open (text as text, binary as binary); `cb` as ws' send callback. */
  send(data: Buffer | ArrayBuffer | string, options: { binary: boolean }, cb?: (error?: Error) => void): void {
    const socket = this.#socket;
    if (this.#phase !== 'open' || socket === undefined) {
      if (cb !== undefined) process.nextTick(cb, new Error('the upstream connection is not open'));
      return;
    }
    socket.send(data, { binary: options.binary, compress: false }, cb);
  }

  /**
   * Sends whole frames that a client framed and masked already (the page's, through
   * frame-tap.ts) as they are, after what send() wrote; only while open and before a
   * close frame went out (ws' readyState OPEN), as no frame may follow a close frame.
   */
  sendFrames(parts: Buffer[], cb: (error?: Error | null) => void): void {
    const socket = this.#socket;
    const transport = this.#transport;
    if (this.#phase !== 'open' || socket === undefined || transport === undefined || socket.readyState !== socket.OPEN) {
      process.nextTick(cb, new Error('the upstream connection is not open'));
      return;
    }
    writeAll(transport, parts, cb);
  }

  /** Stops reading the socket (backpressure towards the server). */
  pause(): void {
    this.#socket?.pause();
  }

  resume(): void {
    this.#socket?.resume();
  }

  /**
   * Starts the closing handshake with the device's code (1000–1015) and reason, exactly
   * as lws writes them (see closeWithDeviceCode). Only while open; the server's answer
   * then arrives as `ended`.
   */
  close(code: number, reason: Buffer): void {
    const socket = this.#socket;
    if (this.#phase !== 'open' || socket === undefined) return;
    // ws' own close timer takes over from here; a paused socket could not read the answer.
    this.#heartbeat?.stop();
    socket.resume();
    this.#writes?.flush();
    closeWithDeviceCode(socket, code, reason, (why) => this.#context.notice(why));
  }

  /** Ends at once, without a close frame (the app went away, shutdown), and reports nothing more. */
  abort(): void {
    this.#end();
    this.#writes?.flush();
    this.#release();
  }

  async #prepare(): Promise<void> {
    const decision = await planUpstream(this.#request, this.#planContext());
    if (decision === undefined || this.#phase !== 'planning') {
      this.#markClosed();
      return;
    }
    this.#target = decision.target;
    if (decision.kind === 'rejected') {
      this.#end();
      this.#markClosed();
      this.#events.rejected(decision.code, decision.why);
      return;
    }
    this.#route = decision.kind === 'ready' ? decision.hop.route : decision.route;
    this.#phase = 'connecting';
    this.#events.accepted();
    // The handler may have aborted.
    if (this.#phase !== 'connecting') return;
    if (decision.kind === 'unreachable') {
      this.#fail('0', decision.why);
      return;
    }
    this.#openHop(decision.plan, decision.hop);
  }

  #planContext(): PlanContext {
    const { settings, guard, env } = this.#context;
    return {
      settings,
      guard,
      env,
      stillWanted: () => this.#phase === 'planning' || this.#phase === 'connecting',
      warn: (message) => this.#context.notice(message),
    };
  }

  #openHop(plan: UpstreamPlan, hop: UpstreamHop): void {
    this.#context.log('info', `connecting to ${hop.target} ${hop.route}`);
    this.#hop?.abort();
    this.#hop = openHop(plan, hop, this.#handshakeLeftMs(), {
      opened: (socket, reply, transport) => this.#protect(() => this.#onOpened(plan, hop, socket, reply, transport)),
      redirect: (location) => this.#protect(() => this.#onRedirect(plan, hop, location)),
      failed: (status, why, byPolicy) => this.#protect(() => this.#fail(status, why, byPolicy)),
    });
    this.#hopsClosed.push(this.#hop.closed);
  }

  /** WS §3.4: lws follows redirects of the upgrade request; each new hop is checked before anything is sent to it. */
  #onRedirect(plan: UpstreamPlan, from: UpstreamHop, location: string): void {
    if (this.#phase !== 'connecting') return;
    // That hop is over (its sockets are going); the next one is not open yet.
    this.#hop = undefined;
    if (++this.#redirects > MAX_REDIRECTS) {
      this.#fail('0', `more than ${MAX_REDIRECTS} redirects`);
      return;
    }
    planRedirect(location, from.url, plan, this.#planContext()).then(
      (next) => {
        if (next === undefined || this.#phase !== 'connecting') return;
        if (next.kind === 'refused') {
          this.#context.log('warn', `redirect refused: ${next.why}`);
          this.#fail('0', `redirect refused: ${next.why}`, next.byPolicy);
        } else if (next.kind === 'unreachable') {
          this.#fail('0', next.why);
        } else {
          this.#context.log('info', `redirected to ${next.hop.target}`);
          this.#openHop(plan, next.hop);
        }
      },
      (error: unknown) => this.#fault(error),
    );
  }

  #handshakeLeftMs(): number {
    return Math.max(0, this.#handshakeDeadline - performance.now());
  }

  /** One timeout for the whole opening: planning, every hop and every phase of each (WS §5: lws' connect timeout). */
  #onHandshakeTimeout(): void {
    const limit = this.#context.settings.handshakeTimeoutMs;
    if (this.#phase === 'planning') {
      // On the device connect() has resolved long before (it resolves once queued): the app hears of a failed connection.
      this.#phase = 'connecting';
      this.#events.accepted();
      if (this.#phase !== 'connecting') return;
    }
    if (this.#phase !== 'connecting') return;
    // Which phase it was stuck in is what tells a developer where to look.
    const checks = this.#redirects > 0 ? "the checks of a redirect's target (DNS)" : 'the checks before connecting (DNS, certificate files)';
    const waitingFor = this.#hop?.waitingFor ?? checks;
    this.#context.log('warn', `${this.#target ?? 'the connection'} did not open within ${limit} ms; giving up`);
    this.#fail('0', `the opening handshake took longer than ${limit} ms, waiting for ${waitingFor}`);
  }

  #onOpened(plan: UpstreamPlan, hop: UpstreamHop, socket: WebSocket, reply: OpenedReply, transport: Socket | undefined): void {
    if (this.#phase !== 'connecting') {
      socket.terminate();
      return;
    }
    this.#phase = 'open';
    this.#hop = undefined;
    clearTimeout(this.#handshakeTimer);
    this.#socket = socket;
    this.#maxPayload = plan.maxPayload;
    const { heartbeat } = plan;
    this.#heartbeat = new Heartbeat(socket, heartbeat, () => {
      this.#context.log(
        'warn',
        `no pong from ${hop.target} in time (pingInterval ${heartbeat.pingInterval} s, pongTimeout ${heartbeat.pongTimeout} s); dropping the connection`,
      );
      this.#writes?.flush();
      socket.terminate();
    });
    socket.on('message', (data, isBinary) => this.#protect(() => this.#onMessage(data as Buffer, isBinary)));
    socket.on('close', (code, reason) => this.#protect(() => this.#onClose(code, reason)));
    socket.on('error', (error: Error & { code?: string }) => {
      if (this.#phase !== 'open') return;
      this.#context.log('warn', `upstream error: ${error.message}`);
      const mapped = error.code === undefined ? undefined : CLOSE_AFTER_ERROR[error.code];
      if (mapped !== undefined) this.#closeAfterError ??= [mapped[0], mapped[1].replace('{limits}', this.#context.limitsOwner)];
    });
    if (transport !== undefined) {
      this.#transport = transport;
      this.#writes = new WriteCoalescer(transport);
    }
    const { binaryFrames } = this.#events;
    if (binaryFrames !== undefined && this.#socket !== undefined) {
      const tapped = tapFrames(
        this.#socket,
        // WS §3.3: text stays with ws, for the U+FFFD rule in #onMessage.
        { maxMessageBytes: this.#maxPayload, from: 'server', pass: 'binary', passing: true },
        (parts) =>
          this.#protect(() => {
            if (this.#phase === 'open') binaryFrames(parts);
          }),
        (error) => this.#fault(error),
      );
      if (tapped === undefined)
        this.#context.log('info', 'this version of ws cannot be tapped for frames; forwarding binary messages as ws assembles them');
    }
    this.#heartbeat?.start();
    this.#events.opened(reply);
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (this.#phase !== 'open') return;
    // OH: netstack does not ask lws to validate UTF-8, and turns the bytes into a JS
    // string, where each bad sequence becomes U+FFFD. ws is told not to validate either
    // (open-upstream.ts), so the replacement happens here, once for every consumer.
    this.#events.message(isBinary || isUtf8(data) ? data : Buffer.from(data.toString('utf8'), 'utf8'), isBinary);
  }

  #onClose(code: number, reason: Buffer): void {
    this.#heartbeat?.stop();
    this.#markClosed();
    if (this.#phase !== 'open') return;
    this.#phase = 'ended';
    let ending: UpstreamEnding;
    if (code === ABNORMAL_CLOSURE && this.#closeAfterError !== undefined) {
      const [errorCode, errorReason] = this.#closeAfterError;
      this.#context.log('info', `upstream ended after a protocol error; reporting ${errorCode}`);
      ending = { kind: 'closed', code: errorCode, reason: errorReason };
    } else if (code === NO_STATUS_RECEIVED) {
      this.#context.log('info', 'upstream closed without a status');
      ending = { kind: 'closed', code: undefined, reason: '' };
    } else if (code === ABNORMAL_CLOSURE || !isSendableCloseCode(code)) {
      this.#context.log('info', `upstream connection dropped (${code})`);
      ending = { kind: 'dropped' };
    } else {
      this.#context.log('info', `upstream closed with ${code}`);
      // WS §3.4: the reason as a JS string, bad UTF-8 sequences replaced.
      ending = { kind: 'closed', code, reason: reason.toString('utf8') };
    }
    this.#events.ended(ending);
  }

  #fail(status: string, why: string, byPolicy = false): void {
    if (this.#phase !== 'connecting') return;
    this.#end();
    // Nothing of a failed handshake may stay open: a hop's tunnel, its TLS, its request.
    this.#release();
    this.#events.failed(status, why, byPolicy);
  }

  /** Ends every socket the session made, and marks it closed once they are gone. */
  #release(): void {
    this.#hop?.abort();
    this.#hop = undefined;
    if (this.#socket !== undefined) {
      // Marked closed by its 'close' event (#onClose).
      this.#socket.terminate();
      return;
    }
    void Promise.all(this.#hopsClosed).then(() => this.#markClosed());
  }

  /** A bug (ours, or in an event handler) must end this connection, never the process. */
  #protect(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.#fault(error);
    }
  }

  #fault(error: unknown): void {
    if (this.#faulted) return;
    this.#faulted = true;
    this.abort();
    this.#events.fault(error);
  }

  #end(): void {
    this.#phase = 'ended';
    clearTimeout(this.#handshakeTimer);
    this.#heartbeat?.stop();
  }
}
