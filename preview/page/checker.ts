/** The page's side of the checker worker: one promise per check, and one for getting ready. */
import type { CheckRequest, CheckResponse, CheckerFiles, CheckerTimings, Problem } from './check-protocol.js';

export interface CheckResult {
  problems: Problem[];
  /** The code with its types stripped, when asked for. */
  js?: string;
}

export interface Checker {
  /**
   * Resolves once the checker can check at once (TypeScript, its lib files and its program
   * loaded: the slow part, seconds), with what each phase took; rejects if it cannot load.
   */
  readonly ready: Promise<CheckerTimings>;
  /** Checks `text`; asked before the checker is ready, it answers once it is. */
  check(text: string, emit?: boolean): Promise<CheckResult>;
}

/** Starts the worker at once (loading TypeScript takes a while); it loads `files` once they are known. */
export function startChecker(workerUrl: string, files: Promise<CheckerFiles>): Checker {
  const worker = new Worker(workerUrl);
  const pending = new Map<number, { resolve(result: CheckResult): void; reject(error: Error): void }>();
  let ids = 0;
  let broken: Error | undefined;
  let becameReady!: (timings: CheckerTimings) => void;
  let failedToLoad!: (error: Error) => void;
  const ready = new Promise<CheckerTimings>((resolve, reject) => {
    becameReady = resolve;
    failedToLoad = reject;
  });
  // A page that never waits for `ready` must not see an unhandled rejection.
  ready.catch(() => undefined);
  const post = (request: CheckRequest) => worker.postMessage(request);
  worker.addEventListener('message', ({ data }: MessageEvent<CheckResponse>) => {
    if (data.type === 'ready') {
      becameReady(data.timings);
      return;
    }
    if (data.type === 'init-failed') {
      failedToLoad(new Error(`the checker could not load: ${data.message}`));
      return;
    }
    const waiting = pending.get(data.id);
    pending.delete(data.id);
    if (data.type === 'failed') waiting?.reject(new Error(data.message));
    else waiting?.resolve(data.js === undefined ? { problems: data.problems } : { problems: data.problems, js: data.js });
  });
  const stop = (error: Error) => {
    // No check will ever answer.
    broken = error;
    failedToLoad(error);
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.addEventListener('error', (event) => stop(new Error(`the checker stopped: ${event.message || 'its script failed to load'}`)));
  const initialized = files.then(
    ({ libs, types }) => post({ type: 'init', libs, types }),
    (error: unknown) => stop(new Error(`the checker has nothing to check against: ${String(error)}`)),
  );
  return {
    ready,
    check(text, emit = false) {
      if (broken !== undefined) return Promise.reject(broken);
      const id = ++ids;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        void initialized.then(() => {
          if (broken === undefined) post({ type: 'check', id, text, emit });
        });
      });
    },
  };
}
