/**
 * What the page (main.ts, through run-frame.ts) and a run's frame (run-realm.ts) say to
 * each other. Each Run runs its code in a frame of its own, a fresh realm: its clients,
 * servers, timers and pending requests are the run's alone, and the next Run ends them
 * all before its own code starts.
 */
import type { RejectionOrigin, RunningCode, TraceDetail } from './trace.js';

/** What a run's frame reports to the page, as it happens. */
export interface RealmReports {
  /**
   * A line of the run's console (the device's hilog), its arguments already shown as
   * text, and the app's callback or listener that printed it, if one was running.
   */
  console(level: 'log' | 'info' | 'warn' | 'error', text: string, running?: RunningCode): void;
  /** An error nobody caught, or a rejection nobody handled, in the run's code; a rejection with the call it came from, when the kit knows it. */
  uncaught(text: string, origin?: RejectionOrigin): void;
  /** A `netkit-trace` of the run's clients and servers (traced-network-kit.js). */
  trace(detail: TraceDetail): void;
}

export interface RealmSetup {
  /** The run's `__OHOS_NETKIT_CONFIG__`: every connection through the preview's relay. */
  readonly config: { readonly relay: { readonly url: string; readonly token: string }; readonly useRelay: 'always' };
  /** The run's counters of ws#N, server#N and http#N, fresh for each run: every run counts from 1. */
  readonly numbering: { clients: number; servers: number; requests: number };
  readonly reports: RealmReports;
}

/** How a run ended: what it left open that the next Run closed. */
export interface RunEnding {
  /** server#N that were listening and stopped. */
  readonly servers: readonly number[];
  /** ws#N that were open and closed. */
  readonly clients: readonly number[];
  /** http#N that had a request under way, destroyed. */
  readonly requests: readonly number[];
  /** Timers and intervals of the run that had not fired yet, cleared. */
  readonly timers: number;
  /**
   * Relay legs (connections of the run's clients and servers to the dev relay) still
   * open when the wait for them ended: removing the frame closes them (1001).
   */
  readonly leftOpen: number;
}

/** What a run's frame offers the page, as `window.previewRealm` once its module has loaded. */
export interface PreviewRealm {
  /** Resolves once the traced kit has loaded; rejects if it could not. */
  readonly loaded: Promise<void>;
  setUp(setup: RealmSetup): void;
  /** Runs `js` as a module of this realm; resolves once it has been evaluated (top-level await included). */
  run(js: string): Promise<void>;
  /**
   * Ends the run: clears its timers, stops its servers and closes its clients, then
   * waits, for at most `withinMs`, until the relay has closed every leg of the realm
   * (a stopped server's leg closes once the relay has given its port back).
   */
  end(withinMs: number): Promise<RunEnding>;
}
