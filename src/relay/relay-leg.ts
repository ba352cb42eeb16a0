import { isUtf8 } from 'node:buffer';
import WebSocket from 'ws';
import { messageFor } from '../base/error-codes.js';
import { decodeCloseCode, type ConnectRequest, type RelayReply } from '../protocol/relay-protocol.js';
import { closeWithDeviceCode, isSendableCloseCode } from './close-with-device-code.js';
import { FramePipe, HIGH_WATER_MARK } from './frame-pipe.js';
import { Heartbeat } from './heartbeat.js';
import { openUpstream } from './open-upstream.js';
import type { OutboundGuard } from './outbound-policy.js';
import { parseConnectRequest } from './parse-connect-request.js';
import { planUpstream } from './plan-upstream.js';
import type { ResolvedRelayOptions } from './relay-options.js';

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

export type LegPhase = 'awaiting-request' | 'preparing' | 'connecting' | 'open' | 'ended';

/** Close code for a page that breaks the relay protocol (RFC 6455 policy violation). */
const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;
const NORMAL = 1000;
const NO_STATUS = 1005;
const ABNORMAL = 1006;

/**
 * ws errors after which the page gets a close code rather than a drop. ws closes the
 * upstream itself on a protocol error and never reads the server's answer, so its
 * 'close' says 1006. On the device:
 * - a close frame with an invalid code is reported as 1002 (lws rewrites it, OH §3.4);
 * - the size limits are the relay's own (the device has none): the page gets the code
 *   the relay sent upstream, so the app sees why its connection ended;
 * - any other protocol error makes lws hang up without a status: a drop, as ws reports.
 */
const CLOSE_AFTER_ERROR: Readonly<Record<string, [number, string]>> = {
  WS_ERR_INVALID_CLOSE_CODE: [1002, ''],
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: [1009, 'message larger than the relay maxReceiveBytes'],
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: [1009, 'message larger than the relay maxReceiveBytes'],
  WS_ERR_TOO_MANY_BUFFERED_PARTS: [1008, 'message in too many fragments for the relay'],
};

/**
 * One relay leg and the device connection it carries (relay-protocol.ts): reads the
 * connect request, checks it, opens the upstream connection with the device's
 * semantics, then pipes frames both ways and mirrors the end of either side onto the
 * other. Never throws into the relay: every failure ends this leg only.
 */
export class RelayLeg {
  readonly #leg: WebSocket;
  readonly #context: LegContext;
  readonly #log: (level: 'info' | 'warn' | 'error', message: string) => void;
  readonly #ended: Promise<void>;
  #phase: LegPhase = 'awaiting-request';
  #target: string | undefined;
  #requestTimer: NodeJS.Timeout | undefined;
  #upstream: WebSocket | undefined;
  #upstreamClosed: Promise<void> | undefined;
  #heartbeat: Heartbeat | undefined;
  #toPage: FramePipe | undefined;
  #toUpstream: FramePipe | undefined;
  /** Page frames that arrive before upstream is open, in order. */
  #early: Array<[Buffer, boolean]> = [];
  #earlyBytes = 0;
  #earlyPaused = false;
  /** The relay, not the page, started closing the leg: its close code is not the page's. */
  #relayEndsLeg = false;
  /** What the page sees when ws ends the upstream after one of its errors (see CLOSE_AFTER_ERROR). */
  #closeAfterError: [number, string] | undefined;

