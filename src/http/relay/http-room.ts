import type { LegOperation } from '../../relay/leg-operation.js';
import type { RelayRoom } from '../../relay/relay-room.js';
import { MAX_HELD_UPLOAD_BYTES, MAX_UPLOAD_BYTES } from '../core/relay-messages.js';
import { ConnectionPool, MAX_IDLE_TOTAL } from '../engine/connection-pool.js';
import { httpOperation } from './http-operation.js';
import { MAX_JARS, PageSessions, SESSION_IDLE_MS } from './page-sessions.js';
import { UploadBudget } from './upload-budget.js';

/**
 * http's room in a relay: its one operation (relay-messages.ts `http`, transfers one
 * after another on a leg) and what it keeps while the relay runs, the cookie jars of
 * the pages' sessions and the connection pool, which a relay's shutdown forgets and
 * closes.
 */
export class HttpRelayRoom implements RelayRoom {
  readonly operations: readonly LegOperation[];
  readonly #sessions: PageSessions;
  /** The relay's connection cache (HTTP §3 reuseConnections): its connections close with the relay. */
  readonly #pool: ConnectionPool;

  constructor(sessions = new PageSessions(), pool = new ConnectionPool()) {
    this.#sessions = sessions;
    this.#pool = pool;
    this.operations = [httpOperation(sessions, pool, new UploadBudget(MAX_HELD_UPLOAD_BYTES))];
  }

  describe(): readonly string[] {
    return [
      `http: uploads up to ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB each, ${MAX_HELD_UPLOAD_BYTES / (1024 * 1024)} MiB held at once; cookie jars per page session (at most ${MAX_JARS}), forgotten when the page goes or ${SESSION_IDLE_MS / 60_000} min after its last request; a leg waits for its next request as for its first; up to ${MAX_IDLE_TOTAL} idle upstream connections kept for reuse`,
    ];
  }

  close(): Promise<void> {
    this.#sessions.close();
    this.#pool.close();
    return Promise.resolve();
  }
}
