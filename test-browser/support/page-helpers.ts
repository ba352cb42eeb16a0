/**
 * Helpers that live in the page (installed with page.addInitScript before the harness
 * loads) so that every spec records events the same way and hands back plain data.
 *
 * installPageHelpers is serialised by Playwright and run in the page, so it must not
 * use anything from this module's scope: only its own body and globals. The conformance
 * suite's Node wires call it too (conformance/node-wires.test.ts): it reads and sets
 * `globalThis`, which is the window in a page.
 */

// Loose on purpose: specs call these objects with wrong arguments to test the device's answers.
type Loose = (...args: any[]) => any;
// The same, for a namespace's members.
type LooseNamespace = Record<string, any>;

/** The slice of a WebSocket object (as the page sees it) that the specs use. */
export interface PageWebSocket {
  connect: Loose;
  send: Loose;
  close: Loose;
  on: Loose;
  off: Loose;
}

export interface PageKit {
  webSocket: {
    createWebSocket(): PageWebSocket;
    createWebSocketServer: Loose;
    TlsProtocol: Record<string, number>;
  };
  /** The http namespace (HTTP §1), loosely typed: cases call it with what apps pass, right or wrong. */
  http: LooseNamespace;
  BusinessError: new (...args: never[]) => Error;
  configure(config: Record<string, unknown>): void;
  /** Where the app's server on `appPort` really listens (ohos-netkit/config). */
  serverAddress(appPort: number): { host: string; port: number } | undefined;
}

/** An ArrayBuffer, as byte length plus (up to 256 of) its bytes. */
export interface SerialisedBuffer {
  ab: number;
  bytes: number[];
}

/** Any other object: its JSON text and its own enumerable keys (which JSON drops when undefined). */
export interface SerialisedObject {
  json: string;
  keys: string[];
}

/** Values JSON cannot carry faithfully (functions, typed arrays, symbols…): their kind only. */
export interface SerialisedOther {
  kind: string;
}

export type Serialised = undefined | null | boolean | number | string | SerialisedBuffer | SerialisedObject | SerialisedOther;

/** `[eventType, ...listenerArguments]`, so the arity a listener was called with shows. */
export type EventRecord = [type: string, ...args: Serialised[]];

export interface EventLog {
  /** Every event so far, in arrival order. */
  readonly entries: EventRecord[];
  /**
   * Resolves with a copy of the log as soon as `count` events of `type` have arrived
   * (driven by the events themselves); rejects with the log so far after `timeoutMs`.
   */
  until(type: string, count?: number, timeoutMs?: number): Promise<EventRecord[]>;
  /** Adds a record of the spec's own (say, a method's callback) into the same ordered log. */
  note(type: string, ...values: unknown[]): void;
}

/** What a synchronous throw looked like. */
export interface Thrown {
  isError: boolean;
  name: string;
  message: string;
  code: Serialised;
  codeType: string;
}

export type Attempt = { returned: Serialised } | { thrown: Thrown };
export type Settled = { resolved: Serialised } | { rejected: Serialised };

export interface PageHelpers {
  serialise(value: unknown): Serialised;
  /** createWebSocket(), record its events, connect(url[, options]) and wait for `open`. */
  openSocket(url: string, options?: Record<string, unknown>, types?: readonly string[]): Promise<{ ws: PageWebSocket; log: EventLog }>;
  /** Registers a recording listener for each of `types` (default: every client event but headerReceive). */
  record(ws: PageWebSocket, types?: readonly string[]): EventLog;
  /** A callback whose first call resolves `args` with everything it was called with. */
  callback(timeoutMs?: number): { fn: (...args: unknown[]) => void; args: Promise<Serialised[]> };
  /** Calls `fn` and reports whether it returned or threw synchronously. */
  attempt(fn: () => unknown): Attempt;
  /** Waits for a promise (or reports a non-promise as returned). */
  settle(value: unknown, timeoutMs?: number): Promise<Settled | { notAPromise: Serialised }>;
}

declare global {
  interface Window {
    /** Set by the harness page once the bundle is loaded. */
    ready?: boolean;
    kit: PageKit;
    /** The namespaces as imported, keeping nothing they make (harness/index.html): kit wraps webSocket's factories. */
    importedKit: Pick<PageKit, 'http' | 'webSocket'>;
    helpers: PageHelpers;
    ohosNetkit?: PageKit;
  }
  /** The API under test, where the code runs: set by the harness page, or by the conformance suite's Node wires. */
  var kit: PageKit;
  /** installPageHelpers() sets it, in a page and in Node alike. */
  var helpers: PageHelpers;
}

