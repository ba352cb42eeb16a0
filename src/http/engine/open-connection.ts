import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, TLSSocket, type ConnectionOptions } from 'node:tls';
import type { buildConnector } from 'undici';
import { openTunnel, type Tunnel } from '../../net/open-tunnel.js';
import { OutboundRefusal } from '../../net/outbound-policy.js';
import { CurlCode } from '../core/http-wire.js';
import { CurlFailure, curlCodeOf } from './curl-failure.js';
import type { HopRoute } from './plan-route.js';
import { checkPins, connectionTlsOptions, tlsVersionNumber, type TlsSettings } from './tls-settings.js';

/** What the transfer learns about a connection it made (HTTP §5 connectionExtraInfo). */
export interface ConnectionFacts {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly tlsVersion: number | undefined;
  readonly cipherSuite: string | undefined;
  readonly http2: boolean;
}

/** How the transfer follows a connection being made: the time it may take, and its phases as they end. */
export interface ConnectionWatch {
  /** What is left of curl's connect timeout for this hop, ms. */
  connectBudgetMs(): number;
  tcpConnected(): void;
  tlsDone(): void;
}

/**
 * One undici Client's connections: the route of the hop it serves now (a redirect to
 * the same place reuses the connection, as curl does; so does a later transfer that
 * takes it from the pool, connection-pool.ts), the transfer watching it, and what its
 * connections were.
 */
export class ConnectionSlot {
  route: HopRoute;
  /** The transfer's TLS settings; undefined until a hop needs TLS to its target. */
  readonly #tls: TlsSettings | undefined;
  readonly #http2: boolean;
  /** The transfer using the slot now. */
  watch: ConnectionWatch;
  /** Connections made so far: a hop that made none ran on a reused one. */
  made = 0;
  last: ConnectionFacts | undefined;
  /**
   * The first error of the connection in use: undici reports some as "other side
   * closed" (a TLS alert that refuses our client certificate, a reset), and curl names
   * the cause.
   */
  socketError: Error | undefined;
  /** Drops undici's `content-length: 0` from the next request head (see #stripEmptyLength). */
  stripEmptyContentLength = false;
  /** Gives up the connections under way (a tunnel, a handshake), which undici does not know of yet. */
  readonly #pending = new Set<() => void>();

  constructor(route: HopRoute, tls: TlsSettings | undefined, http2: boolean, watch: ConnectionWatch) {
    this.route = route;
    this.#tls = tls;
    this.#http2 = http2;
    this.watch = watch;
  }

  /** Whether undici may speak HTTP/2 on this slot (ALPN offers h2): not to a proxy in absolute form. */
  get http2(): boolean {
    return this.#http2 && this.route.secure && this.route.proxy?.mode !== 'forward';
  }

  /** The origin undici's Client talks to: the target, or the proxy for absolute-form requests. */
  get origin(): string {
    const { route } = this;
    if (route.proxy?.mode === 'forward') return `${route.proxy.secure ? 'https' : 'http'}://${bracket(route.proxy.host)}:${route.proxy.port}`;
    return `${route.secure ? 'https' : 'http'}://${bracket(route.host)}:${route.port}`;
  }

