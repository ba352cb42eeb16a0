import { PAGE_GOING_AWAY, type ConnectionNotice, type ListenFailedReply, type ListenRequest } from '../../protocol/relay-protocol.js';
import { HIGH_WATER_MARK } from '../../web-socket/engine/frame-pipe.js';
import type { DeviceServerClient } from '../../web-socket/engine/device-server.js';
import type { HostedServer, WaitingClient } from '../hosted-servers.js';
import type { LegControl, LegDescription, LegHandler, LegOperation } from '../leg-operation.js';
import { whyForPage } from '../page-diagnostic.js';

const NORMAL = 1000;

/**
 * relay-protocol.ts `listen`: the app's WebSocketServer, listening in the relay for the
 * page whose leg this is. The server lives as long as the leg: `stop` closes its
 * clients with 1001 "server is going away" and gives the port back; a page that goes
 * away (the browser's 1001: a reload, a navigation, a closed tab) closes them with 1001
 * and no reason, as the browser does for each WebSocket of the page; a leg that ends
 * otherwise (a drop, the server ended at once) drops every client. Either way the port
 * is given back, leaving no listener and no socket behind.
 */
export const listenOperation: LegOperation<ListenRequest> = {
  op: 'listen',
  parse(message) {
    const { config, page } = message;
    if (typeof page !== 'string' || page.length > 64) return 'listen request page must be a short string';
    if (typeof config !== 'object' || config === null) return 'listen request config must be an object';
    const { serverIP, serverPort, maxConcurrentClientsNumber, maxConnectionsForOneClient } = config as Record<string, unknown>;
    if (typeof serverIP !== 'string' || serverIP.length > 64) return 'listen request config.serverIP must be a string';
    for (const value of [serverPort, maxConcurrentClientsNumber, maxConnectionsForOneClient]) {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535)
        return 'listen request config numbers must be integers 0…65535';
    }
    // The device's caps (OH §6.1): the page checked them; the relay holds to them too.
    if ((maxConcurrentClientsNumber as number) > 10 || (maxConnectionsForOneClient as number) > 10)
      return 'listen request limits above the device caps';
    return {
      op: 'listen',
      page,
      config: {
        serverIP,
        serverPort: serverPort as number,
        maxConcurrentClientsNumber: maxConcurrentClientsNumber as number,
        maxConnectionsForOneClient: maxConnectionsForOneClient as number,
      },
    };
  },
  start: (leg, request) => new ListenHandler(leg, request),
};

class ListenHandler implements LegHandler {
  readonly #leg: LegControl;
  readonly closed: Promise<void>;
  #hosted: HostedServer | undefined;
  #phase: 'binding' | 'listening' | 'stopping' | 'ended' = 'binding';

  constructor(leg: LegControl, request: ListenRequest) {
    this.#leg = leg;
    this.closed = this.#listen(request).then(() => this.#hosted?.server.closed);
  }

