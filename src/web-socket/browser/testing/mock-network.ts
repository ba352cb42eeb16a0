/**
 * Unit-test support: a mock-socket server per test (unique URL, stopped by the
 * test's own cleanup) and a recorder of a client's device events.
 */
import { Server } from 'mock-socket';
import type { TestContext } from 'node:test';
import { chooseConnector } from '../choose-connector.js';
import { KitWebSocket } from '../../core/kit-web-socket.js';

let serial = 0;

/** A fresh mock server; mock-socket patches globalThis.WebSocket until it stops. */
export function startMockServer(t: TestContext, options: ConstructorParameters<typeof Server>[1] = {}): { url: string; server: Server } {
  const url = `ws://mock.test/${++serial}`;
  const server = new Server(url, options);
  t.after(() => server.stop());
  return { url, server };
}

export type RecordedEvent = [name: string, ...args: unknown[]];

/** headerReceive is left out by default: registering it changes how a connection is routed. */
const EVENTS = ['open', 'openInfo', 'message', 'dataEnd', 'error', 'close'] as const;

/** Registers every client event and keeps them in arrival order, with their exact arguments. */
export function recordEvents(ws: KitWebSocket, names: readonly string[] = EVENTS) {
  const events: RecordedEvent[] = [];
  const waiters = new Map<string, ((event: RecordedEvent) => void)[]>();
  const consumed = new Map<string, number>();
  for (const name of names) {
    ws.on(name, (...args: unknown[]) => {
      const event: RecordedEvent = [name, ...args];
      events.push(event);
      waiters.get(name)?.shift()?.(event);
    });
  }
  return {
    events,
    /** Resolves with the n-th event of that name, n counting this recorder's earlier next(name) calls. */
    next(name: string): Promise<RecordedEvent> {
      const index = consumed.get(name) ?? 0;
      consumed.set(name, index + 1);
      const already = events.filter(([n]) => n === name)[index];
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.set(name, [...(waiters.get(name) ?? []), resolve]));
    },
    names: () => events.map(([name]) => name),
  };
}

/** Promise form of a node-style device callback: resolves with the exact argument list. */
export function callbackArgs(): { callback: (...args: unknown[]) => void; called: Promise<unknown[]> } {
  let resolve!: (args: unknown[]) => void;
  const called = new Promise<unknown[]>((r) => (resolve = r));
  return { callback: (...args: unknown[]) => resolve(args), called };
}

export function createClient(): KitWebSocket {
  return new KitWebSocket(chooseConnector);
}
