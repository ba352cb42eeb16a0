import type { OutboundGuard } from '../../net/outbound-policy.js';
import type { TlsFileSource } from '../../net/sandbox-files.js';
import type { ConnectionPool } from './connection-pool.js';
import type { CookieJars } from './cookie-jars.js';

/**
 * What a transfer needs from whoever runs it (the dev relay for a page, or Node mode for
 * the app itself), beyond the request: where the app's files are, where connections may
 * go, the 'system' proxy, the cookie jars of the HttpRequest objects, and the bounds the
 * runner sets on time.
 */
export interface HttpEngineContext {
  /**
   * Where caPath, clientCert and multipart filePath are read (the relay's sandbox, or
   * Node's base dir; see TlsFileSource). A caPath that cannot be read is skipped, as on
   * the device (HTTP §3); a clientCert that cannot be read fails the transfer (curl 58).
   */
  readonly files: TlsFileSource;
  /** Checks every connection (the target, a proxy, each redirect hop) before it is opened, and pins it to the checked addresses. */
  readonly guard: OutboundGuard;
  /** Where `proxy: 'system'` comes from (http_proxy, https_proxy, no_proxy…). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * The outbound policy's allowLoopbackOnly: a name only a proxy could resolve cannot be
   * shown to be loopback, so it is refused (as for webSocket, plan-upstream.ts).
   */
  readonly allowLoopbackOnly: boolean;
  /** The jars of HttpRequest objects with enableAutoCookie(true), by the id the core gives each object. */
  readonly cookieJars: CookieJars;
  /**
   * The connection cache (HTTP §3 reuseConnections): one per relay, one in a Node
   * process. Absent: every transfer makes its own connections and closes them.
   */
  readonly pool?: ConnectionPool;
  readonly timeouts?: {
    /** The connection phase when the request says 0 (curl's default: 300 s). */
    readonly defaultConnectMs?: number;
    /** A bound on the whole transfer the runner sets on top of readTimeout (0 or absent: none). */
    readonly maxTotalMs?: number;
  };
  /** What the engine saw, for a log or a diagnostic: never the app's header values, bodies or key passwords. */
  log?(level: 'info' | 'warn', message: string): void;
}

/** A transfer under way (a superset of the core's HttpTransfer). */
export interface HttpEngineTransfer {
  /** Stops it at once: every socket it opened is destroyed, no event follows. */
  abort(): void;
  /**
   * Stops reading the response body (at most one chunk already read still arrives): the
   * socket is no longer read, so TCP slows the server down. For a relay whose page reads slowly.
   */
  pause(): void;
  resume(): void;
}
