/**
 * Opens `count` connections, `concurrency` at a time, within `timeoutMs`: how the idle
 * memory phases fill the relay (many handshakes in flight, never all at once, and a
 * deadline so that a relay that stops answering fails the phase instead of stalling it).
 * `openOne(index)` resolves once connection `index` is fully open. Resolves with how many
 * opened; rejects, past the deadline, naming how many had and what `what` they are.
 */
export async function openConcurrently(
  { count, concurrency, timeoutMs, what }: { count: number; concurrency: number; timeoutMs: number; what: string },
  openOne: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  let opened = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      await openOne(next++);
      opened++;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${opened} of ${count} ${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker)), late]);
  } finally {
    clearTimeout(timer);
  }
  return opened;
}
