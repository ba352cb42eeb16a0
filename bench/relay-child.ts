/**
 * The dev relay under test, in a process of its own (see bench-child.ts): the relay as
 * built (dist/node/relay.js), on 127.0.0.1 and a free port, reaching loopback targets
 * only, with a logger that prints nothing (the bench output stays the bench's) but
 * keeps what the relay warned about or reported as broken, for the bench to show. The
 * app's servers listen on free loopback ports.
 *
 * Requests: `memory` (after a full GC when node runs with --expose-gc), `connections`,
 * `drain` (waits until no connection is left), `stop` (closes the relay, then exits).
 */
import type * as RelayModule from '../src/entries/relay/index.js';
import { childConfig, serveParent } from './bench-child.js';

export interface RelayChildConfig {
  maxConnections?: number;
}

export interface RelayChildReady {
  url: string;
  token: string;
}

export interface RelayMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Whether a full GC ran just before (node --expose-gc). */
  collected: boolean;
}

export interface RelayConnections {
  count: number;
  /** Connections per phase, e.g. { open: 1000 }. */
  phases: Record<string, number>;
}

export interface RelayReport {
  warnings: string[];
  errors: string[];
}

/** Messages kept per level: enough to see what went wrong, not a flood. */
const KEPT_MESSAGES = 10;
const DRAIN_POLL_MS = 10;

const report: RelayReport = { warnings: [], errors: [] };
const keep = (list: string[], message: string): void => {
  if (list.length < KEPT_MESSAGES) list.push(message);
};
const quietLogger: RelayModule.RelayLogger = {
  info: () => {},
  warn: (message) => keep(report.warnings, message),
  error: (message) => keep(report.errors, message),
};

const config = childConfig<RelayChildConfig>();
// The build, not the sources: what ships is what is measured. Typed by the sources.
const { startRelay } = (await import(new URL('../dist/node/relay.js', import.meta.url).href)) as typeof RelayModule;
const relay = await startRelay({
  outbound: { allowLoopbackOnly: true },
  // The page's servers (bench/server-bench.ts) on free loopback ports; the relay tells the page where.
  servers: { ports: 'free' },
  logger: quietLogger,
  ...(config.maxConnections === undefined ? {} : { maxConnections: config.maxConnections }),
});

const gc = (globalThis as { gc?: () => void }).gc;

const connections = (): RelayConnections => {
  const phases: Record<string, number> = {};
  const snapshot = relay.connections;
  for (const { phase } of snapshot) phases[phase] = (phases[phase] ?? 0) + 1;
  return { count: snapshot.length, phases };
};

serveParent({ url: relay.url, token: relay.token } satisfies RelayChildReady, {
  memory: async (): Promise<RelayMemory> => {
    if (gc !== undefined) {
      // Twice, a turn apart: the first pass may queue finalizers whose memory the second frees.
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    return { rss, heapUsed, external, arrayBuffers, collected: gc !== undefined };
  },
  connections,
  /** Resolves with what is left once no connection is left, or after `timeoutMs`. */
  drain: ({ timeoutMs }: { timeoutMs: number }): Promise<RelayConnections> =>
    new Promise((resolve) => {
      const deadline = performance.now() + timeoutMs;
      // The relay has no event for "a connection ended"; its snapshot is cheap to read.
      const check = (): void => {
        const now = connections();
        if (now.count === 0 || performance.now() >= deadline) resolve(now);
        else setTimeout(check, DRAIN_POLL_MS);
      };
      check();
    }),
  report: (): RelayReport => report,
  stop: async (): Promise<RelayReport> => {
    await relay.close();
    return report;
  },
});