  async #listen(request: ListenRequest): Promise<void> {
    const leg = this.#leg;
    const outcome = await leg.hostedServers.listen(
      request,
      {
        connect: (client) => this.#onClient(client),
        refused: () => {
          if (this.#phase === 'listening') leg.reply({ op: 'refused' });
        },
        message: (id, data, isBinary) => {
          const attached = this.#hosted?.attached.get(id);
          if (attached !== undefined) attached.message(data, isBinary);
          else this.#waitingOf(id, (waiting) => this.#hold(waiting, data, isBinary));
        },
        // Only once the client is attached (AcceptHandler asks for frames then).
        frames: (id, parts) => this.#hosted?.attached.get(id)?.frames(parts),
        closed: (id, code, reason) => {
          const attached = this.#hosted?.attached.get(id);
          if (attached !== undefined) attached.closed(code, reason);
          else
            this.#waitingOf(id, (waiting) => {
              waiting.ending = { code, reason };
            });
        },
        dropped: (id) => {
          const attached = this.#hosted?.attached.get(id);
          if (attached !== undefined) attached.dropped();
          else
            this.#waitingOf(id, (waiting) => {
              waiting.ending = 'dropped';
            });
        },
      },
      (level, message) => leg.log(level, `server: ${message}`),
    );
    if (!outcome.ok) {
      leg.log('warn', `refused to listen on the app's port ${request.config.serverPort}: ${outcome.why} → ${outcome.code}`);
      const reply: ListenFailedReply = {
        op: 'listen-failed',
        code: outcome.code,
        message: outcome.message,
        why: whyForPage(outcome.why, leg.options.token),
      };
      leg.reply(reply);
      this.#phase = 'ended';
      leg.end(NORMAL, '');
      return;
    }
    const hosted = outcome.hosted;
    this.#hosted = hosted;
    if (this.#phase === 'ended') {
      // The page left while the server was being bound.
      this.#release();
      hosted.server.destroy();
      return;
    }
    this.#phase = 'listening';
    const { host, port } = hosted.server.address;
    leg.log('info', `listening for the app's port ${request.config.serverPort} on ${host.includes(':') ? `[${host}]` : host}:${port}`);
    leg.reply({ op: 'listening', server: hosted.id, host, port });
  }

  describe(): LegDescription {
    const address = this.#hosted?.server.address;
    return {
      target: address === undefined ? undefined : `ws://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`,
      phase: this.#phase,
      upstreamBufferedAmount: 0,
      upstreamReadPaused: false,
      legReadPaused: false,
    };
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(data.toString('utf8'));
    } catch {
      message = undefined;
    }
    if ((message as { op?: unknown } | undefined)?.op !== 'stop') {
      this.#leg.log('warn', 'a listen leg takes `stop` only; closing it with 1008');
      this.abort();
      this.#leg.end(1008, 'a listen leg takes stop only');
      return;
    }
    this.#stop();
  }

  onFrames(): void {}

  /**
   * The page went away (1001: every client closed with 1001 and no reason), dropped or
   * ended the server at once (every client dropped); the port given back.
   */
  onPageClose(code: number): void {
    const hosted = this.#hosted;
    if (code === PAGE_GOING_AWAY && this.#phase === 'listening' && hosted !== undefined) {
      this.#leg.log('info', "the page went away (1001): closing its server's clients with 1001");
      this.#phase = 'stopping';
      this.#release();
      for (const waiting of hosted.waiting.values()) clearTimeout(waiting.timer);
      hosted.server.stop('');
      return;
    }
    if (this.#phase !== 'stopping') this.#leg.log('info', 'the page left: dropping its server and every client');
    this.abort();
  }

  abort(): void {
    const wasStopping = this.#phase === 'stopping';
    this.#phase = 'ended';
    this.#release();
    if (!wasStopping) this.#hosted?.server.destroy();
    for (const waiting of this.#hosted?.waiting.values() ?? []) clearTimeout(waiting.timer);
  }

  /** OH §6.4 stop(): every client closed with 1001 "server is going away", the port given back. */
  #stop(): void {
    const hosted = this.#hosted;
    if (this.#phase !== 'listening' || hosted === undefined) return;
    this.#phase = 'stopping';
    this.#release();
    hosted.server.stop();
    this.#leg.log('info', `stopping the server of the app's port ${hosted.appPort}`);
    this.#leg.reply({ op: 'stopped' });
    void hosted.server.closed.then(() => this.#leg.end(NORMAL, ''));
  }

  #release(): void {
    if (this.#hosted !== undefined) this.#leg.hostedServers.release(this.#hosted.id);
  }

  #onClient(client: DeviceServerClient): void {
    const hosted = this.#hosted;
    if (hosted === undefined || this.#phase !== 'listening') {
      client.socket.terminate();
      return;
    }
    // The page takes the client on an accept leg of its own; until then the relay holds
    // what the client sends (and stops reading it past HIGH_WATER_MARK).
    const timer = setTimeout(() => {
      if (!hosted.waiting.has(client.id)) return;
      this.#leg.log('warn', `the page did not take client ${client.id} within ${this.#leg.options.handshakeTimeoutMs} ms; dropping it`);
      hosted.waiting.delete(client.id);
      client.socket.terminate();
    }, this.#leg.options.handshakeTimeoutMs);
    timer.unref();
    hosted.waiting.set(client.id, { client, early: [], earlyBytes: 0, ending: undefined, timer });
    const notice: ConnectionNotice = { op: 'connection', client: client.id, clientIP: client.clientIP, clientPort: client.clientPort };
    this.#leg.reply(notice);
  }

  #waitingOf(id: string, action: (waiting: WaitingClient) => void): void {
    const waiting = this.#hosted?.waiting.get(id);
    if (waiting !== undefined) action(waiting);
  }

  #hold(waiting: WaitingClient, data: Buffer, isBinary: boolean): void {
    waiting.early.push([data, isBinary]);
    waiting.earlyBytes += data.length;
    if (waiting.earlyBytes > HIGH_WATER_MARK) waiting.client.socket.pause();
  }
}