export function installPageHelpers(): void {
  // Not headerReceive: in direct mode listening to it prints a warning (see direct-mode.spec.ts).
  const CLIENT_EVENTS = ['open', 'openInfo', 'message', 'dataEnd', 'error', 'close'];
  // A bound on waiting for an event, not a budget: wide for a busy 2-core machine.
  const DEFAULT_TIMEOUT_MS = 10_000;
  const MAX_BYTES = 256;

  const serialise = (value: unknown): Serialised => {
    if (value === undefined || value === null) return value;
    const type = typeof value;
    if (type === 'boolean' || type === 'number' || type === 'string') return value as boolean | number | string;
    if (value instanceof ArrayBuffer) {
      return { ab: value.byteLength, bytes: Array.from(new Uint8Array(value, 0, Math.min(value.byteLength, MAX_BYTES))) };
    }
    if (type === 'object' && !ArrayBuffer.isView(value)) {
      return { json: JSON.stringify(value), keys: Object.keys(value as object) };
    }
    const constructorName = (value as { constructor?: { name?: string } }).constructor?.name;
    return { kind: type === 'object' ? (constructorName ?? 'object') : type };
  };

  /** Rejects after timeoutMs; the message carries what had happened by then. */
  const bounded = <T>(promise: Promise<T>, timeoutMs: number, describe: () => string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`)), timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  // A socket a spec records stays reachable for the document's life, on any page (the
  // harness keeps what its kit makes as well; other pages, global.html or a README's, do
  // not): a case often keeps nothing of a client but a wait on its log, and the kit stops
  // a client its code can no longer reach once it is collected (WS §4 "GC").
  const recorded: PageWebSocket[] = [];

  const record = (ws: PageWebSocket, types: readonly string[] = CLIENT_EVENTS): EventLog => {
    recorded.push(ws);
    const entries: EventRecord[] = [];
    const waiters: Array<{ type: string; count: number; resolve: (log: EventRecord[]) => void }> = [];
    const countOf = (type: string) => entries.filter(([recorded]) => recorded === type).length;
    const settleWaiters = () => {
      for (const waiter of [...waiters]) {
        if (countOf(waiter.type) >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(entries.slice());
        }
      }
    };
    const note = (type: string, ...values: unknown[]) => {
      entries.push([type, ...values.map(serialise)]);
      settleWaiters();
    };
    for (const type of types) ws.on(type, (...args: unknown[]) => note(type, ...args));
    return {
      entries,
      note,
      until(type: string, count = 1, timeoutMs = DEFAULT_TIMEOUT_MS) {
        const reached = new Promise<EventRecord[]>((resolve) => {
          waiters.push({ type, count, resolve });
          settleWaiters();
        });
        return bounded(reached, timeoutMs, () => `waiting for ${count} × '${type}', log: ${JSON.stringify(entries)}`);
      },
    };
  };

  const openSocket = async (url: string, options?: Record<string, unknown>, types?: readonly string[]) => {
    const ws = globalThis.kit.webSocket.createWebSocket();
    const log = record(ws, types);
    if (options === undefined) ws.connect(url, (err: unknown) => err !== undefined && log.note('connect-failed', err));
    else ws.connect(url, options, (err: unknown) => err !== undefined && log.note('connect-failed', err));
    await log.until('open');
    return { ws, log };
  };

  const callback = (timeoutMs = DEFAULT_TIMEOUT_MS) => {
    let resolveArgs: (args: Serialised[]) => void = () => {};
    const called = new Promise<Serialised[]>((resolve) => {
      resolveArgs = resolve;
    });
    return {
      fn: (...args: unknown[]) => resolveArgs(args.map(serialise)),
      args: bounded(called, timeoutMs, () => 'the callback was never called'),
    };
  };

  const attempt = (fn: () => unknown): Attempt => {
    try {
      return { returned: serialise(fn()) };
    } catch (error) {
      const { name, message, code } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
      return {
        thrown: {
          isError: error instanceof Error,
          name: String(name),
          message: String(message),
          code: serialise(code),
          codeType: typeof code,
        },
      };
    }
  };

  const settle = async (value: unknown, timeoutMs = DEFAULT_TIMEOUT_MS) => {
    if (!(value instanceof Promise)) return { notAPromise: serialise(value) };
    const outcome = value.then(
      (resolved: unknown): Settled => ({ resolved: serialise(resolved) }),
      (rejected: unknown): Settled => ({ rejected: serialise(rejected) }),
    );
    return bounded(outcome, timeoutMs, () => 'the promise never settled');
  };

  globalThis.helpers = { serialise, record, openSocket, callback, attempt, settle };
}
