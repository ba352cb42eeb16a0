import { createParameterThrow } from '../../core/business-error.js';
import { reportUncaught } from '../../core/report-uncaught.js';

/** The events of an HttpRequest (HTTP §1.3, §6). */
export type HttpEventType = 'headerReceive' | 'headersReceive' | 'dataReceive' | 'dataEnd' | 'dataReceiveProgress' | 'dataSendProgress';

const ON_OFF_TYPES: ReadonlySet<string> = new Set<HttpEventType>([
  'headerReceive',
  'headersReceive',
  'dataReceive',
  'dataEnd',
  'dataReceiveProgress',
  'dataSendProgress',
]);
const ONCE_TYPES: ReadonlySet<string> = new Set<HttpEventType>(['headerReceive', 'headersReceive']);

type Listener = (...args: unknown[]) => unknown;

interface Registration {
  readonly listener: Listener;
  readonly once: boolean;
  /** AsyncCallback style: called `(undefined, value)`; otherwise `(value)`. */
  readonly withError: boolean;
}

/**
 * An HttpRequest's listeners, in the device's model (HTTP §2.3, netstack EventManager):
 * - one listener per event type: `on` and `once` replace whatever is registered;
 * - `on('headerReceive')` registers an AsyncCallback-style listener, called
 *   `(undefined, header)`; every other registration, `once('headerReceive')` included,
 *   is Callback-style, called `(value)`; `this` is undefined;
 * - `on`/`off` throw a string-code 401 on bad arguments; `once` ignores them and knows
 *   only the two header events; unknown event names are ignored;
 * - a `once` listener is removed after the event it is for has been delivered;
 * - nothing else removes a listener (not an end, an error or destroy()).
 */
export class RequestListeners {
  readonly #registrations = new Map<HttpEventType, Registration>();

  on(args: readonly unknown[]): void {
    const [type, listener] = args;
    if (args.length !== 2 || typeof type !== 'string' || typeof listener !== 'function') throw createParameterThrow();
    if (ON_OFF_TYPES.has(type))
      this.#registrations.set(type as HttpEventType, { listener: listener as Listener, once: false, withError: type === 'headerReceive' });
  }

  once(args: readonly unknown[]): void {
    const [type, listener] = args;
    if (args.length !== 2 || typeof type !== 'string' || typeof listener !== 'function' || !ONCE_TYPES.has(type)) return;
    this.#registrations.set(type as HttpEventType, { listener: listener as Listener, once: true, withError: false });
  }

  off(args: readonly unknown[]): void {
    const [type, listener] = args;
    if (args.length < 1 || args.length > 2 || typeof type !== 'string' || (args.length === 2 && typeof listener !== 'function'))
      throw createParameterThrow();
    if (!ON_OFF_TYPES.has(type)) return;
    const registered = this.#registrations.get(type as HttpEventType);
    if (registered !== undefined && (args.length === 1 || registered.listener === listener)) this.#registrations.delete(type as HttpEventType);
  }

  has(type: HttpEventType): boolean {
    return this.#registrations.has(type);
  }

  /**
   * Delivers `value` to the listener of `type`, if any. A throwing listener is reported
   * like an uncaught error and stops nothing else.
   */
  emit(type: HttpEventType, value: unknown): void {
    const registration = this.#registrations.get(type);
    if (registration === undefined) return;
    // Called as a plain function: `this` is undefined.
    const { listener } = registration;
    try {
      if (registration.withError) listener(undefined, value);
      else listener(value);
    } catch (error) {
      reportUncaught(error);
    }
    // The device drops the type's once-listener after the delivery, whichever is registered by then.
    if (this.#registrations.get(type)?.once === true) this.#registrations.delete(type);
  }
}
