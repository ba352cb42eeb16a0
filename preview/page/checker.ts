/** The page's side of the checker worker: one promise per check, and one for getting ready. */
import type { CheckRequest, CheckResponse, CheckerFiles, CheckerTimings, LanguageQueries, LanguageQuery, Problem } from './check-protocol.js';

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
  /** Asks the language service about `text` (completions, hover, signature help); answers once the checker is ready. */
  ask<K extends LanguageQuery>(query: K, text: string, ask: LanguageQueries[K]['ask']): Promise<LanguageQueries[K]['answer']>;
}

/** Starts the worker at once (loading TypeScript takes a while); it loads `files` once they are known. */
export function startChecker(workerUrl: string, files: Promise<CheckerFiles>): Checker {
  const worker = new Worker(workerUrl);
  const pending = new Map<number, { resolve(result: CheckResult | LanguageQueries[LanguageQuery]['answer']): void; reject(error: Error): void }>();
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
    else if (data.type === 'answer') waiting?.resolve(data.answer);
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
  /** Sends what `request` makes of a fresh id, once the worker has its files; resolves with its answer. */
  const send = <T>(request: (id: number) => CheckRequest): Promise<T> => {
    if (broken !== undefined) return Promise.reject(broken);
    const id = ++ids;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (answer: unknown) => void, reject });
      void initialized.then(() => {
        if (broken === undefined) post(request(id));
      });
    });
  };
  return {
    ready,
    check: (text, emit = false) => send<CheckResult>((id) => ({ type: 'check', id, text, emit })),
    ask: <K extends LanguageQuery>(query: K, text: string, ask: LanguageQueries[K]['ask']) =>
      send<LanguageQueries[K]['answer']>((id) => ({ type: 'query', id, text, query, ask }) as CheckRequest),
  };
}
