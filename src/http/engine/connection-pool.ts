import type { Client } from 'undici';
import type { ConnectionSlot } from './open-connection.js';
import type { HopRoute } from './plan-route.js';
import type { TlsSettings } from './tls-settings.js';

/** curl's CURLOPT_MAXAGE_CONN default: an idle connection older than this is not reused. */
export const DEFAULT_IDLE_MS = 118_000;

/** Idle connections kept for one key (one origin through one route with one TLS setup). */
export const MAX_IDLE_PER_KEY = 6;

/** Idle connections kept in all: past this the one idle longest is closed. */
export const MAX_IDLE_TOTAL = 64;

/** A connection between transfers: undici's Client (one socket at a time, pipelining 1) and its slot. */
export interface PooledConnection {
  readonly key: string;
  readonly client: Client;
  readonly slot: ConnectionSlot;
}

interface IdleEntry {
  readonly connection: PooledConnection;
  /** When it was given back (performance.now()). */
  readonly since: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * What makes two hops' connections the same connection (HTTP §3 reuseConnections): the
 * route (scheme, host, port, proxy and its credentials, the addresses the outbound guard
 * pinned), every TLS setting of the transfer (CAs, client certificate, versions, ciphers,
 * pins, SNI) when TLS is spoken to the target, and whether HTTP/2 may be offered.
 */
export function connectionKey(route: HopRoute, tls: TlsSettings | undefined, http2Allowed: boolean): string {
  const tlsToTarget = route.secure && route.proxy?.mode !== 'forward';
  return `${route.key} @${route.pinned} ${tlsToTarget ? `tls ${tls?.fingerprint ?? 'none'} ${http2Allowed ? 'h2' : 'h1'}` : 'plain'}`;
}

/**
 * The connection cache of one engine context (one relay, or a Node process), as curl's
 * on the device: a transfer that ended well gives its connections back; the next
 * transfer whose hop has the same key takes one instead of connecting. A connection is
 * in one transfer's hands or here, never shared between two transfers at once. Idle ones
 * close after the idle time of the transfer that gave them back, when there are too many,
 * and when the pool closes (the relay stops). Its timers never keep a process alive.
 */
export class ConnectionPool {
  readonly #idle = new Map<string, IdleEntry[]>();
  readonly #maxPerKey: number;
  readonly #maxTotal: number;
  #count = 0;
  #closed = false;

  constructor(maxPerKey = MAX_IDLE_PER_KEY, maxTotal = MAX_IDLE_TOTAL) {
    this.#maxPerKey = maxPerKey;
    this.#maxTotal = maxTotal;
  }

  /** Idle connections held now. */
  get size(): number {
    return this.#count;
  }

  /** The idle connection of this key used last, taken out of the pool; undefined: none. */
  take(key: string): PooledConnection | undefined {
    const entries = this.#idle.get(key);
    while (entries !== undefined && entries.length > 0) {
      const entry = entries.pop() as IdleEntry;
      this.#count -= 1;
      clearTimeout(entry.timer);
      if (entries.length === 0) this.#idle.delete(key);
      if (!entry.connection.client.destroyed && !entry.connection.client.closed) return entry.connection;
    }
    return undefined;
  }

  /** A transfer is done with `connection` and it may serve another for `idleMs`. */
  give(connection: PooledConnection, idleMs: number): void {
    if (this.#closed || connection.client.destroyed || connection.client.closed) {
      destroy(connection);
      return;
    }
    const entries = this.#idle.get(connection.key) ?? [];
    if (entries.length >= this.#maxPerKey) this.#drop(connection.key, entries[0] as IdleEntry);
    if (this.#count >= this.#maxTotal) this.#dropIdlest();
    const entry: IdleEntry = { connection, since: performance.now(), timer: undefined };
    entry.timer = setTimeout(() => this.#drop(connection.key, entry), idleMs);
    entry.timer.unref();
    entries.push(entry);
    this.#idle.set(connection.key, entries);
    this.#count += 1;
  }

  /** Closes every idle connection; connections given back later are closed at once. */
  close(): void {
    this.#closed = true;
    for (const [key, entries] of [...this.#idle]) for (const entry of [...entries]) this.#drop(key, entry);
  }

  #drop(key: string, entry: IdleEntry): void {
    const entries = this.#idle.get(key);
    const index = entries?.indexOf(entry) ?? -1;
    if (entries === undefined || index < 0) return;
    entries.splice(index, 1);
    if (entries.length === 0) this.#idle.delete(key);
    this.#count -= 1;
    clearTimeout(entry.timer);
    destroy(entry.connection);
  }

  #dropIdlest(): void {
    let idlest: { key: string; entry: IdleEntry } | undefined;
    for (const [key, entries] of this.#idle) {
      const first = entries[0];
      if (first !== undefined && (idlest === undefined || first.since < idlest.entry.since)) idlest = { key, entry: first };
    }
    if (idlest !== undefined) this.#drop(idlest.key, idlest.entry);
  }
}

function destroy(connection: PooledConnection): void {
  connection.slot.abortPending();
  connection.client.destroy().catch(() => {});
}