  constructor(leg: WebSocket, context: LegContext) {
    this.#leg = leg;
    this.#context = context;
    this.#log = (level, message) => context.options.logger[level](`leg #${context.id}: ${message}`);
    // Not events.once: it rejects on an 'error' event, and ws emits one before some closes.
    this.#ended = closed(leg).then(() => this.#upstreamClosed);
    leg.on('error', (error) => this.#log('warn', `page leg error: ${error.message}`));
    leg.on('message', (data, isBinary) => this.#guard(() => this.#onLegMessage(data as Buffer, isBinary)));
    leg.on('close', (code, reason) => this.#guard(() => this.#onLegClose(code, reason)));
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
      target: this.#target,
      phase: this.#phase,
      legBufferedAmount: this.#leg.bufferedAmount,
      upstreamBufferedAmount: this.#upstream?.bufferedAmount ?? 0,
      upstreamReadPaused: this.#toPage?.paused ?? false,
      legReadPaused: this.#earlyPaused || (this.#toUpstream?.paused ?? false),
    };
  }

  /** Ends both sides at once, without close frames (relay shutdown). */
  destroy(): Promise<void> {
    this.#finish();
    this.#upstream?.terminate();
    this.#leg.terminate();
    return this.#ended;
  }

  /** A bug in the relay must end this leg, not the process. */
  #guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.#log('error', `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.#upstream?.terminate();
      this.#endLeg(INTERNAL_ERROR, 'relay internal error');
    }
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

  #onConnectRequest(data: Buffer, isBinary: boolean): void {
    clearTimeout(this.#requestTimer);
    const parsed = parseConnectRequest(data, isBinary);
    if (!parsed.ok) {
      this.#log('warn', `malformed connect request (${parsed.reason}); closing the leg with 1008`);
      this.#endLeg(POLICY_VIOLATION, parsed.reason);
      return;
    }
    this.#phase = 'preparing';
    this.#prepare(parsed.request).catch((error: unknown) =>
      this.#guard(() => {
        throw error;
      }),
    );
  }

  /** Checks and plans (plan-upstream.ts), answers `accepted` or `rejected`, then opens upstream. */
  async #prepare(request: ConnectRequest): Promise<void> {
    const decision = await planUpstream(request, {
      settings: this.#context.options,
      guard: this.#context.guard,
      env: this.#context.env,
      stillWanted: () => this.#phase === 'preparing',
      warn: (message) => this.#log('warn', message),
    });
    if (decision === undefined || this.#phase !== 'preparing') return;
    this.#target = decision.target;
    if (decision.kind === 'rejected') {
      this.#reject(decision.code, decision.why);
      return;
    }
    // OH §2.2: connect() resolves once the request is handed over; what happens to the
    // connection after that arrives as events.
    this.#phase = 'connecting';
    this.#reply({ op: 'accepted' });
    const { route } = decision;
    if (decision.kind === 'unreachable') {
      this.#fail('0', decision.why, route);
      return;
    }
    this.#log('info', `connecting to ${decision.target} ${route}`);

    let upstream: WebSocket;
    try {
      upstream = openUpstream(decision.plan, {
        opened: (reply) => this.#guard(() => this.#onUpstreamOpen(reply)),
        failed: (status, why) => this.#guard(() => this.#fail(status, why, route)),
      });
    } catch (error) {
      // ws and Node validate some options synchronously; on the device these are connection failures.
      this.#fail('0', error instanceof Error ? error.message : String(error), route);
      return;
    }
    this.#upstream = upstream;
    this.#upstreamClosed = closed(upstream);
    const { heartbeat } = decision;
    this.#heartbeat = new Heartbeat(upstream, heartbeat, () => {
      this.#log(
        'warn',
        `no pong from ${decision.target} in time (pingInterval ${heartbeat.pingInterval} s, pongTimeout ${heartbeat.pongTimeout} s); dropping the connection`,
      );
      upstream.terminate();
    });
    upstream.on('message', (data, isBinary) => this.#guard(() => this.#onUpstreamMessage(data as Buffer, isBinary)));
    upstream.on('close', (code, reason) => this.#guard(() => this.#onUpstreamClose(code, reason)));
    upstream.on('error', (error: Error & { code?: string }) => {
      if (this.#phase !== 'open') return;
      this.#log('warn', `upstream error: ${error.message}`);
      this.#closeAfterError ??= error.code === undefined ? undefined : CLOSE_AFTER_ERROR[error.code];
    });
  }

  #onUpstreamOpen(reply: RelayReply): void {
    const upstream = this.#upstream;
    if (this.#phase !== 'connecting' || upstream === undefined) return;
    this.#phase = 'open';
    this.#log('info', `open: ${this.#target}`);
    this.#reply(reply);
    this.#toPage = new FramePipe(upstream, this.#leg);
    this.#toUpstream = new FramePipe(this.#leg, upstream);
    for (const [data, isBinary] of this.#early) this.#toUpstream.forward(data, isBinary);
    this.#early = [];
    this.#earlyBytes = 0;
    if (this.#earlyPaused) {
      this.#earlyPaused = false;
      if (!this.#toUpstream.paused) this.#leg.resume();
    }
    this.#heartbeat?.start();
  }

  #onUpstreamMessage(data: Buffer, isBinary: boolean): void {
    if (this.#phase !== 'open') return;
    // OH: netstack does not ask lws to validate UTF-8, and turns the bytes into a JS
    // string, where each bad sequence becomes U+FFFD. A browser would fail the whole
    // leg on such a frame instead, so the relay does that replacement itself.
    this.#toPage?.forward(isBinary || isUtf8(data) ? data : Buffer.from(data.toString('utf8'), 'utf8'), isBinary);
  }

  /** relay-protocol.ts step 5, upstream side: mirror the upstream's end onto the leg. */
  #onUpstreamClose(code: number, reason: Buffer): void {
    this.#heartbeat?.stop();
    if (this.#phase !== 'open') return;
    this.#phase = 'ended';
    this.#relayEndsLeg = true;
    // A paused leg could not read the page's answer to our close frame.
    this.#leg.resume();
    const text = isUtf8(reason) ? reason : Buffer.from(reason.toString('utf8'), 'utf8').subarray(0, 123);
    if (code === ABNORMAL && this.#closeAfterError !== undefined) {
      const [errorCode, errorReason] = this.#closeAfterError;
      this.#log('info', `upstream ended after a protocol error; closing the leg with ${errorCode}`);
      this.#leg.close(errorCode, errorReason);
    } else if (code === NO_STATUS) {
      this.#log('info', `upstream closed without a status; closing the leg without one`);
      this.#leg.close();
    } else if (code === ABNORMAL || !isSendableCloseCode(code)) {
      // A drop: the page sees 1006, after the frames already received reach it.
      this.#log('info', `upstream connection dropped (${code}); dropping the leg`);
      const leg = this.#leg;
      if (this.#toPage === undefined) leg.terminate();
      else this.#toPage.afterFlush(() => leg.terminate());
    } else {
      this.#log('info', `upstream closed with ${code}`);
      this.#leg.close(code, text);
    }
  }

  /** relay-protocol.ts step 5, page side. */
  #onLegClose(code: number, reason: Buffer): void {
    clearTimeout(this.#requestTimer);
    const phase = this.#phase;
    this.#finish();
    if (this.#relayEndsLeg) return;
    const upstream = this.#upstream;
    if (phase === 'connecting') {
      this.#log('info', `page left before the upstream opened; aborting ${this.#target}`);
      upstream?.terminate();
      return;
    }
    if (phase !== 'open' || upstream === undefined) return;
    const deviceCode = decodeCloseCode(code);
    if (deviceCode === undefined) {
      // Not a close() of the app: the page went away (reload, navigation, crash). On the
      // device that is the app dying, and the server sees its TCP connection end.
      this.#log('info', `page leg ended with ${code}, not a device close; dropping the upstream connection`);
      upstream.terminate();
      return;
    }
    this.#log('info', `page closed with ${deviceCode}; closing upstream with it`);
    // A paused upstream could not read the server's answer to our close frame.
    upstream.resume();
    closeWithDeviceCode(upstream, deviceCode, reason, (why) => this.#log('warn', why));
  }

  /** Refused before any upstream traffic (RejectedReply); the relay then ends the leg. */
  #reject(code: number, why: string): void {
    this.#log('warn', `refused ${this.#target ?? 'the connect request'}: ${why} → ${code}`);
    this.#reply({ op: 'rejected', code, message: messageFor(code) });
    this.#endLeg(NORMAL, '');
  }

  #fail(status: string, why: string, route: string): void {
    if (this.#phase !== 'connecting') return;
    this.#log('warn', `${this.#target} ${route} failed (${why}) → failed ${status}`);
    this.#reply({ op: 'failed', status });
    this.#endLeg(NORMAL, '');
  }

  #reply(reply: RelayReply): void {
    if (this.#leg.readyState === WebSocket.OPEN) this.#leg.send(JSON.stringify(reply));
  }

  #endLeg(code: number, reason: string): void {
    this.#finish();
    this.#relayEndsLeg = true;
    if (this.#leg.readyState === WebSocket.OPEN || this.#leg.readyState === WebSocket.CONNECTING) this.#leg.close(code, reason);
  }

  /** The device connection is over: no more replies, data or timers. */
  #finish(): void {
    this.#phase = 'ended';
    clearTimeout(this.#requestTimer);
    this.#heartbeat?.stop();
    this.#early = [];
    this.#earlyBytes = 0;
    if (this.#earlyPaused) {
      this.#earlyPaused = false;
      this.#leg.resume();
    }
  }
}

function closed(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}
