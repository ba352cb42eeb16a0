/**
 * The frame one Run's code runs in (run-frame.html), bundled as run-realm.js: a realm of
 * its own, so that everything the run starts (clients, servers, timers, requests) is the
 * run's alone and ends with it. Before any of the run's code, it takes note of what the
 * run could leave behind: its timers, and its relay legs (every WebSocket of the realm:
 * the kit opens one to the dev relay per client, per server and per server's client). The
 * page ends a run with end() and then removes the frame, which takes whatever is left
 * with it (the browser closes a removed frame's WebSockets with 1001).
 *
 * The run's console, its uncaught errors and its traces go to the page (run-protocol.ts
 * RealmReports): the page's log and timeline are the run's output.
 */
import type { PreviewRealm, RealmReports, RunEnding } from './run-protocol.js';
import type { RejectionOrigin, RunningCode, TraceDetail } from './trace.js';

/** '@kit.NetworkKit' of this frame's import map: a variable, so that the bundler leaves it to the browser. */
const TRACED_KIT = '/preview/traced-network-kit.js';

/** What run-realm needs of traced-network-kit.js (its `preview` export). */
interface TracedKit {
  preview: {
    numberWith(counters: { clients: number; servers: number; requests: number }): void;
    runningNow(): RunningCode | undefined;
    originOf(reason: unknown): RejectionOrigin | undefined;
    end(): Promise<{ servers: number[]; clients: number[]; requests: number[] }>;
  };
}

const realm = window as unknown as Window & { previewRealm?: PreviewRealm; __OHOS_NETKIT_CONFIG__?: object };
let reports: RealmReports | undefined;
/** The traced kit once loaded: asked what printed a console line and where a rejection came from. */
let kit: TracedKit | undefined;
/** Once the page ends the run: its timers no longer run, new ones are not set. */
let ending = false;

// ——— the run's timers ———

const native = {
  setTimeout: window.setTimeout.bind(window),
  setInterval: window.setInterval.bind(window),
  clearTimeout: window.clearTimeout.bind(window),
  clearInterval: window.clearInterval.bind(window),
};
/** Timeouts not yet fired and intervals not yet cleared. */
const timers = new Set<number>();

window.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]): number => {
  if (ending) return 0;
  const id: number = native.setTimeout(
    typeof handler === 'function'
      ? (...given: unknown[]) => {
          timers.delete(id);
          (handler as (...given: unknown[]) => void)(...given);
        }
      : handler,
    timeout,
    ...args,
  );
  timers.add(id);
  return id;
}) as typeof window.setTimeout;

window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]): number => {
  if (ending) return 0;
  const id = native.setInterval(handler, timeout, ...args);
  timers.add(id);
  return id;
}) as typeof window.setInterval;

window.clearTimeout = ((id?: number): void => {
  if (id !== undefined) timers.delete(id);
  native.clearTimeout(id);
}) as typeof window.clearTimeout;
window.clearInterval = ((id?: number): void => {
  if (id !== undefined) timers.delete(id);
  native.clearInterval(id);
}) as typeof window.clearInterval;

// ——— the run's relay legs ———

const openLegs = new Set<WebSocket>();
const legClosed = new WeakMap<WebSocket, Promise<void>>();

/** The browser's WebSocket, noting each one until its close event: nothing else differs. */
class NotedWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    openLegs.add(this);
    legClosed.set(
      this,
      new Promise((resolve) =>
        this.addEventListener(
          'close',
          () => {
            openLegs.delete(this);
            resolve();
          },
          { once: true },
        ),
      ),
    );
  }
}
Object.defineProperty(NotedWebSocket, 'name', { value: 'WebSocket' });
window.WebSocket = NotedWebSocket;

/** Resolves once every leg of the realm has closed, those opened meanwhile too. */
async function everyLegClosed(): Promise<void> {
  while (openLegs.size > 0) await Promise.all([...openLegs].map((leg) => legClosed.get(leg)));
}

// ——— the run's output ———

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  try {
    // undefined, a function or a symbol has no JSON: printed as the console prints it ("undefined").
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// The run's console is the device's hilog: every line goes to the page's log too.
for (const level of ['log', 'info', 'warn', 'error'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    original(...args);
    reports?.console(level, args.map(show).join(' '), kit?.preview.runningNow());
  };
}
// The log shows them (as the device's log would): handled here, they are not the page's own errors in the console.
window.addEventListener('error', (event) => {
  event.preventDefault();
  reports?.uncaught(`uncaught: ${event.message}`);
});
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  reports?.uncaught(`unhandled rejection: ${show(event.reason)}`, kit?.preview.originOf(event.reason));
});
window.addEventListener('netkit-trace', (event) => reports?.trace((event as CustomEvent<TraceDetail>).detail));

// ——— the page's handle ———

const loaded = (import(TRACED_KIT) as Promise<TracedKit>).then((module) => {
  kit = module;
});

realm.previewRealm = {
  loaded,
  setUp(setup) {
    if (kit === undefined) throw new Error('set up before the traced kit had loaded');
    realm.__OHOS_NETKIT_CONFIG__ = { relay: { ...setup.config.relay }, useRelay: setup.config.useRelay };
    kit.preview.numberWith(setup.numbering);
    reports = setup.reports;
  },
  async run(js) {
    const url = URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
    try {
      await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  },
  async end(withinMs) {
    ending = true;
    const cleared = timers.size;
    for (const id of timers) {
      native.clearTimeout(id);
      native.clearInterval(id);
    }
    timers.clear();
    let ended: { servers: number[]; clients: number[]; requests: number[] } = { servers: [], clients: [], requests: [] };
    let deadline: number | undefined;
    const late = new Promise<void>((resolve) => {
      deadline = native.setTimeout(resolve, withinMs);
    });
    const done = (async () => {
      if (kit !== undefined) ended = await kit.preview.end();
      await everyLegClosed();
    })();
    try {
      await Promise.race([done, late]);
    } finally {
      native.clearTimeout(deadline);
    }
    const outcome: RunEnding = { servers: ended.servers, clients: ended.clients, requests: ended.requests, timers: cleared, leftOpen: openLegs.size };
    return outcome;
  },
};
