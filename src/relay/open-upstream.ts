import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import type { LookupFunction, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import type { OpenedReply } from '../protocol/relay-protocol.js';
import { checkDevicePeer, deviceTlsOptions, type DeviceTlsSettings } from './device-tls.js';
import { OutboundRefusal, type OutboundGuard } from './outbound-policy.js';
import { isOfferedProtocol } from './upstream-headers.js';

/** Everything the relay decided before opening the real connection. */
export interface UpstreamPlan {
  readonly url: URL;
  /** From buildUpstreamHeaders: lower-case names, Sec-WebSocket-Protocol included. */
  readonly headers: Record<string, string>;
  readonly protocols: string | undefined;
  readonly tls: DeviceTlsSettings;
  /** An HTTP CONNECT agent when a proxy is used. */
  readonly agent: Agent | undefined;
  /** Answers pinned names without a second DNS query; checks any other name. */
  readonly lookup: LookupFunction;
  readonly guard: OutboundGuard;
  readonly maxPayload: number;
  readonly handshakeTimeoutMs: number;
}

export interface UpstreamEvents {
  /** `socket` is the TCP (or TLS) socket ws runs the connection on, which ws keeps to itself. */
  opened(reply: OpenedReply, socket: Socket | undefined): void;
  /** `status` as in FailedReply; `why` is for the log. */
  failed(status: string, why: string): void;
}

/**
 * lws follows up to 4 redirects of the upgrade request (OH §3.4: netstack does not set
 * LCCSCF_HTTP_NO_FOLLOW_REDIRECT; LWS client-http.c gives up at the 5th).
 */
const MAX_REDIRECTS = 4;

/**
 * Opens the real upstream connection with ws, the way the device's lws would
 * (OH §5): headers as built, no permessage-deflate (netstack gives lws no
 * extensions), redirects followed, TLS checked by lws' rules, the subprotocol answer
 * checked by lws' rule rather than ws', and UTF-8 left unvalidated (netstack does not
 * set LWS_SERVER_OPTION_VALIDATE_UTF8; the relay repairs text frames for the page).
 *
 * Reports exactly one of `opened` or `failed`. ws' own 'error'/'close' events
 * remain for the caller, which owns the socket from here on.
 */
export function openUpstream(plan: UpstreamPlan, events: UpstreamEvents): WebSocket {
  let response: { status: number; message: string; headers: Record<string, string> } | undefined;
  let negotiated: string | undefined;
  let upgraded: Socket | undefined;
  let proxyStatus: number | undefined;
  let tlsProblem: string | undefined;
  let reported = false;
  const checked = new WeakSet<TLSSocket>();
  const skip = plan.tls.skipServerCertVerification;

  const report = (outcome: () => void): void => {
    if (reported) return;
    reported = true;
    outcome();
  };

  // Device TLS rules run once the TLS handshake is done, before any HTTP goes out.
  // Returns false when the certificate is refused (and the socket destroyed).
  const verifyTls = (socket: TLSSocket): boolean => {
    if (plan.tls.strict || checked.has(socket)) return tlsProblem === undefined;
    checked.add(socket);
    const problem = checkDevicePeer(socket, skip);
    if (problem === undefined) return true;
    tlsProblem = problem;
    socket.destroy(new Error(`server certificate refused: ${problem}`));
    return false;
  };

  const watchRequest = (request: ClientRequest): void => {
    // https-proxy-agent reports the proxy's answer to CONNECT here. A refusal comes back
    // to ws as if it were the server's response; on the device it is a plain failure.
    request.on('proxyConnect', (answer: { statusCode?: number }) => {
      if (answer.statusCode !== 200) proxyStatus = answer.statusCode;
    });
    request.on('socket', (socket) => {
      if (socket instanceof TLSSocket && !plan.tls.strict) socket.once('secureConnect', () => verifyTls(socket));
    });
    if (!request.destroyed) request.end();
  };

  const options: WebSocket.ClientOptions & { lookup: LookupFunction; secureEndpoint: boolean } = {
    headers: plan.headers,
    perMessageDeflate: false,
    followRedirects: true,
    maxRedirects: MAX_REDIRECTS,
    handshakeTimeout: plan.handshakeTimeoutMs,
    maxPayload: plan.maxPayload,
    skipUTF8Validation: true,
    // ws' client default, said here because the relay's frame tap (frame-tap.ts) counts on it.
    allowSynchronousEvents: true,
    // Tells https-proxy-agent which kind of endpoint it tunnels to, instead of letting it guess.
    secureEndpoint: plan.url.protocol === 'wss:',
    lookup: plan.lookup,
    finishRequest: watchRequest,
    // checkServerIdentity is typed differently by @types/ws and @types/node; ws hands it to tls as is.
    ...(deviceTlsOptions(plan.tls) as unknown as WebSocket.ClientOptions),
  };
  if (plan.agent !== undefined) options.agent = plan.agent;

  // The subprotocol list travels as a plain header (see upstream-headers.ts), so ws
  // requests none itself; its check is then satisfied in 'upgrade' below.
  const socket = new WebSocket(plan.url, [], options);

  // Every redirect target meets the outbound policy (names here, addresses in the lookup).
  // With a 'redirect' listener ws keeps the app's headers on a cross-host redirect; so
  // does lws, which runs the same header callback again for the new request.
  socket.on('redirect', (location: string, request: ClientRequest) => {
    let refusal: string | undefined;
    try {
      const next = new URL(location);
      refusal =
        next.protocol === 'ws:' || next.protocol === 'wss:'
          ? plan.guard.checkName(next.hostname, Number(next.port || (next.protocol === 'wss:' ? 443 : 80)))
          : `redirect to a ${next.protocol} URL`;
    } catch {
      refusal = 'redirect to an invalid URL';
    }
    if (refusal !== undefined) request.destroy(new OutboundRefusal(`redirect refused: ${refusal}`));
  });

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
    const status = proxyStatus === undefined ? String(message.statusCode ?? 0) : '0';
    const why =
      proxyStatus === undefined ? `server answered ${message.statusCode ?? 0} instead of 101` : `proxy refused CONNECT with ${proxyStatus}`;
    report(() => events.failed(status, why));
    message.resume();
    socket.terminate();
    request.destroy();
  });

  socket.once('open', () => {
    const opened: OpenedReply = {
      op: 'opened',
      status: response?.status ?? 101,
      message: response?.message ?? 'Switching Protocols',
      headers: response?.headers ?? {},
    };
    if (negotiated !== undefined) opened.protocol = negotiated;
    report(() => events.opened(opened, upgraded));
  });

  socket.on('error', (error: Error) => {
    // OH §2.1: the status is known only while the handshake's response is at hand
    // (a 101 that failed validation); DNS, TCP, TLS and proxy failures have none.
    const status = response === undefined || tlsProblem !== undefined ? '0' : String(response.status);
    report(() => events.failed(status, tlsProblem === undefined ? error.message : `server certificate refused: ${tlsProblem}`));
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
  // OH §3.2: the device collects the headers in a std::map, so names come out sorted.
  return Object.fromEntries([...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
