/**
 * What an idle relayed connection costs the relay in memory (issue 3, point 7): a fresh
 * relay process (node --expose-gc), its memory after a full GC once it listens, then
 * again once IDLE_CONNECTIONS relayed connections to an idle upstream are all open;
 * the difference, per connection. Nothing is timed meanwhile.
 *
 * The clients and the idle upstream live in another process (idle-load-child.ts), so
 * the relay's process holds the relay only: per relayed connection, its two sockets
 * (page leg and upstream), ws' state for each, and the relay's own objects.
 *
 * The target is on the RSS difference: what the machine actually gives the relay,
 * whatever V8 keeps around its live objects. The live-object figure (heapUsed +
 * external + arrayBuffers) is printed next to it.
 */
import { readFileSync } from 'node:fs';
import { startBenchChild, type BenchChild } from './bench-child.js';
import type { CloseResult, OpenResult } from './idle-load-child.js';
import type { RelayChildReady, RelayConnections, RelayMemory, RelayReport } from './relay-child.js';
import type { Target } from './target.js';

export const IDLE_CONNECTIONS = 1000;
export const MEMORY_BUDGET_PER_CONNECTION = 64 * 1024;
/** Handshakes in flight at once: enough to be quick, few enough that none waits long. */
const CONCURRENCY = 50;
/** Above the default of 256, with room for the odd leg still closing. */
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

export async function measureRelayMemory(): Promise<Target> {
  const name = `relay memory, ${IDLE_CONNECTIONS.toLocaleString('en-US')} idle relayed connections`;
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
      startBenchChild<unknown>(new URL('./idle-load-child.ts', import.meta.url), { openFiles: OPEN_FILES }),
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
    const before = await relay.request<RelayMemory>('memory');
    if (!before.collected) throw new Error('the relay process cannot force a GC (--expose-gc)');
    process.stdout.write(' open');
    const opening = await load.request<OpenResult>(
      'open',
      { relayUrl: relay.ready.url, token: relay.ready.token, count: IDLE_CONNECTIONS, concurrency: CONCURRENCY, timeoutMs: OPEN_TIMEOUT_MS },
      OPEN_TIMEOUT_MS + 5_000,
    );
    const held = await relay.request<RelayConnections>('connections');
    const after = await relay.request<RelayMemory>('memory');
    process.stdout.write(' close');
    const closing = await load.request<CloseResult>('close', { timeoutMs: CLOSE_TIMEOUT_MS }, CLOSE_TIMEOUT_MS + 5_000);
    const left = await relay.request<RelayConnections>('drain', { timeoutMs: CLOSE_TIMEOUT_MS }, CLOSE_TIMEOUT_MS + 5_000);
    const report = await relay.request<RelayReport>('report');
    console.log(` (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    const rssPer = (after.rss - before.rss) / IDLE_CONNECTIONS;
    const live = (memory: RelayMemory) => memory.heapUsed + memory.external + memory.arrayBuffers;
    const livePer = (live(after) - live(before)) / IDLE_CONNECTIONS;
    const problems = [
      held.count !== IDLE_CONNECTIONS || held.phases.open !== IDLE_CONNECTIONS
        ? `the relay held ${held.count} connections (${JSON.stringify(held.phases)}), not ${IDLE_CONNECTIONS} open ones`
        : '',
      opening.upstreamConnections !== IDLE_CONNECTIONS ? `the upstream held ${opening.upstreamConnections} connections` : '',
      closing.upstreamLeft !== 0 ? `${closing.upstreamLeft} upstream connections still open ${CLOSE_TIMEOUT_MS} ms after the close` : '',
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
        `all opened in ${(opening.ms / 1000).toFixed(1)} s, ${CONCURRENCY} at a time; closed in ${(closing.ms / 1000).toFixed(1)} s, relay left with ${left.count} connections` +
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

function mib(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}
