/**
 * The device's listener model (WS §3.1, netstack EventManager):
 * - one listener per event type: `on()` replaces whatever was registered;
 * - `off(type)` removes it, `off(type, fn)` only when `fn` is that listener (===);
 * - listeners are never removed automatically.
 * Dispatch looks the listener up at delivery time and isolates it: a listener that
 * throws is reported like an uncaught error and never stops later events.
 */
import { createParameterThrow } from './business-error.js';
import { reportUncaught } from './report-uncaught.js';

export type Listener = (...args: never[]) => unknown;

export class ListenerSlots<Type extends string> {
  readonly #listeners = new Map<Type, Listener>();
  readonly #known: ReadonlySet<string>;

  /** @param known the event names of this object; on/off ignore any other name, as the device does. */
  constructor(known: readonly Type[]) {
    this.#known = new Set(known);
  }

  /** The arguments of the device's `on()`: exactly (string, function), else a synchronous 401 throw (WS §2.3). */
  on(args: unknown[]): void {
    const [type, listener] = args;
    if (args.length !== 2 || typeof type !== 'string' || typeof listener !== 'function') throw createParameterThrow();
    if (this.#known.has(type)) this.#listeners.set(type as Type, listener as Listener);
  }

  /** The arguments of the device's `off()`: (string) or (string, function); an explicit undefined counts (WS §2.3). */
  off(args: unknown[]): void {
    const [type, listener] = args;
    if (args.length < 1 || args.length > 2 || typeof type !== 'string' || (args.length === 2 && typeof listener !== 'function'))
      throw createParameterThrow();
    // off(type) removes the listener, off(type, fn) only when fn is it.
    if (this.#known.has(type) && (listener === undefined || this.#listeners.get(type as Type) === listener)) this.#listeners.delete(type as Type);
  }

  has(type: Type): boolean {
    return this.#listeners.has(type);
  }

  /** Calls the listener of `type`, if any, with `this` undefined; returns whether one was called. */
  emit(type: Type, ...args: unknown[]): boolean {
    const listener = this.#listeners.get(type) as ((...args: unknown[]) => unknown) | undefined;
    if (listener === undefined) return false;
    try {
      listener(...args);
    } catch (error) {
      // Like an EventTarget does: the error reaches window.onerror / the console, our state machine goes on.
      reportUncaught(error);
    }
    return true;
  }
}
