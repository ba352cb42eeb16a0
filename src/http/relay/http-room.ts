import type { LegOperation } from '../../relay/leg-operation.js';
import type { RelayRoom } from '../../relay/relay-room.js';
import { MAX_UPLOAD_BYTES } from '../core/relay-messages.js';
import { httpOperation } from './http-operation.js';
import { MAX_JARS, PageSessions, SESSION_IDLE_MS } from './page-sessions.js';

/**
 * http's room in a relay: its one operation (relay-messages.ts `http`, one transfer per
 * leg) and what it keeps while the relay runs, the cookie jars of the pages' sessions,
 * which a relay's shutdown forgets.
 */
export class HttpRelayRoom implements RelayRoom {
  readonly operations: readonly LegOperation[];
  readonly #sessions: PageSessions;

  constructor(sessions = new PageSessions()) {
    this.#sessions = sessions;
    this.operations = [httpOperation(sessions)];
  }

  describe(): readonly string[] {
    return [
      `http: uploads up to ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB; cookie jars per page session (at most ${MAX_JARS}), forgotten when the page goes or ${SESSION_IDLE_MS / 60_000} min after its last request`,
    ];
  }

  close(): Promise<void> {
    this.#sessions.close();
    return Promise.resolve();
  }
}
