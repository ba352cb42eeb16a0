import { NORMAL_CLOSURE, POLICY_VIOLATION } from '../../protocol/close-codes.js';
import { readMessage } from '../../protocol/read-message.js';
import { OUTBOUND_POLICY_REFUSAL, PAGE_GOING_AWAY } from '../../protocol/relay-protocol.js';
import { HIGH_WATER_MARK, LOW_WATER_MARK } from '../../net/ws-frames/frame-pipe.js';
import type { LegControl, LegDescription, LegHandler, MessageLegOperation } from '../../relay/leg-operation.js';
import { whyForPage } from '../../relay/page-diagnostic.js';
import { parseLegRequest } from '../../relay/parse-leg-request.js';
import { CurlCode, type HttpWireEvents, type HttpWireRequest } from '../core/http-wire.js';
import {
  BODY_PIECE_BYTES,
  DATA_WINDOW_BYTES,
  MAX_BODY_MESSAGE_BYTES,
  MAX_BODY_PIECE_BYTES,
  type FailedReply,
  type HttpRelayReply,
  type HttpRelayRequest,
  type ReceiveReply,
} from '../core/relay-messages.js';
import { parseAck, parseRelayRequest, uploadLength, withUploadedBytes } from '../core/relay-request.js';
import { parseCurlUrl, targetOf } from '../engine/curl-url.js';
import type { ConnectionPool } from '../engine/connection-pool.js';
import type { HttpEngineTransfer } from '../engine/engine-context.js';
import { perform } from '../engine/perform.js';
import { PageSessions } from './page-sessions.js';
import { UploadBudget } from './upload-budget.js';

/**
 * The largest message the page may send on an `http` leg after its request: a piece of
 * its body (relay-messages.ts step 4), an `ack` being far smaller.
 */
export const HTTP_PAGE_MESSAGE_LIMIT = MAX_BODY_PIECE_BYTES;

type Phase = 'uploading' | 'transferring' | 'idle' | 'ended';

/**
 * relay-messages.ts `http`: the page's transfers, one after another on one leg, each
 * performed by the engine the Node wire uses (src/http/engine) with the relay's files
 * (its sandbox), outbound policy, environment and connection pool, and the page
 * session's cookie jars. The handler takes the page's body, runs the transfer, reports
 * it to the page with backpressure both ways, and then waits on the leg for the page's
 * next request (step 8).
 */
export function httpOperation(
  sessions: PageSessions,
  pool?: ConnectionPool,
  uploads = new UploadBudget(Number.MAX_SAFE_INTEGER),
): MessageLegOperation<HttpRelayRequest> {
  return {
    op: 'http',
    pageMessageLimit: HTTP_PAGE_MESSAGE_LIMIT,
    passesFrames: false,
    parse: parseRelayRequest,
    start: (leg, request) => new HttpHandler(leg, request, sessions, pool, uploads),
  };
}

class HttpHandler implements LegHandler {
  readonly closed: Promise<void>;
  readonly #leg: LegControl;
  readonly #sessions: PageSessions;
  readonly #pool: ConnectionPool | undefined;
  readonly #uploads: UploadBudget;
  /** The room this leg's upload holds in the relay's budget, given back when its transfer is over. */
  #heldUpload = 0;
  #request: HttpRelayRequest;
  #target: string | undefined;
  #expected = 0;
  #phase: Phase = 'uploading';
  #pieces: Buffer[] = [];
  #uploaded = 0;
  #transfer: HttpEngineTransfer | undefined;
  /** Body bytes sent to the page, and those it acknowledged (relay-messages.ts step 6), for the transfer under way or the last one. */
  #sentData = 0;
  #acked = 0;
  #paused = false;
  /**
   * Body pieces the engine delivered this turn of the event loop, and the download
   * progress after them, not sent yet: they go to the page as one binary message and one
   * `receive` (step 5), far fewer messages than curl's 16 KiB pieces each with its own.
   */
  #batch: Buffer[] = [];
  #batchBytes = 0;
  #batchProgress: ReceiveReply | undefined;
  #flushQueued = false;
  /** Bounds each wait for the page: its next body piece, an ack while the window is full, or its next request (step 8). */
  #pageTimer: NodeJS.Timeout | undefined;
  #markClosed!: () => void;