  abortPending(): void {
    for (const abort of [...this.#pending]) abort();
  }

  /**
   * The connector undici calls for every socket of this Client (undici's `connect`
   * option): the only place the transfer's sockets are made. Each goes where the hop's
   * checked route says and nowhere else: straight to the target's pinned addresses, to
   * a checked proxy for absolute-form requests, or through a CONNECT tunnel
   * (open-tunnel.ts) for the checked target; TLS is the transfer's, verified by
   * Node and then pinned (curl 90). curl's connect timeout covers all of it (curl 28).
   */
  readonly connect: buildConnector.connector = (options, callback) => {
    const route = this.route;
    const forward = route.proxy?.mode === 'forward' ? route.proxy : undefined;
    const expectedHost = forward?.host ?? route.host;
    const expectedPort = forward?.port ?? route.port;
    const askedHost = unbracket(options.hostname).toLowerCase();
    if (askedHost !== expectedHost || Number(options.port || (options.protocol === 'https:' ? 443 : 80)) !== expectedPort) {
      callback(
        new OutboundRefusal(`a connection to ${options.hostname}:${options.port} was not planned (the hop goes to ${expectedHost}:${expectedPort})`),
        null,
      );
      return;
    }
    let settled = false;
    let tunnel: Tunnel | undefined;
    let made: Socket | undefined;
    /** The tunnel's socket to the proxy, under the TLS made on it. */
    let raw: Socket | undefined;
    let timer: NodeJS.Timeout | undefined = undefined;
    const finish = (error: Error | null, socket: Socket | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.#pending.delete(giveUp);
      if (error === null && socket !== undefined) {
        callback(null, socket);
        return;
      }
      tunnel?.abort();
      made?.destroy();
      raw?.destroy();
      callback(error ?? new Error('connection failed'), null);
    };
    const giveUp = (): void => finish(new CurlFailure(CurlCode.OPERATION_TIMEDOUT, 'the transfer ended while connecting'), undefined);
    this.#pending.add(giveUp);
    const budget = this.watch.connectBudgetMs();
    timer = setTimeout(
      () => finish(new CurlFailure(CurlCode.OPERATION_TIMEDOUT, `no connection within the connect timeout`), undefined),
      Math.max(1, budget),
    );

    const secureTarget = route.secure && forward === undefined;
    const onTcp = (tcp: Socket, towardsProxy: boolean): void => {
      tcp.once('error', (error: Error) => finish(new CurlFailure(curlCodeOf(error, 'connect', towardsProxy), error.message), undefined));
    };
    const secure = (transport: Socket | undefined, host: string, port: number, lookupOptions: ConnectionOptions): void => {
      const settings = this.#tls;
      if (settings === undefined) {
        finish(new Error('no TLS settings for an https hop'), undefined);
        return;
      }
      const alpn = this.http2 ? ['h2', 'http/1.1'] : ['http/1.1'];
      const tls = tlsConnect({
        ...connectionTlsOptions(settings, route.host, isIP(route.host) !== 0, alpn),
        ...lookupOptions,
        host,
        port,
        ...(transport === undefined ? {} : { socket: transport }),
      });
      made = tls;
      if (transport === undefined) {
        tls.once('connect', () => this.watch.tcpConnected());
        onTcp(tls, false);
      } else {
        tls.once('error', (error: Error) => finish(new CurlFailure(curlCodeOf(error, 'connect', false), error.message), undefined));
      }
      tls.once('secureConnect', () => {
        const pinProblem = checkPins(tls, settings.pins);
        if (pinProblem !== undefined) {
          finish(pinProblem, undefined);
          return;
        }
        this.watch.tlsDone();
        this.#remember(tls, transport ?? tls);
        finish(null, tls);
      });
    };

    if (route.proxy?.mode === 'tunnel') {
      const proxy = route.proxy;
      tunnel = openTunnel(
        {
          proxyHost: proxy.host,
          proxyPort: proxy.port,
          proxySecure: proxy.secure,
          proxyLookup: proxy.lookup,
          ...(proxy.authorization === undefined ? {} : { proxyAuthorization: proxy.authorization }),
        },
        route.host,
        route.port,
      );
      void tunnel.outcome.then((outcome) => {
        if (settled) {
          if (outcome.ok) outcome.socket.destroy();
          return;
        }
        if (!outcome.ok) {
          // curl: a proxy it cannot resolve is 5, cannot reach 7; a refused CONNECT is 7 too ("CONNECT tunnel failed").
          const code = outcome.errorCode === undefined ? CurlCode.COULDNT_CONNECT : curlCodeOf({ code: outcome.errorCode }, 'connect', true);
          finish(new CurlFailure(code, outcome.why), undefined);
          return;
        }
        raw = outcome.socket;
        raw.on('error', (error: Error) => finish(new CurlFailure(curlCodeOf(error, 'connect', true), error.message), undefined));
        this.watch.tcpConnected();
        secure(raw, route.host, route.port, {});
      });
      return;
    }

    if (forward !== undefined) {
      const lookup = forward.lookup === undefined ? {} : { lookup: forward.lookup };
      if (forward.secure) {
        const tls = tlsConnect({ host: forward.host, port: forward.port, servername: isIP(forward.host) === 0 ? forward.host : '', ...lookup });
        made = tls;
        tls.once('connect', () => this.watch.tcpConnected());
        onTcp(tls, true);
        tls.once('secureConnect', () => {
          this.#remember(tls, tls);
          finish(null, tls);
        });
      } else {
        const tcp = netConnect({ host: forward.host, port: forward.port, ...lookup });
        made = tcp;
        onTcp(tcp, true);
        tcp.once('connect', () => {
          this.watch.tcpConnected();
          this.#remember(tcp, tcp);
          finish(null, tcp);
        });
      }
      return;
    }

    if (secureTarget) {
      secure(undefined, route.host, route.port, { lookup: route.lookup });
      return;
    }
    const tcp = netConnect({ host: route.host, port: route.port, lookup: route.lookup });
    made = tcp;
    onTcp(tcp, false);
    tcp.once('connect', () => {
      this.watch.tcpConnected();
      this.#remember(tcp, tcp);
      finish(null, tcp);
    });
  };

  #remember(socket: Socket, tcp: Socket): void {
    this.made += 1;
    this.socketError = undefined;
    const onError = (error: Error): void => {
      if (this.last === facts) this.socketError ??= error;
    };
    socket.on('error', onError);
    if (tcp !== socket) tcp.on('error', onError);
    const tls = socket instanceof TLSSocket ? socket : undefined;
    const facts: ConnectionFacts = {
      localAddress: tcp.localAddress ?? '',
      localPort: tcp.localPort ?? -1,
      remoteAddress: tcp.remoteAddress ?? '',
      remotePort: tcp.remotePort ?? -1,
      tlsVersion: tls === undefined ? undefined : tlsVersionNumber(tls.getProtocol()),
      cipherSuite: tls?.getCipher()?.name,
      http2: tls?.alpnProtocol === 'h2',
    };
    this.last = facts;
    if (!facts.http2) this.#stripEmptyLength(socket);
  }

  /**
   * HTTP §4: curl sends no Content-Length (and no body) for a POST or PUT without one;
   * undici writes `content-length: 0` for POST, PUT and PATCH without a body. The one
   * head the transfer marks has that line taken out as undici writes it (its head
   * goes out in one write, ending with the line and the blank line), nothing else.
   */
  #stripEmptyLength(socket: Socket): void {
    const write = socket.write;
    const strip = (chunk: unknown): unknown => {
      if (!this.stripEmptyContentLength || typeof chunk !== 'string' || !chunk.endsWith(EMPTY_LENGTH_TAIL)) return chunk;
      this.stripEmptyContentLength = false;
      return `${chunk.slice(0, -EMPTY_LENGTH_TAIL.length)}\r\n`;
    };
    socket.write = function strippedWrite(this: Socket, chunk: unknown, ...rest: unknown[]): boolean {
      return (write as (...args: unknown[]) => boolean).call(this, strip(chunk), ...rest);
    } as Socket['write'];
  }
}

const EMPTY_LENGTH_TAIL = 'content-length: 0\r\n\r\n';

function bracket(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
