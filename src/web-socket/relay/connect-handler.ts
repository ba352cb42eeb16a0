import { utf8Truncate } from '../../core/utf8-truncate.js';
import { NORMAL_CLOSURE } from '../../protocol/close-codes.js';
import { OUTBOUND_POLICY_REFUSAL, PAGE_GOING_AWAY, decodeCloseCode } from '../../protocol/relay-protocol.js';
import { FramePipe, HIGH_WATER_MARK } from '../../net/ws-frames/frame-pipe.js';
import type { FrameLegControl, FrameLegHandler, FrameLegOperation, LegControl, LegDescription } from '../../relay/leg-operation.js';
import { whyForPage } from '../../relay/page-diagnostic.js';
import type { ResolvedRelayOptions } from '../../relay/relay-options.js';
import { MAX_CLOSE_REASON_BYTES } from '../core/device-limits.js';
import { ErrorCode, messageFor } from '../core/error-codes.js';
import type { ConnectRequest, FailedReply, OpenedReply, RejectedReply } from '../core/relay-messages.js';
import type { UpstreamSettings } from '../engine/plan-upstream.js';
import { UpstreamSession, type UpstreamEnding } from '../engine/upstream-session.js';
import type { HostedServers } from './hosted-servers.js';
import { PAGE_MESSAGE_LIMIT } from './page-message-limit.js';
import { parseConnectRequest } from './parse-connect-request.js';

type ConnectPhase = 'preparing' | 'connecting' | 'open' | 'ended';

/**
 * relay-messages.ts `connect`: one device connection for the page. An UpstreamSession
 * checks the request and opens the upstream connection with the device's semantics;
 * the handler answers the page (accepted / rejected, then opened / failed), then pipes
 * frames both ways with backpressure and mirrors the end of either side onto the other.
 * A connection to one of the app's servers the relay hosts (`servers`) goes where it
 * really listens.
 */
export function connectOperation(servers: HostedServers): FrameLegOperation<ConnectRequest> {
  return {
    op: 'connect',
    pageMessageLimit: PAGE_MESSAGE_LIMIT,
    passesFrames: true,
    parse: parseConnectRequest,
    start: (leg, request) => new ConnectHandler(leg, toHostedServer(request, leg, servers)),
  };
}

class ConnectHandler implements FrameLegHandler {
  readonly #leg: FrameLegControl;
  readonly #session: UpstreamSession;
  #phase: ConnectPhase = 'preparing';
  #toPage: FramePipe | undefined;
  #toUpstream: FramePipe | undefined;
  /** Page messages that arrive before upstream is open, in order. */
  #early: Array<[Buffer, boolean]> = [];
  #earlyBytes = 0;
  #earlyPaused = false;

