import { within } from './within.js';

/**
 * Collects garbage until `observed` resolves: finalizers run some time after the
 * collection that found their object unreachable, so one gc() is not enough to wait on.
 * Needs `--expose-gc` (the unit test runner passes it).
 */
export function collectGarbageUntil<T>(observed: Promise<T>, what: string, ms = 10_000): Promise<T> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('collectGarbageUntil needs node --expose-gc');
  let seen = false;
  void observed.finally(() => {
    seen = true;
  });
  return within(
    (async () => {
      while (!seen) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return observed;
    })(),
    ms,
    what,
  );
}