  constructor(leg: LegControl, request: HttpRelayRequest, sessions: PageSessions, pool: ConnectionPool | undefined, uploads: UploadBudget) {
    this.#leg = leg;
    this.#uploads = uploads;
    this.#request = request;
    this.#sessions = sessions;
    this.#pool = pool;
    this.closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    this.#begin(request);
  }

  describe(): LegDescription {
    return {
      target: this.#target,
      phase: this.#phase,
      upstreamBufferedAmount: 0,
      upstreamReadPaused: this.#paused,
      legReadPaused: false,
    };
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    if (this.#phase === 'idle') return this.#onIdleMessage(data, isBinary);
    if (this.#phase === 'uploading') {
      if (!isBinary) return this.#refuse('text where body bytes were due');
      if (this.#uploaded + data.length > this.#expected) return this.#refuse('more body bytes than declared');
      this.#pieces.push(data);
      this.#uploaded += data.length;
      if (this.#uploaded === this.#expected) this.#startTransfer();
      else this.#waitForPage('no body in time');
      return;
    }
    if (this.#phase !== 'transferring') return;
    if (isBinary) return this.#refuse('body bytes after the body');
    const read = readMessage(data.toString('utf8'), 'request');
    if (!read.ok) return this.#refuse(read.reason);
    const ack = parseAck(read.message);
    if (typeof ack === 'string') return this.#refuse(ack);
    if (!this.#takeAck(ack.bytes)) return this.#refuse('ack of bytes not sent');
    this.#flowControl(true);
  }

  /** relay-messages.ts step 7: the page ended the transfer (or went away): whatever it opened ends now. */
  onPageClose(code: number): void {
    if (this.#phase === 'transferring') this.#leg.log('info', `the page left (${code}); aborting ${this.#target ?? 'the transfer'}`);
    const pageGone = code === PAGE_GOING_AWAY;
    if (this.#phase === 'idle' && pageGone) this.#sessions.pageGone(this.#request.session);
    this.#finish(pageGone);
  }

  abort(): void {
    this.#finish(false);
  }

  /** One transfer on this leg: the first (the leg's request) or a later one (step 8). */
  #begin(request: HttpRelayRequest): void {
    this.#request = request;
    const url = parseCurlUrl(request.url);
    this.#target = url.ok ? targetOf(url.url) : undefined;
    this.#expected = uploadLength(request);
    this.#phase = 'uploading';
    this.#pieces = [];
    this.#uploaded = 0;
    this.#transfer = undefined;
    this.#sentData = 0;
    this.#acked = 0;
    this.#paused = false;
    this.#sessions.join(request.session);
    if (this.#expected === 0) return this.#startTransfer();
    if (!this.#uploads.take(this.#expected)) return this.#refuseUpload();
    this.#heldUpload = this.#expected;
    this.#waitForPage('no body in time');
  }

  /**
   * The relay holds as many uploads as it may (upload-budget.ts): this one fails as on a
   * device out of memory (curl 27), said first, and the leg ends normally, its body
   * bytes in flight with it.
   */
  #refuseUpload(): void {
    const held = `${this.#uploads.limit / (1024 * 1024)} MiB`;
    this.#leg.log('warn', `an upload of ${this.#expected} bytes does not fit beside the uploads held (at most ${held}); failed (curl 27)`);
    const reply: FailedReply = {
      op: 'failed',
      code: CurlCode.OUT_OF_MEMORY,
      why: whyForPage(`the relay already holds as many uploads as it may at once (${held}); try again when one is over`, this.#leg.options.token),
    };
    this.#leg.reply(reply);
    this.#finish(false);
    this.#leg.end(NORMAL_CLOSURE, 'uploads held at their limit');
  }

  #giveUploadBack(): void {
    this.#uploads.give(this.#heldUpload);
    this.#heldUpload = 0;
  }

  /**
   * Step 8: on an idle leg the page may send its next request, read as strictly as a
   * leg's first one, or an ack of the transfer just ended that crossed its `end`.
   */
  #onIdleMessage(data: Buffer, isBinary: boolean): void {
    const read = parseLegRequest(data, isBinary);
    if (!read.ok) return this.#refuse(read.reason);
    if (read.op === 'ack') {
      const ack = parseAck(read.message);
      if (typeof ack === 'string' || !this.#takeAck(ack.bytes)) this.#refuse('ack of bytes not sent');
      return;
    }
    if (read.op !== 'http') return this.#refuse('only http may follow on an http leg');
    const request = parseRelayRequest(read.message);
    if (typeof request === 'string') return this.#refuse(request);
    clearTimeout(this.#pageTimer);
    this.#begin(request);
  }

  #takeAck(bytes: number): boolean {
    if (bytes < this.#acked || bytes > this.#sentData) return false;
    this.#acked = bytes;
    return true;
  }

  #startTransfer(): void {
    clearTimeout(this.#pageTimer);
    this.#phase = 'transferring';
    const uploaded = this.#pieces.length === 1 ? (this.#pieces[0] as Buffer) : Buffer.concat(this.#pieces, this.#uploaded);
    this.#pieces = [];
    const wireRequest = this.#withSessionJar(withUploadedBytes(this.#request, uploaded));
    const leg = this.#leg;
    const events: HttpWireEvents = {
      onSendProgress: (sent, total) => this.#reply({ op: 'send', sent, total }),
      onHeaderBlock: (block) => this.#reply({ op: 'headers', status: block.status, lines: block.lines }),
      onData: (chunk) => this.#sendData(chunk),
      onReceiveProgress: (received, total) => {
        // HTTP §6: the device reports download progress for requestInStream only; for request() it would be messages for nobody.
        if (this.#request.mode !== 'stream') return;
        if (this.#batchBytes > 0) this.#batchProgress = { op: 'receive', received, total };
        else this.#reply({ op: 'receive', received, total });
      },
      onEnd: (facts) => {
        if (this.#phase !== 'transferring') return;
        this.#reply({ op: 'end', facts });
        this.#transferOver();
      },
      onFail: (code, extendInfo, why = '') => {
        if (this.#phase !== 'transferring') return;
        // How the policy judged a target (what a name resolved to, where a redirect pointed) stays in the relay's log.
        const told = code === CurlCode.DOMAIN_NOT_ALLOWED ? OUTBOUND_POLICY_REFUSAL : why;
        const reply: FailedReply = {
          op: 'failed',
          code,
          ...(extendInfo === undefined ? {} : { extendInfo }),
          ...(told === '' ? {} : { why: whyForPage(told, leg.options.token) }),
        };
        this.#reply(reply);
        this.#transferOver();
      },
    };
    this.#transfer = perform(
      wireRequest,
      {
        files: leg.options.sandboxDir,
        guard: leg.guard,
        env: leg.env,
        allowLoopbackOnly: leg.options.outbound.allowLoopbackOnly === true,
        cookieJars: this.#sessions.jars,
        ...(this.#pool === undefined ? {} : { pool: this.#pool }),
        log: (level, message) => leg.log(level, message),
      },
      events,
    );
  }

  /** The object's jar is the page session's: its key names both (page-sessions.ts). */
  #withSessionJar(request: HttpWireRequest): HttpWireRequest {
    const jar = request.transport.cookieJar;
    if (jar === 'transfer') return request;
    return { ...request, transport: { ...request.transport, cookieJar: { object: PageSessions.jarKey(this.#request.session, jar.object) } } };
  }

  #sendData(chunk: Uint8Array): void {
    if (this.#phase !== 'transferring') return;
    this.#batch.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.#batchBytes += chunk.byteLength;
    // Past flow control's bounds the bytes go at once, so that #flowControl pauses the
    // engine where it did piece by piece: no bound is passed by more than the engine's last read.
    if (this.#pastBounds(this.#batchBytes) || this.#batchBytes >= MAX_BODY_MESSAGE_BYTES - BODY_PIECE_BYTES) {
      this.#flushBatch();
      return;
    }
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    // After the turn's I/O, not after this read: every socket read undici handled in this
    // turn joins one message (a 10 MiB download went as 64 KiB messages, each with its
    // `receive`, and the page's share of the work cost a tenth of the speed).
    setImmediate(() => {
      this.#flushQueued = false;
      this.#flushBatch();
    });
  }

  /** What the engine delivered so far goes to the page: the bytes in one message, then the latest progress. */
  #flushBatch(): void {
    if (this.#batchBytes === 0 || this.#phase !== 'transferring') return;
    const pieces = this.#batch;
    const data = pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces, this.#batchBytes);
    const progress = this.#batchProgress;
    this.#batch = [];
    this.#batchBytes = 0;
    this.#batchProgress = undefined;
    this.#sentData += data.length;
    const transfer = this.#transfer;
    // Written to the page's socket: the page is reading (only the transfer that sent it counts).
    this.#leg.pageSink.send(data, { binary: true, compress: false }, () => {
      if (this.#transfer === transfer) this.#flowControl(true);
    });
    if (progress !== undefined) this.#leg.reply(progress);
    this.#flowControl(false);
  }

  /**
   * relay-messages.ts step 6: upstream is read only while the leg's send buffer is below
   * its high-water mark and the page has no more than the window unacknowledged; it
   * resumes once the buffer is below the low-water mark and the window has room again.
   * While paused, the page must make progress (`progress`: it acknowledged, or its
   * socket took bytes) within handshakeTimeoutMs.
   */
  #flowControl(progress: boolean): void {
    const transfer = this.#transfer;
    if (this.#phase !== 'transferring' || transfer === undefined) return;
    if (!this.#paused && this.#pastBounds(0)) {
      this.#paused = true;
      transfer.pause();
      this.#waitForPage('no ack in time');
      return;
    }
    const buffered = this.#leg.pageSink.bufferedAmount;
    const unacked = this.#sentData - this.#acked;
    if (this.#paused && buffered <= LOW_WATER_MARK && unacked <= DATA_WINDOW_BYTES) {
      this.#paused = false;
      clearTimeout(this.#pageTimer);
      transfer.resume();
    } else if (this.#paused && progress) {
      this.#waitForPage('no ack in time');
    }
  }

  /**
   * Flow control's bounds (step 6), counting `pending` body bytes not sent yet: the leg's
   * send buffer past its high-water mark, or more than the window unacknowledged.
   */
  #pastBounds(pending: number): boolean {
    return this.#leg.pageSink.bufferedAmount + pending > HIGH_WATER_MARK || this.#sentData + pending - this.#acked > DATA_WINDOW_BYTES;
  }

  /** A page that sends nothing it owes within handshakeTimeoutMs is stuck or gone: the leg ends with 1008. */
  #waitForPage(reason: string): void {
    clearTimeout(this.#pageTimer);
    this.#pageTimer = setTimeout(() => this.#refuse(reason), this.#leg.options.handshakeTimeoutMs);
    this.#pageTimer.unref();
  }

  #reply(reply: HttpRelayReply): void {
    if (this.#phase !== 'transferring') return;
    // Replies keep their place after the body bytes before them.
    this.#flushBatch();
    this.#leg.reply(reply);
  }

  /** The page broke the protocol: a bug or an attack. The transfer ends; the relay goes on. */
  #refuse(reason: string): void {
    if (this.#phase === 'ended') return;
    this.#leg.log('warn', `${reason}; closing the leg with 1008`);
    this.#finish(false);
    this.#leg.end(POLICY_VIOLATION, reason);
  }

  /**
   * After `end` or `failed` (step 5): the transfer's own things go (its connections are
   * the pool's now, or closed), and the leg waits for the page's next request (step 8),
   * as long as for a leg's first request (handshakeTimeoutMs); then the relay closes it with 1000.
   */
  #transferOver(): void {
    clearTimeout(this.#pageTimer);
    this.#giveUploadBack();
    this.#dropBatch();
    this.#transfer?.abort();
    this.#transfer = undefined;
    this.#paused = false;
    this.#phase = 'idle';
    this.#sessions.leave(this.#request.session, false);
    this.#pageTimer = setTimeout(() => {
      this.#finish(false);
      this.#leg.end(NORMAL_CLOSURE, 'idle');
    }, this.#leg.options.handshakeTimeoutMs);
    this.#pageTimer.unref();
  }

  #dropBatch(): void {
    this.#batch = [];
    this.#batchBytes = 0;
    this.#batchProgress = undefined;
  }

  /** The leg is over: the transfer's sockets, timers and pieces go, and its session may be forgotten. */
  #finish(pageGone: boolean): void {
    if (this.#phase === 'ended') return;
    const transferring = this.#phase !== 'idle';
    this.#phase = 'ended';
    clearTimeout(this.#pageTimer);
    this.#giveUploadBack();
    this.#pieces = [];
    this.#dropBatch();
    this.#transfer?.abort();
    if (transferring) this.#sessions.leave(this.#request.session, pageGone);
    this.#markClosed();
  }
}