  constructor(leg: FrameLegControl, request: ConnectRequest) {
    this.#leg = leg;
    this.#session = new UpstreamSession(
      request,
      {
        settings: upstreamSettingsOf(leg.options),
        openingSince: leg.openingSince,
        guard: leg.guard,
        env: leg.env,
        limitsOwner: 'the relay',
        log: (level, message) => leg.log(level, message),
        notice: (message) => leg.log('warn', message),
      },
      {
        accepted: () => this.#onAccepted(),
        rejected: (code, why) => this.#onRejected(code, why),
        opened: (reply) => this.#onUpstreamOpen(reply),
        failed: (status, why, byPolicy) => this.#onFailed(status, why, byPolicy),
        message: (data, isBinary) => {
          if (this.#phase === 'open') this.#toPage?.forward(data, isBinary);
        },
        binaryFrames: (parts) => {
          if (this.#phase === 'open') this.#toPage?.forwardFrames(parts);
        },
        ended: (ending) => this.#onUpstreamEnd(ending),
        fault: (error) => leg.fault(error),
      },
    );
    this.#session.start();
  }

  get closed(): Promise<void> {
    return this.#session.closed;
  }

  describe(): LegDescription {
    return {
      target: this.#session.target,
      phase: this.#phase,
      upstreamBufferedAmount: this.#session.bufferedAmount,
      upstreamReadPaused: this.#toPage?.paused ?? false,
      legReadPaused: this.#earlyPaused || (this.#toUpstream?.paused ?? false),
    };
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    if (this.#phase === 'open') {
      this.#toUpstream?.forward(data, isBinary);
    } else if (this.#phase !== 'ended') {
      // relay-messages.ts connect step 4: anything after the request is application data.
      this.#early.push([data, isBinary]);
      this.#earlyBytes += data.length;
      if (!this.#earlyPaused && this.#earlyBytes > HIGH_WATER_MARK) {
        this.#earlyPaused = true;
        this.#leg.pause();
      }
    }
  }

  onFrames(parts: Buffer[]): void {
    if (this.#phase === 'open') this.#toUpstream?.forwardFrames(parts);
  }

  /** relay-messages.ts connect step 5, page side. */
  onPageClose(code: number, reason: Buffer): void {
    const phase = this.#phase;
    this.#finish();
    const session = this.#session;
    if (phase !== 'open') {
      if (phase === 'connecting') this.#leg.log('info', `page left before the upstream opened; aborting ${session.target}`);
      session.abort();
      return;
    }
    if (code === PAGE_GOING_AWAY) {
      // The browser's own close on unload (a reload, a navigation): the server gets what
      // the browser's WebSocket would send it in direct mode, 1001 and no reason.
      this.#leg.log('info', 'the page went away (1001); closing upstream with 1001');
      session.close(PAGE_GOING_AWAY, Buffer.alloc(0));
      return;
    }
    const deviceCode = decodeCloseCode(code);
    if (deviceCode === undefined) {
      // Not a close() of the app, and no word from the browser (a drop: it died, or the network went): on the
      // device that is the app dying, and the server sees its TCP connection end.
      this.#leg.log('info', `page leg ended with ${code}, not a device close; dropping the upstream connection`);
      session.abort();
      return;
    }
    this.#leg.log('info', `page closed with ${deviceCode}; closing upstream with it`);
    session.close(deviceCode, reason);
  }

  abort(): void {
    this.#finish();
    this.#session.abort();
  }

  #onAccepted(): void {
    if (this.#phase !== 'preparing') return;
    // WS §2.2: connect() resolves once the request is handed over; what happens to the
    // connection after that arrives as events.
    this.#phase = 'connecting';
    this.#leg.reply({ op: 'accepted' });
  }

  /** Refused before any upstream traffic (RejectedReply); the relay then ends the leg. */
  #onRejected(code: number, why: string): void {
    if (this.#phase !== 'preparing') return;
    this.#leg.log('warn', `refused ${this.#session.target ?? 'the connect request'}: ${why} → ${code}`);
    // 2302998 is the outbound policy's answer alone (planUpstream): how it judged the target stays here.
    const told = code === ErrorCode.DOMAIN_NOT_ALLOWED ? OUTBOUND_POLICY_REFUSAL : why;
    const reply: RejectedReply = { op: 'rejected', code, message: messageFor(code), why: whyForPage(told, this.#leg.options.token) };
    this.#leg.reply(reply);
    this.#endLeg();
  }

  #onFailed(status: string, why: string, byPolicy: boolean): void {
    if (this.#phase !== 'connecting') return;
    this.#leg.log('warn', `${this.#session.target} ${this.#session.route} failed (${why}) → failed ${status}`);
    // Where a refused redirect pointed came from the server, not the page: the page learns only that it was refused.
    const told = !byPolicy ? why : this.#session.redirects > 0 ? `a redirect of the upgrade was ${OUTBOUND_POLICY_REFUSAL}` : OUTBOUND_POLICY_REFUSAL;
    const reply: FailedReply = { op: 'failed', status, why: whyForPage(told, this.#leg.options.token) };
    this.#leg.reply(reply);
    this.#endLeg();
  }

  #onUpstreamOpen(reply: OpenedReply): void {
    const session = this.#session;
    if (this.#phase !== 'connecting') return;
    this.#phase = 'open';
    this.#leg.log('info', `open: ${session.target}`);
    this.#leg.reply(reply);
    this.#toPage = new FramePipe(session, this.#leg.pageSink, this.#leg.pageWrites);
    this.#toUpstream = new FramePipe(this.#leg, session, session.writes);
    for (const [data, isBinary] of this.#early) this.#toUpstream.forward(data, isBinary);
    this.#early = [];
    this.#earlyBytes = 0;
    // From the next message on, the page's frames go upstream as they are, after the early ones.
    this.#leg.passFrames();
    if (this.#earlyPaused) {
      this.#earlyPaused = false;
      if (!this.#toUpstream.paused) this.#leg.resume();
    }
  }

  /** relay-messages.ts connect step 5, upstream side: mirror the upstream's end onto the leg. */
  #onUpstreamEnd(ending: UpstreamEnding): void {
    if (this.#phase !== 'open') return;
    this.#finish();
    if (ending.kind === 'dropped') {
      // A drop: the page sees 1006, after the frames already received reach it.
      this.#leg.log('info', 'dropping the leg');
      this.#leg.drop(this.#toPage);
    } else if (ending.code === undefined) {
      // The page sees 1005, as the server's own empty close frame would show.
      this.#leg.end(undefined, '');
    } else {
      this.#leg.end(ending.code, utf8Truncate(ending.reason, MAX_CLOSE_REASON_BYTES));
    }
  }

  #endLeg(): void {
    this.#finish();
    this.#leg.end(NORMAL_CLOSURE, '');
  }

  /** The device connection is over for the page: no more replies or data. */
  #finish(): void {
    this.#phase = 'ended';
    this.#early = [];
    this.#earlyBytes = 0;
    if (this.#earlyPaused) {
      this.#earlyPaused = false;
      this.#leg.resume();
    }
  }
}

/**
 * A connection to loopback on the port of one of the app's servers this relay hosts
 * goes to where that server really listens (the relay's `servers.ports` may map it),
 * as a client on the device reaches the app's server on the port the app asked for.
 */
function toHostedServer(request: ConnectRequest, leg: LegControl, servers: HostedServers): ConnectRequest {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return request;
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return request;
  const appPort = Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
  const port = servers.targetPort(appPort);
  if (port === appPort) return request;
  url.port = String(port);
  leg.log('info', `the app's server on port ${appPort} listens on ${port}: connecting there`);
  return { ...request, url: url.href };
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
