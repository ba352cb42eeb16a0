import type { DeviceError } from './business-error.js';
import { reportUncaught } from './report-uncaught.js';

/**
 * The bridge between one promise-returning implementation and the device's
 * "callback if the last argument is a function, otherwise a Promise" overloads
 * (WS §2.2, netstack module_template.h).
 */
export type NodeStyleCallback<T> = (err: unknown, value: T | undefined) => void;

/**
 * Without a callback: returns the promise. With one: returns undefined and later
 * calls `callback(undefined, value)` or `callback(error, undefined)` exactly once,
 * with `this` undefined, outside the promise chain, so a throwing callback surfaces as
 * an uncaught error (as it does on the device) rather than an unhandled rejection or a
 * second call.
 */
export function withCallback<T>(promise: Promise<T>, callback: NodeStyleCallback<T> | undefined): Promise<T> | undefined {
  if (callback === undefined) return promise;
  promise.then(
    (value) => inMicrotask(() => callback(undefined, value)),
    (error: unknown) => inMicrotask(() => callback(error, undefined)),
  );
  return undefined;
}

/**
 * For an outcome already known when the method is called (send and close decide
 * synchronously): the same contract as withCallback, with one microtask for a callback
 * and no promise at all in between. A message loop that sends with a callback per
 * message pays for nothing more than the asynchrony the device has.
 */
export function settle(outcome: true | DeviceError, callback: NodeStyleCallback<boolean> | undefined): Promise<boolean> | undefined {
  const failed = outcome !== true;
  if (callback === undefined) return failed ? Promise.reject(outcome) : Promise.resolve(outcome);
  inMicrotask(failed ? () => callback(outcome, undefined) : () => callback(undefined, outcome));
  return undefined;
}

/** Settled once, for inMicrotask. */
const RESOLVED = Promise.resolve();

/**
 * Runs `task` in a microtask, reporting what it throws as an uncaught error. The same
 * turn and order as queueMicrotask, through V8's own promise jobs: in Chromium,
 * queueMicrotask goes through the page's bindings, and one per message cost a loopback
 * round trip about 2 % more (bench, the browser's WebSocket with either one per send).
 */
function inMicrotask(task: () => void): void {
  void RESOLVED.then(() => {
    try {
      task();
    } catch (error) {
      reportUncaught(error);
    }
  });
}
