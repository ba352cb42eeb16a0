/**
 * Device quirks explained where a run meets them: the log gets a short note, marked as
 * a preview aid (never as device output), that cites the section of
 * docs/websocket-behavior.md which documents the behaviour. One watcher per run: it
 * follows the run's traces, console lines and unhandled rejections, and says which
 * note goes after which line of the log (`Item`: the log's line, whatever it is).
 *
 * The quirks it knows:
 * - a rejection the code never handles, of a call the kit traced: the device rejects a
 *   failed call's promise with a plain { code, message } (WS §2.1, §2.2); for the
 *   guide's server example, whose stop() runs right after start(), that is stop()
 *   finding no server yet: 2302999 (WS §6.4);
 * - a connect() callback that reports success for a connection that never opened:
 *   the device calls it once the connection is under way, not once it is open
 *   (WS §2.2), and a connection that fails before open gets only an error event (WS §3.4).
 */
import { ownerOf, type RejectionOrigin, type RunningCode, type TraceDetail } from './trace.js';

export interface PlacedNote<Item> {
  /** The log line the note goes right after. */
  after: Item;
  text: string;
  /** The spec sections the note cites, e.g. 'WS §6.4'. */
  cites: string;
}

interface ClientState {
  /** connect() succeeded (its callback without an error, or its promise resolved), and no open since. */
  connected: boolean;
  opened: boolean;
  /** An error event came after a successful connect() and before any open. */
  neverOpened: boolean;
  /** Lines printed by connect()'s callback when it reported success. */
  successLines: unknown[];
}

const codeIn = (text: string): string | undefined => /"code":(-?\d+)/.exec(text)?.[1];

export class QuirkWatcher<Item> {
  readonly #clients = new Map<number, ClientState>();
  readonly #noted = new Set<Item>();

  #client(id: number): ClientState {
    let state = this.#clients.get(id);
    if (state === undefined) {
      state = { connected: false, opened: false, neverOpened: false, successLines: [] };
      this.#clients.set(id, state);
    }
    return state;
  }

  #neverOpenedNote(item: Item, client: number): PlacedNote<Item>[] {
    if (this.#noted.has(item)) return [];
    this.#noted.add(item);
    const name = `ws#${client}`;
    return [
      {
        after: item,
        cites: 'WS §2.2, §3.4',
        text: `${name} never opened, whatever this line says: connect() reports success once the connection is under way, not once it is open (WS §2.2), and a connection that fails before it opens gets only an error event (WS §3.4).`,
      },
    ];
  }

  /** A trace of the run; `item` is its log line, if it has one. */
  trace(detail: TraceDetail): PlacedNote<Item>[] {
    const client = detail.client;
    if (client === undefined) return [];
    const state = this.#client(client);
    if (detail.name === 'connect' && detail.kind === 'result') {
      Object.assign(state, { connected: true, opened: false, neverOpened: false, successLines: [] });
      return [];
    }
    if (detail.kind !== 'event') return [];
    if (detail.name === 'open') state.opened = true;
    if (detail.name === 'error' && state.connected && !state.opened && !state.neverOpened) {
      state.neverOpened = true;
      return state.successLines.flatMap((line) => this.#neverOpenedNote(line as Item, client));
    }
    return [];
  }

  /** A console line of the run, with the app's callback or listener that printed it. */
  console(item: Item, running: RunningCode | undefined): PlacedNote<Item>[] {
    if (running?.client === undefined || running.name !== 'connect' || running.kind !== 'callback' || running.failed === true) return [];
    const state = this.#client(running.client);
    state.successLines.push(item);
    return state.neverOpened ? this.#neverOpenedNote(item, running.client) : [];
  }

  /** An unhandled rejection of the run (its log line, its text), with the call it came from. */
  uncaught(item: Item, text: string, origin: RejectionOrigin | undefined): PlacedNote<Item>[] {
    if (origin === undefined) return [];
    const owner = ownerOf(origin) ?? 'the kit';
    const code = codeIn(text);
    if (origin.server !== undefined && origin.name === 'stop' && origin.pendingAtCall.includes('start')) {
      return [
        {
          after: item,
          cites: 'WS §6.4, §2.2',
          text: `${owner}'s stop() ran before its start() had finished, so there was no server to stop yet: the device answers ${code ?? '2302999'} (WS §6.4). The code has no catch for that rejection (a failed call rejects its promise, WS §2.2).`,
        },
      ];
    }
    return [
      {
        after: item,
        cites: 'WS §2.2, §7',
        text: `${owner} ${origin.name}() failed${code === undefined ? '' : ` with ${code}`} and the code has no catch for it: a failed call rejects its promise with a plain { code, message } (WS §2.2; the codes: WS §7).`,
      },
    ];
  }
}
