/**
 * What an idle connection costs the relay in memory: a fresh relay process (node
 * --expose-gc), its memory after a full GC once it listens, then again once
 * IDLE_CONNECTIONS idle connections are all open; the difference, per connection.
 * Nothing is timed meanwhile. Two kinds:
 * - relayed (issue 3, point 7): a page's client through the relay to an idle upstream;
 * - accepted (issue 10, point 8): a client of one of the app's servers the relay hosts.
 *
 * The other ends live in another process (idle-load-child.ts, idle-accept-child.ts), so
 * the relay's process holds the relay only: per connection, its two sockets (the page's
 * leg and the upstream or client), ws' state for each, and the relay's own objects.
 *
 * The target is on the RSS difference: what the machine actually gives the relay,
 * whatever V8 keeps around its live objects. The live-object figure (heapUsed +
 * external + arrayBuffers) is printed next to it.
 */
import { readFileSync } from 'node:fs';
import { startBenchChild, type BenchChild } from './bench-child.js';
import type { AcceptCloseResult, AcceptOpenArgs, AcceptOpenResult, ListenArgs } from './idle-accept-child.js';
import type { CloseResult, OpenResult } from './idle-load-child.js';
import type { RelayChildReady, RelayConnections, RelayMemory, RelayReport } from './relay-child.js';
import type { Target } from './target.js';

export const IDLE_CONNECTIONS = 1000;
export const MEMORY_BUDGET_PER_CONNECTION = 64 * 1024;
/** Handshakes in flight at once: enough to be quick, few enough that none waits long. */
const CONCURRENCY = 50;
/** Above the default of 256, with room for the listen legs and the odd leg still closing. */
const MAX_CONNECTIONS = 1100;
/**
 * Descriptors per process: the relay holds 2 sockets per connection, the load process
 * 2 (a client and its upstream end), plus what Node itself has open.
 */
const OPEN_FILES = 2 * IDLE_CONNECTIONS + 1024;
const OPEN_TIMEOUT_MS = 60_000;
const CLOSE_TIMEOUT_MS = 20_000;

const KiB = 1024;
const MiB = 1024 * KiB;

/** How one idle load is set up, opened and closed by its load process. */
interface IdleLoad {
  name: string;
  script: URL;
  /** Before the baseline: what the connections need that is not theirs (the app's servers). */
  prepare?(load: BenchChild<unknown>, relay: RelayChildReady): Promise<void>;
  /** Opens every connection; says what is wrong with what it found, and how it went. */
  open(load: BenchChild<unknown>, relay: RelayChildReady): Promise<{ problems: string[]; details: string }>;
  /** What the relay must hold once every connection is open. */
  held: { count: number; phases: Record<string, number> };
  close(load: BenchChild<unknown>): Promise<{ problems: string[]; details: string }>;
}

/** 1,000 idle relayed connections: a page's client through the relay to an idle upstream. */
export function measureRelayMemory(): Promise<Target> {
  return measureIdle({
    name: `relay memory, ${IDLE_CONNECTIONS.toLocaleString('en-US')} idle relayed connections`,
    script: new URL('./idle-load-child.ts', import.meta.url),
    open: async (load, relay) => {
      const opening = await load.request<OpenResult>(
        'open',
        { relayUrl: relay.url, token: relay.token, count: IDLE_CONNECTIONS, concurrency: CONCURRENCY, timeoutMs: OPEN_TIMEOUT_MS },
        OPEN_TIMEOUT_MS + 5_000,
      );
      return {
        problems: opening.upstreamConnections !== IDLE_CONNECTIONS ? [`the upstream held ${opening.upstreamConnections} connections`] : [],
        details: `all opened in ${seconds(opening.ms)} s, ${CONCURRENCY} at a time`,
      };
    },
    held: { count: IDLE_CONNECTIONS, phases: { open: IDLE_CONNECTIONS } },
    close: async (load) => {
      const closing = await load.request<CloseResult>('close', { timeoutMs: CLOSE_TIMEOUT_MS }, CLOSE_TIMEOUT_MS + 5_000);
      return {
        problems:
          closing.upstreamLeft !== 0 ? [`${closing.upstreamLeft} upstream connections still open ${CLOSE_TIMEOUT_MS} ms after the close`] : [],
        details: `closed in ${seconds(closing.ms)} s`,
      };
    },
  });
}

/** Servers for the accepted connections: 100 clients each (the device's caps, WS §6.1). */
const ACCEPT_SERVERS = IDLE_CONNECTIONS / 100;

/**
 * 1,000 idle accepted connections (issue 10, point 8): clients of the app's servers that
 * the relay hosts for a page, each with its accept leg. The servers listen before the
 * baseline, so the figure is per client: its socket, the page's leg, ws' state for
 * each, and the relay's own objects.
 */
