import type WebSocket from 'ws';
import { utf8Truncate } from '../../core/utf8-truncate.js';
import { POLICY_VIOLATION } from '../../protocol/close-codes.js';
import { PAGE_GOING_AWAY, decodeCloseCode } from '../../protocol/relay-protocol.js';
import { FramePipe, type FrameSink } from '../../net/ws-frames/frame-pipe.js';
import type { FrameLegControl, FrameLegHandler, FrameLegOperation, LegDescription } from '../../relay/leg-operation.js';
import { MAX_CLOSE_REASON_BYTES } from '../core/device-limits.js';
import { MAX_ID_CHARS, type AcceptRequest } from '../core/relay-messages.js';
import type { DeviceServerClient } from '../engine/device-server.js';
import type { HostedServer, HostedServers } from './hosted-servers.js';
import { PAGE_MESSAGE_LIMIT } from './page-message-limit.js';

/** The longest client an accept request may name: twice the longest id, which no waiting client has. */
const MAX_ACCEPTED_CLIENT_CHARS = 128;

/**
 * relay-messages.ts `accept`: one client of one of the app's servers (`servers`), on a
 * leg of its own. The page's request completes the client's waiting handshake (its
 * 101); then what the client sends goes to the page (its binary frames as they came),
 * what the page sends to the client, with backpressure both ways, and the end of either
 * is the end of the other (connect's rules, step 5).
 */
export function acceptOperation(servers: HostedServers): FrameLegOperation<AcceptRequest> {
  return {
    op: 'accept',
    pageMessageLimit: PAGE_MESSAGE_LIMIT,
    passesFrames: true,
    parse(message) {
      const { server, client } = message;
      if (typeof server !== 'string' || server.length > MAX_ID_CHARS || typeof client !== 'string' || client.length > MAX_ACCEPTED_CLIENT_CHARS)
        return 'accept request needs server and client strings';
      return { op: 'accept', server, client };
    },
    start: (leg, request) => new AcceptHandler(leg, request, servers),
  };
}

class AcceptHandler implements FrameLegHandler {
  readonly #leg: FrameLegControl;
  readonly closed: Promise<void>;
  #markClosed!: () => void;
  #client: DeviceServerClient | undefined;
  #hosted: HostedServer | undefined;
  #toPage: FramePipe | undefined;
  #toClient: FramePipe | undefined;
  #phase: 'open' | 'ended' = 'open';

  constructor(leg: FrameLegControl, request: AcceptRequest, servers: HostedServers) {
    this.#leg = leg;
    this.closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    const hosted = servers.get(request.server);
    const refusal =
      hosted === undefined
        ? 'a server this relay does not know'
        : hosted.server.clientCount >= hosted.maxClients
          ? `past the ${hosted.maxClients} clients the server's limits allow`
          : undefined;
    // The handshake completes here, and the client is attached before anything of it can arrive.
    const client = refusal === undefined ? hosted?.server.accept(request.client) : undefined;
    if (hosted === undefined || client === undefined) {
      if (hosted !== undefined && refusal !== undefined) hosted.server.refuse(request.client);
      const why = refusal ?? 'a client whose handshake is not waiting (gone, refused or taken already)';
      leg.log('warn', `accept for ${why}; closing the leg with 1008`);
      this.#phase = 'ended';
      leg.end(POLICY_VIOLATION, 'unknown server or client');
      this.#markClosed();
      return;
    }
    leg.log('info', `accepted client ${client.id}`);
    this.#hosted = hosted;
    this.#client = client;
    void new Promise<void>((resolve) => {
      if (client.socket.readyState === client.socket.CLOSED) resolve();
      else client.socket.once('close', () => resolve());
    }).then(() => this.#markClosed());
    leg.reply({ op: 'accepted' });
    this.#toPage = new FramePipe(client.socket, leg.pageSink, leg.pageWrites);
    this.#toClient = new FramePipe(leg, clientSink(client.socket));
    hosted.attached.set(client.id, {
      message: (data, isBinary) => {
        if (this.#phase === 'open') this.#toPage?.forward(data, isBinary);
      },
      frames: (parts) => {
        if (this.#phase === 'open') this.#toPage?.forwardFrames(parts);
      },
      closed: (code, reason) => this.#end({ code, reason }),
      dropped: () => this.#end('dropped'),
    });
    hosted.server.passFrames(client.id);
  }

  describe(): LegDescription {
    return {
      target: this.#client === undefined ? undefined : `client ${this.#client.id}`,
      phase: this.#phase,
      upstreamBufferedAmount: this.#client?.socket.bufferedAmount ?? 0,
      upstreamReadPaused: this.#toPage?.paused ?? false,
      legReadPaused: this.#toClient?.paused ?? false,
    };
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    if (this.#phase === 'open') this.#toClient?.forward(data, isBinary);
  }

  /** Never called: the page's messages reach the client through ws (clientSink takes no frames), so the leg passes none. */
  onFrames(): void {}

  /**
   * The app closed the client (its device code on the leg), the page went away (the
   * browser's 1001: the client gets 1001 and no reason, as from the browser's own
   * WebSocket), or the leg dropped (the client is dropped).
   */
  onPageClose(code: number, reason: Buffer): void {
    const client = this.#client;
    this.#detach();
    if (client === undefined || this.#hosted === undefined) return;
    if (code === PAGE_GOING_AWAY) {
      this.#leg.log('info', `the page went away (1001): closing client ${client.id} with 1001`);
      this.#hosted.server.close(client.id, PAGE_GOING_AWAY, '');
      return;
    }
    const deviceCode = decodeCloseCode(code);
    if (deviceCode === undefined) {
      this.#leg.log('info', `page leg ended with ${code}: dropping client ${client.id}`);
      client.socket.terminate();
      return;
    }
    this.#hosted.server.close(client.id, deviceCode, reason.toString('utf8'));
  }

  /**
   * At once, not when the leg's socket has closed: the app's close listener runs when the
   * page hears the relay's answer, and a stop() it calls (on the listen leg) must not
   * reach the client before this close does (WS §6.4). onPageClose then finds it done.
   */
  onPageCloseFrame(code: number, reason: Buffer): void {
    this.onPageClose(code, reason);
  }

  abort(): void {
    this.#detach();
    this.#client?.socket.terminate();
  }

  /** relay-messages.ts accept step 5, client side: mirror the client's end onto the leg. */
  #end(ending: { readonly code: number | undefined; readonly reason: string } | 'dropped'): void {
    if (this.#phase !== 'open') return;
    this.#detach();
    if (ending === 'dropped') this.#leg.drop(this.#toPage);
    else this.#leg.end(ending.code, utf8Truncate(ending.reason, MAX_CLOSE_REASON_BYTES));
  }

  #detach(): void {
    this.#phase = 'ended';
    if (this.#client !== undefined) this.#hosted?.attached.delete(this.#client.id);
  }
}

/** A client's server-side ws as a FrameSink: the page's messages go to it through ws. */
function clientSink(socket: WebSocket): FrameSink {
  return {
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    send: (data, options, cb) => socket.send(data, options, cb),
    sendFrames: (_parts, cb) => process.nextTick(cb, new Error('a client takes messages, not frames')),
  };
}
