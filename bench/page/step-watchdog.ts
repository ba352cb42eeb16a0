/**
 * A run's watchdog bounds each step (opening, then every chunk), not the whole run:
 * a run's length grows with its chunks and with the machine's load, while a step that
 * stalls is what the bound is there to catch.
 */
export interface StepWatchdog {
  /** Rejects when a step outlasts the bound; never resolves. */
  expired: Promise<never>;
  /** Starts the next step's bound, named in the error if it expires. */
  step(where: string): void;
  stop(): void;
}

export function stepWatchdog(what: string, timeoutMs: number): StepWatchdog {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expire: (error: Error) => void = () => {};
  const expired = new Promise<never>((_, reject) => (expire = reject));
  // Nobody may be racing it when it fires after stop(): keep that from being an unhandled rejection.
  expired.catch(() => {});
  return {
    expired,
    step(where) {
      clearTimeout(timer);
      timer = setTimeout(() => expire(new Error(`${what}: ${where} took over ${timeoutMs} ms`)), timeoutMs);
    },
    stop: () => clearTimeout(timer),
  };
}
