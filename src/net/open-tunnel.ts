import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';

/** An HTTP CONNECT tunnel's proxy, as planned: where it is and how its name is answered. */
export interface TunnelRoute {
  readonly proxyHost: string;
  readonly proxyPort: number;
  /** An https:// proxy (from the environment): TLS to the proxy itself. */
  readonly proxySecure: boolean;
  /** Answers the proxy's name from its checked addresses; undefined for a trusted proxy (the relay's own environment). */
  readonly proxyLookup: LookupFunction | undefined;
  /** A Proxy-Authorization value for the CONNECT request (an http request's proxy credentials); none for webSocket (WS §5). */
  readonly proxyAuthorization?: string;
}

/** How a CONNECT went: a socket to the target, or why not (`status` is the proxy's refusal, when it answered one). */
export type TunnelOutcome =
  | { readonly ok: true; readonly socket: Socket }
  /** `errorCode`: the socket error's code (ECONNREFUSED, ENOTFOUND…) when reaching the proxy failed. */
  | { readonly ok: false; readonly why: string; readonly status: number | undefined; readonly errorCode?: string };

export interface Tunnel {
  /** Settles once: the tunnel is up, or it failed (or was aborted). */
  readonly outcome: Promise<TunnelOutcome>;
  /** Gives up: the socket to the proxy is destroyed, whatever phase it is in. */
  abort(): void;
}

/**
 * Opens an HTTP CONNECT tunnel through `route`'s proxy to `host:port` (WS §5 proxy: lws
 * tunnels through HTTP proxies with CONNECT, for ws and wss alike). The target is the
 * one the caller checked; the proxy's address comes from its pinned lookup. No agent
 * and no pool: the socket belongs to this one connection, and abort() ends it in every
 * phase (connecting to the proxy, waiting for its answer), so a proxy that accepts and
 * never answers cannot keep a socket open after the connection is given up.
 */
export function openTunnel(route: TunnelRoute, host: string, port: number): Tunnel {
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const request: ClientRequest = (route.proxySecure ? httpsRequest : httpRequest)({
    method: 'CONNECT',
    host: route.proxyHost,
    port: route.proxyPort,
    path: authority,
    headers: route.proxyAuthorization === undefined ? { host: authority } : { host: authority, 'proxy-authorization': route.proxyAuthorization },
    setHost: false,
    agent: false,
    ...(route.proxyLookup === undefined ? {} : { lookup: route.proxyLookup }),
  });
  let settle!: (outcome: TunnelOutcome) => void;
  let settled = false;
  const outcome = new Promise<TunnelOutcome>((resolve) => {
    settle = (value) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
  });
  request.once('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
    if (response.statusCode !== 200) {
      socket.destroy();
      settle({
        ok: false,
        why: `proxy ${route.proxyHost}:${route.proxyPort} refused CONNECT with ${response.statusCode ?? 0}`,
        status: response.statusCode,
      });
      return;
    }
    // Bytes the proxy passed on after its answer belong to the target's stream.
    if (head.length > 0) socket.unshift(head);
    if (settled) socket.destroy();
    else settle({ ok: true, socket });
  });
  // A proxy that answers CONNECT with a plain response and a body ends up here instead.
  request.once('response', (response: IncomingMessage) => {
    response.resume();
    request.destroy();
    settle({
      ok: false,
      why: `proxy ${route.proxyHost}:${route.proxyPort} refused CONNECT with ${response.statusCode ?? 0}`,
      status: response.statusCode,
    });
  });
  request.on('error', (error: NodeJS.ErrnoException) =>
    settle({
      ok: false,
      why: `proxy ${route.proxyHost}:${route.proxyPort}: ${error.message}`,
      status: undefined,
      ...(error.code === undefined ? {} : { errorCode: error.code }),
    }),
  );
  request.end();
  return {
    outcome,
    abort() {
      settle({ ok: false, why: 'aborted', status: undefined });
      request.destroy();
    },
  };
}