export function measureAcceptedMemory(): Promise<Target> {
  return measureIdle({
    name: `relay memory, ${IDLE_CONNECTIONS.toLocaleString('en-US')} idle accepted connections`,
    script: new URL('./idle-accept-child.ts', import.meta.url),
    prepare: async (load, relay) => {
      await load.request('listen', { relayUrl: relay.url, token: relay.token, servers: ACCEPT_SERVERS } satisfies ListenArgs);
    },
    open: async (load) => {
      const opening = await load.request<AcceptOpenResult>(
        'open',
        { count: IDLE_CONNECTIONS, concurrency: CONCURRENCY, timeoutMs: OPEN_TIMEOUT_MS } satisfies AcceptOpenArgs,
        OPEN_TIMEOUT_MS + 5_000,
      );
      return {
        problems: opening.acceptLegs !== IDLE_CONNECTIONS ? [`the page side held ${opening.acceptLegs} accept legs`] : [],
        details: `all accepted in ${seconds(opening.ms)} s, ${CONCURRENCY} at a time, by ${ACCEPT_SERVERS} servers`,
      };
    },
    held: { count: IDLE_CONNECTIONS + ACCEPT_SERVERS, phases: { open: IDLE_CONNECTIONS, listening: ACCEPT_SERVERS } },
    close: async (load) => {
      const closing = await load.request<AcceptCloseResult>('close', { timeoutMs: CLOSE_TIMEOUT_MS }, CLOSE_TIMEOUT_MS + 5_000);
      return {
        problems: closing.left !== 0 ? [`${closing.left} clients or legs still open ${CLOSE_TIMEOUT_MS} ms after the close`] : [],
        details: `closed and stopped in ${seconds(closing.ms)} s`,
      };
    },
  });
}

async function measureIdle(idle: IdleLoad): Promise<Target> {
  const { name } = idle;
  const goal = `≤ ${MEMORY_BUDGET_PER_CONNECTION / KiB} KiB/conn`;
  const started = performance.now();
  process.stdout.write(`${name}:`);
  let relay: BenchChild<RelayChildReady> | undefined;
  let load: BenchChild<unknown> | undefined;
  try {
    const [relayStart, loadStart] = await Promise.allSettled([
      startBenchChild<RelayChildReady>(new URL('./relay-child.ts', import.meta.url), {
        nodeArgs: ['--expose-gc'],
        openFiles: OPEN_FILES,
        config: { maxConnections: MAX_CONNECTIONS },
      }),
      startBenchChild<unknown>(idle.script, { openFiles: OPEN_FILES }),
    ]);
    // Both kept before either failure is thrown, so that `finally` stops whichever started.
    if (relayStart.status === 'fulfilled') relay = relayStart.value;
    if (loadStart.status === 'fulfilled') load = loadStart.value;
    if (relayStart.status === 'rejected') throw relayStart.reason;
    if (loadStart.status === 'rejected') throw loadStart.reason;
    if (relay === undefined || load === undefined) throw new Error('unreachable');
    for (const [who, child] of [
      ['relay', relay],
      ['load', load],
    ] as const) {
      const limit = openFilesLimit(child.pid);
      if (limit !== undefined && limit < OPEN_FILES) {
        throw new Error(`the ${who} process may open ${limit} files, ${OPEN_FILES} are needed (raise the hard limit: ulimit -Hn)`);
      }
    }
    await idle.prepare?.(load, relay.ready);
    const before = await relay.request<RelayMemory>('memory');
    if (!before.collected) throw new Error('the relay process cannot force a GC (--expose-gc)');
    process.stdout.write(' open');
    const opening = await idle.open(load, relay.ready);
    const held = await relay.request<RelayConnections>('connections');
    const after = await relay.request<RelayMemory>('memory');
    process.stdout.write(' close');
    const closing = await idle.close(load);
    const left = await relay.request<RelayConnections>('drain', { timeoutMs: CLOSE_TIMEOUT_MS }, CLOSE_TIMEOUT_MS + 5_000);
    const report = await relay.request<RelayReport>('report');
    console.log(` (${seconds(performance.now() - started)} s)`);

    const rssPer = (after.rss - before.rss) / IDLE_CONNECTIONS;
    const live = (memory: RelayMemory) => memory.heapUsed + memory.external + memory.arrayBuffers;
    const livePer = (live(after) - live(before)) / IDLE_CONNECTIONS;
    const heldAsExpected = held.count === idle.held.count && Object.entries(idle.held.phases).every(([phase, count]) => held.phases[phase] === count);
    const problems = [
      heldAsExpected ? '' : `the relay held ${held.count} connections (${JSON.stringify(held.phases)}), not ${JSON.stringify(idle.held.phases)}`,
      ...opening.problems,
      ...closing.problems,
      left.count !== 0 ? `the relay still held ${left.count} connections after the close (${JSON.stringify(left.phases)})` : '',
      report.errors.length > 0 ? `relay errors: ${report.errors.join(' | ')}` : '',
    ].filter((problem) => problem !== '');
    return {
      name,
      value: `${(rssPer / KiB).toFixed(1)} KiB/conn`,
      goal,
      pass: rssPer <= MEMORY_BUDGET_PER_CONNECTION && problems.length === 0,
      details:
        `RSS ${mib(before.rss)} → ${mib(after.rss)} MiB (+${mib(after.rss - before.rss)}); ` +
        `heap+external+arrayBuffers ${mib(live(before))} → ${mib(live(after))} MiB (+${mib(live(after) - live(before))}, ${(livePer / KiB).toFixed(1)} KiB/conn); ` +
        `${opening.details}; ${closing.details}, relay left with ${left.count} connections` +
        (report.warnings.length > 0 ? `; relay warnings: ${report.warnings.join(' | ')}` : '') +
        (problems.length > 0 ? `; ${problems.join('; ')}` : ''),
    };
  } catch (error) {
    console.log(' FAILED');
    return { name, value: 'no figure', goal, pass: false, details: `phase failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await Promise.all([relay?.stop(), load?.stop()]);
  }
}

/** The soft limit on open files of process `pid` (Linux), or undefined when unknown or unlimited. */
function openFilesLimit(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isFinite(soft) ? soft : undefined;
  } catch {
    return undefined;
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function mib(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}
