import type { ClientRequest, IncomingMessage } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, TLSSocket, type ConnectionOptions } from 'node:tls';
import WebSocket from 'ws';
import type { OpenedReply } from '../core/relay-messages.js';
import { checkDevicePeer, deviceTlsOptions } from './device-tls.js';
import { openTunnel, type Tunnel } from '../../net/open-tunnel.js';
import { OutboundRefusal } from '../../net/outbound-policy.js';
import type { UpstreamHop, UpstreamPlan } from './plan-upstream.js';
import { isOfferedProtocol } from './upstream-headers.js';

/** What one hop of the opening handshake ends in: exactly one of these, once. */
export interface HopEvents {
  /**
   * The handshake completed. `socket` is the open connection (the caller owns it from
   * here on and must listen to its 'message', 'close' and 'error'); `transport` the TCP
   * (or TLS) socket ws runs it on, which ws keeps to itself.
   */
  opened(socket: WebSocket, reply: OpenedReply, transport: Socket | undefined): void;
  /** The server answered the upgrade with a 3xx and a Location: nothing has been sent there. */
  redirect(location: string): void;
  /**
   * `status` as in FailedReply; `why` is for the log. `byPolicy`: the outbound policy
   * refused a socket the hop was about to make (see OutboundRefusal).
   */
  failed(status: string, why: string, byPolicy: boolean): void;
}

/** One hop under way. */
export interface HopHandle {
  /** Gives up the hop (no event follows): every socket it made, to the proxy or the server, is destroyed. */
  abort(): void;
  /** What the hop is waiting for now ("the TLS handshake"…), for the reason of a timeout. */
  readonly waitingFor: string;
  /** Resolves once no socket of this hop is left open. */
  readonly closed: Promise<void>;
}

/**
 * Opens one request of the opening handshake with ws, the way the device's lws would
 * (WS §5): headers as built, no permessage-deflate (netstack gives lws no extensions),
 * TLS checked by lws' rules, the subprotocol answer checked by lws' rule rather than
 * ws', and UTF-8 left unvalidated (netstack does not set
 * LWS_SERVER_OPTION_VALIDATE_UTF8; the session repairs text frames for the app).
 *
 * Where it may connect is decided before, and enforced here on every path a socket can
 * be made: ws follows no redirect itself (a redirect is reported, and the caller checks
 * the next hop before it opens it); a direct connection goes only to the hop's checked
 * host and port, whose name the pinned lookup answers; a proxied one goes only through
 * the checked proxy, with a CONNECT for the checked target (open-tunnel.ts).
 */
export function openHop(plan: UpstreamPlan, hop: UpstreamHop, timeoutMs: number, events: HopEvents): HopHandle {
  let finished = false;
  let tunnel: Tunnel | undefined;
  let socket: WebSocket | undefined;
  const progress: HandshakeProgress = { transport: undefined, secured: false };
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const finish = (outcome: () => void): void => {
    if (finished) return;
    finished = true;
    outcome();
  };

  const start = (transport: Socket | undefined): void => {
    if (finished) {
      transport?.destroy();
      markClosed();
      return;
    }
    try {
      socket = startHandshake(plan, hop, timeoutMs, transport, progress, {
        opened: (open, reply, raw) => finish(() => events.opened(open, reply, raw)),
        redirect: (location) => finish(() => events.redirect(location)),
        failed: (status, why, byPolicy) => finish(() => events.failed(status, why, byPolicy)),
      });
      socket.once('close', () => markClosed());
    } catch (error) {
      // ws and Node validate some options synchronously; on the device these are connection failures.
      transport?.destroy();
      markClosed();
      finish(() => events.failed('0', error instanceof Error ? error.message : String(error), error instanceof OutboundRefusal));
    }
  };

  if (hop.tunnel === undefined) {
    start(undefined);
  } else {
    tunnel = openTunnel(hop.tunnel, hop.host, hop.port);
    void tunnel.outcome.then((outcome) => {
      if (outcome.ok) {
        start(outcome.socket);
        return;
      }
      markClosed();
      // WS §2.1: a proxy's refusal is not the server's answer: status "0".
      finish(() => events.failed('0', outcome.why, false));
    });
  }

  return {
    closed,
    get waitingFor() {
      return waitingFor(hop, progress);
    },
    abort() {
      finished = true;
      tunnel?.abort();
      if (socket === undefined) {
        if (tunnel === undefined) markClosed();
      } else {
        socket.terminate();
      }
    },
  };
}

