import { queueMicrotask } from './web-platform.js';

/**
 * Reports an error the way an uncaught one is reported, and goes on: in a page the
 * window's 'error' event and the console (reportError), elsewhere (Node 20 has no
 * reportError) a throw from a microtask, which reaches 'uncaughtException'. Never a
 * rejection: on the device an exception in a callback is an uncaught exception.
 */
export function reportUncaught(error: unknown): void {
  const { reportError } = globalThis as { reportError?: (error: unknown) => void };
  if (reportError) reportError(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}
