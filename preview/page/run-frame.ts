/**
 * The page's side of one run's frame (run-realm.ts): opens the frame, passes on what it
 * reports while the run is the page's current one, and ends it: the run's own ending
 * first (timers cleared, servers stopped, clients closed, the relay's legs closed), then
 * the frame is removed, which takes anything left with it.
 */
import type { PreviewRealm, RealmReports, RealmSetup, RunEnding } from './run-protocol.js';

const RUN_FRAME_URL = '/preview/run-frame.html';

/**
 * How long a run's ending may wait for the relay to close its legs. They close within
 * milliseconds; this bounds a client whose far end never answers a close. Past it the
 * frame is removed all the same (its legs then close with 1001).
 */
export const END_WITHIN_MS = 10_000;

export interface RunFrame {
  /** Runs `js` as a module in the run's realm; rejects when it fails to load or throws. */
  run(js: string): Promise<void>;
  /** Ends the run and removes its frame; from then on nothing of it reaches the page. */
  end(): Promise<RunEnding>;
}

/** Opens a run's frame in `container`; its reports go to `reports` until end(). */
export async function openRunFrame(container: HTMLElement, setup: RealmSetup): Promise<RunFrame> {
  const frame = document.createElement('iframe');
  frame.className = 'run-frame';
  frame.title = 'the run’s realm';
  frame.hidden = true;
  frame.src = RUN_FRAME_URL;
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  container.append(frame);
  await loaded;
  const view = frame.contentWindow as (Window & { previewRealm?: PreviewRealm }) | null;
  const realm = view?.previewRealm;
  if (view === null || realm === undefined) {
    frame.remove();
    throw new Error(`${RUN_FRAME_URL} did not load its code`);
  }
  try {
    await realm.loaded;
  } catch (error) {
    frame.remove();
    throw error;
  }
  let live = true;
  // The frame's clock starts with its document: traces come in the page's time, as the timeline counts it.
  const shift = view.performance.timeOrigin - performance.timeOrigin;
  const reports: RealmReports = {
    console: (level, text, running) => {
      if (live) setup.reports.console(level, text, running);
    },
    uncaught: (text, origin) => {
      if (live) setup.reports.uncaught(text, origin);
    },
    trace: (detail) => {
      if (live) setup.reports.trace({ ...detail, time: detail.time + shift });
    },
  };
  realm.setUp({ ...setup, reports });
  frame.dataset.live = 'true';
  return {
    run: (js) => realm.run(js),
    async end() {
      live = false;
      delete frame.dataset.live;
      try {
        return await realm.end(END_WITHIN_MS);
      } finally {
        frame.remove();
      }
    },
  };
}
