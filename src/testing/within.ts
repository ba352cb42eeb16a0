/** `promise`, or a rejection naming `what` after `ms`: every wait in the relay tests is bounded. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits until `check` holds, looking again at each turn of the event loop (bounded). */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  await within(
    (async () => {
      while (!check()) await new Promise((resolve) => setImmediate(resolve));
    })(),
    ms,
    what,
  );
}

/** Resolves with the arguments of the next `event` on `emitter` (bounded). */
export function nextEvent<T extends unknown[]>(
  emitter: { once(event: string, listener: (...args: T) => void): unknown },
  event: string,
  ms = 5000,
): Promise<T> {
  return within(new Promise<T>((resolve) => emitter.once(event, (...args: T) => resolve(args))), ms, `'${event}'`);
}