/** How far a hop's handshake got: the socket it runs on, once made, and whether its TLS handshake is done. */
interface HandshakeProgress {
  transport: Socket | undefined;
  secured: boolean;
}

/** The phase a hop is in, as what it waits for. */
function waitingFor(hop: UpstreamHop, progress: HandshakeProgress): string {
  const made = progress.transport;
  if (made === undefined) return hop.tunnel === undefined ? 'the TCP connection' : "the proxy's answer to CONNECT";
  if (made.connecting) return 'the TCP connection';
  if (made instanceof TLSSocket && !progress.secured) return 'the TLS handshake';
  return "the server's answer to the upgrade request";
}

/** ws' own handshakeTimeout, a backstop behind the session's timer (upstream-session.ts), which says the same. */
const WS_HANDSHAKE_TIMEOUT = 'Opening handshake has timed out';

/** The ws client of one hop, over `tunnel` when given (already connected to the target through a proxy). */
function startHandshake(
  plan: UpstreamPlan,
  hop: UpstreamHop,
  timeoutMs: number,
  tunnel: Socket | undefined,
  progress: HandshakeProgress,
  events: HopEvents,
): WebSocket {
  let response: { status: number; message: string; headers: Record<string, string> } | undefined;
  let negotiated: string | undefined;
  let upgraded: Socket | undefined;
  let tlsProblem: string | undefined;
  const checked = new WeakSet<TLSSocket>();
  const secure = hop.url.protocol === 'wss:';

  // Device TLS rules run once the TLS handshake is done, before any HTTP goes out.
  // Returns false when the certificate is refused (and the socket destroyed).
  const verifyTls = (tls: TLSSocket): boolean => {
    if (plan.tls.strict || checked.has(tls)) return tlsProblem === undefined;
    checked.add(tls);
    const problem = checkDevicePeer(tls, plan.tls.skipServerCertVerification);
    if (problem === undefined) return true;
    tlsProblem = problem;
    tls.destroy(new Error(`server certificate refused: ${problem}`));
    return false;
  };

  /**
   * The one place a socket is made (ws hands every connection to it). It goes to the
   * hop's checked host and port and nowhere else: a request for anything else is a bug,
   * and nothing connects.
   */
  const createConnection = (options: ConnectionOptions & { host?: string; port?: number | string }): Socket => {
    const host = (options.host ?? '').toLowerCase();
    if (host !== hop.host || Number(options.port) !== hop.port) {
      throw new OutboundRefusal(
        `a connection to ${String(options.host)}:${String(options.port)} was not planned (the hop is ${hop.host}:${hop.port})`,
      );
    }
    // ws' options carry the request's `path`, which net would take for a unix socket: never.
    const endpoint = { ...options, path: undefined, socketPath: undefined, host: hop.host, port: hop.port, lookup: hop.lookup };
    let made: Socket;
    if (!secure) {
      made = tunnel ?? netConnect(endpoint);
    } else {
      // ws' own rule for SNI: the host name, none for an IP address.
      const servername = isIP(hop.host) === 0 ? hop.host : '';
      made = tunnel === undefined ? tlsConnect({ ...endpoint, servername }) : tlsConnect({ ...endpoint, socket: tunnel, servername });
    }
    if (made instanceof TLSSocket) {
      const tls = made;
      tls.once('secureConnect', () => {
        progress.secured = true;
        if (!plan.tls.strict) verifyTls(tls);
      });
    }
    progress.transport = made;
    return made;
  };

  const options: WebSocket.ClientOptions = {
    headers: plan.headers,
    perMessageDeflate: false,
    // Redirects are the session's to follow, each hop checked first (WS §3.4, planRedirect).
    followRedirects: false,
    handshakeTimeout: Math.max(1, timeoutMs),
    maxPayload: plan.maxPayload,
    skipUTF8Validation: true,
    // ws' client default, said here because the relay's frame tap (frame-tap.ts) counts on it.
    allowSynchronousEvents: true,
    createConnection: createConnection as unknown as WebSocket.ClientOptions['createConnection'],
    finishRequest: (request: ClientRequest) => {
      if (!request.destroyed) request.end();
    },
    // checkServerIdentity is typed differently by @types/ws and @types/node; ws hands it to tls as is.
    ...(deviceTlsOptions(plan.tls) as unknown as WebSocket.ClientOptions),
  };

  // The subprotocol list travels as a plain header (see upstream-headers.ts), so ws
  // requests none itself; its check is then satisfied in 'upgrade' below.
  const socket = new WebSocket(hop.url, [], options);

  socket.on('upgrade', (message: IncomingMessage) => {
    // Normally checked at 'secureConnect' already; this catches a socket that was
    // secure before the relay saw it. Terminating here stops ws from opening anyway.
    if (message.socket instanceof TLSSocket && !verifyTls(message.socket)) {
      socket.terminate();
      return;
    }
    upgraded = message.socket;
    response = { status: message.statusCode ?? 0, message: message.statusMessage ?? '', headers: joinHeaders(message.rawHeaders) };
    const answer = message.headers['sec-websocket-protocol'];
    // lws (client-ws.c): no answer, or an empty one, is fine; an answer must be one of
    // the offered entries. ws would also refuse "no answer to an offer"; it never sees
    // one here because the offer went out as a header. An accepted answer is taken out
    // of ws' sight for the same reason (the headers object is the response's own cache).
    if (answer === '' || (answer !== undefined && isOfferedProtocol(plan.protocols, answer))) {
      if (answer !== '') negotiated = answer;
      delete message.headers['sec-websocket-protocol'];
    }
  });

  socket.on('unexpected-response', (request: ClientRequest, message: IncomingMessage) => {
    const status = message.statusCode ?? 0;
    const location = message.headers.location;
    message.resume();
    socket.terminate();
    request.destroy();
    // WS §3.4: lws follows a 3xx with a Location (netstack does not set LCCSCF_HTTP_NO_FOLLOW_REDIRECT).
    if (status >= 300 && status < 400 && typeof location === 'string' && location !== '') events.redirect(location);
    else events.failed(String(status), `server answered ${status} instead of 101`, false);
  });

  socket.once('open', () => {
    const opened: OpenedReply = {
      op: 'opened',
      status: response?.status ?? 101,
      message: response?.message ?? 'Switching Protocols',
      headers: response?.headers ?? {},
    };
    if (negotiated !== undefined) opened.protocol = negotiated;
    events.opened(socket, opened, upgraded);
  });

  socket.on('error', (error: Error) => {
    // WS §2.1: the status is known only while the handshake's response is at hand
    // (a 101 that failed validation); DNS, TCP, TLS and proxy failures have none.
    const status = response === undefined || tlsProblem !== undefined ? '0' : String(response.status);
    let why = tlsProblem === undefined ? error.message : `server certificate refused: ${tlsProblem}`;
    if (why === WS_HANDSHAKE_TIMEOUT) why = `${why}, waiting for ${waitingFor(hop, progress)}`;
    events.failed(status, why, error instanceof OutboundRefusal);
  });

  return socket;
}

/** Raw response headers → lower-case names, duplicates joined with ", " (set-cookie too). */
export function joinHeaders(rawHeaders: readonly string[]): Record<string, string> {
  // A Map, then fromEntries: a header named "__proto__" stays a header.
  const headers = new Map<string, string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] ?? '').toLowerCase();
    const value = rawHeaders[index + 1] ?? '';
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  // WS §3.2: the device collects the headers in a std::map, so names come out sorted.
  return Object.fromEntries([...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
