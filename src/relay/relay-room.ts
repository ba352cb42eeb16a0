import type { LegOperation } from './leg-operation.js';

/**
 * A namespace's part of one relay: the operations its legs may carry (relay-protocol.ts,
 * steps 3 and on), and what it keeps while the relay runs (webSocket: the app's servers
 * listening in the relay). The composition of a relay (which namespaces it carries) makes
 * one room per namespace from the relay's settings, before the relay takes its first leg.
 */
export interface RelayRoom {
  /** Its operations, each `op` unique in the relay. */
  readonly operations: readonly LegOperation[];
  /**
   * What the room's settings mean, each as `name: what` in the words of
   * describe-relay-settings.ts, for the line the relay logs once it listens.
   */
  describe(): readonly string[];
  /** Ends at once what the room keeps (relay shutdown, once every leg has ended). */
  close(): Promise<void>;
}
