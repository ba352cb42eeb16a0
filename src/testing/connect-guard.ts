import { Socket } from 'node:net';
import { mock } from 'node:test';
import { isLoopbackAddress, parseIpAddress } from '../net/ip-address.js';

/** Every connect this process attempted, as `host:port` or `unix:path`, in order. */
export interface ConnectGuard {
  readonly attempts: readonly string[];
  /** The attempts made after `mark` (a length of `attempts` taken before). */
  since(mark: number): string[];
  restore(): void;
}

/**
 * Intercepts every TCP and unix-socket connect of this process (net, tls, http: all of
 * them call net.Socket#connect) and records it. A connect to anything but a loopback
 * address, or to any unix socket, throws before a socket is opened: a test of the
 * relay's outbound policy then fails on the record instead of sending a packet off
 * the machine, even when the code under test is broken.
 */
export function guardConnects(): ConnectGuard {
  const attempts: string[] = [];
  const connect = Socket.prototype.connect;
  mock.method(Socket.prototype, 'connect', function guardedConnect(this: Socket, ...args: unknown[]) {
    const first = args[0];
    const options = (Array.isArray(first) ? first[0] : first) as { host?: string; port?: number | string; path?: string | null } | number | string;
    // net takes a non-empty `path` for a unix socket (http leaves it null).
    if (typeof options === 'object' && typeof options.path === 'string' && options.path !== '') {
      attempts.push(`unix:${options.path}`);
      throw new Error(`test guard: refused to connect to the unix socket ${options.path}`);
    }
    if (typeof options === 'string' && Number.isNaN(Number(options))) {
      attempts.push(`unix:${options}`);
      throw new Error(`test guard: refused to connect to the unix socket ${options}`);
    }
    const host = typeof options === 'object' ? (options.host ?? 'localhost') : typeof args[1] === 'string' ? args[1] : 'localhost';
    const port = typeof options === 'object' ? String(options.port) : String(options);
    attempts.push(`${host}:${port}`);
    const ip = parseIpAddress(host);
    if (host !== 'localhost' && (ip === undefined || !isLoopbackAddress(ip))) throw new Error(`test guard: refused to connect to ${host}`);
    return connect.apply(this, args as Parameters<typeof connect>);
  });
  return {
    attempts,
    since: (mark) => attempts.slice(mark),
    restore: () => mock.restoreAll(),
  };
}
