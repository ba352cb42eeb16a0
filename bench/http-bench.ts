/**
 * The http workloads of `npm run bench` (bench/http-workloads.ts), driven in the bench
 * page like the WebSocket workloads (bench/run.ts: a warm-up, then runs of paired chunks,
 * the median of the pairs' rate ratios), against bench/bench-http-server.ts; and the
 * relay's memory while it streams 100 MiB to a page that reads slowly.
 *
 * Routing is checked, not assumed: the server must have seen each `fetch` and `direct`
 * request with the page's Origin, and each `relay` and `hop` request without one.
 */
import type { BenchPage } from './bench-browser.js';
import type { BenchChild } from './bench-child.js';
import type { BenchHttpServer } from './bench-http-server.js';
import { reportWorkloadLoad, takeCpuSample } from './cpu-sample.js';
import { formatFigure } from './format-figure.js';
import { httpPathsOf, SLOW_STREAM, SLOW_STREAM_MEMORY_BUDGET_BYTES, type HttpWorkload } from './http-workloads.js';
import type { HttpRunResult, HttpRunSpec, SlowStreamResult, SlowStreamSpec } from './page/http-spec.js';
import { comparePairedRuns, unmeasuredComparison } from './paired-comparison.js';
import type { HopChildReady } from './hop-child.js';
import type { RelayChildReady, RelayMemory } from './relay-child.js';
import type { Target } from './target.js';

export interface HttpBenchSetup {
  server: BenchHttpServer;
  /** The bare pass-throughs the `hop` and `undiciHop` paths go through (bench/hop-child.ts). */
  hop: HopChildReady;
  undiciHop: HopChildReady;
  pageOrigin: string;
  relay: BenchChild<RelayChildReady>;
  runs: number;
  timeoutMs: number;
  noisyShare: number;
}

/** How often the relay's memory is read while the slow page streams. */
const MEMORY_SAMPLE_MS = 250;
const MiB = 1024 * 1024;

export async function benchHttpWorkload(page: BenchPage, setup: HttpBenchSetup, workload: HttpWorkload): Promise<Target[]> {
  const { server, pageOrigin, runs: runCount } = setup;
  const paths = httpPathsOf(workload);
  const spec: HttpRunSpec = {
    kind: workload.kind,
    paths,
    url: `${server.origin}/bytes?size=${workload.size}`,
    hopUrl: `${setup.hop.origin}/bytes?size=${workload.size}`,
    undiciHopUrl: `${setup.undiciHop.origin}/bytes?size=${workload.size}`,
    size: workload.size,
    chunkSize: workload.chunkSize,
    chunks: workload.chunks,
    timeoutMs: setup.timeoutMs,
    relay: setup.relay.ready,
  };
  const started = performance.now();
  const cpuBefore = takeCpuSample();
  const fromPageBefore = server.requestsFrom(pageOrigin);
  const requestsBefore = server.requests;
  process.stdout.write(`${workload.label}: warm-up`);
  try {
    // About a quarter of a run, in whole cycles of the turn order (2 × paths turns).
    const cycle = 2 * paths.length;
    const warmUpChunks = Math.ceil(workload.chunks / 4 / cycle) * cycle;
    await runInPage(page, { ...spec, chunks: warmUpChunks }, setup.timeoutMs);
    const runs: HttpRunResult[] = [];
    for (let run = 0; run < runCount; run++) {
      process.stdout.write(` ${run + 1}`);
      runs.push(await runInPage(page, spec, setup.timeoutMs));
    }
    const load = reportWorkloadLoad(cpuBefore, started, setup.noisyShare);

    const perPath = workload.chunkSize * (warmUpChunks + runCount * workload.chunks);
    const fromPage = server.requestsFrom(pageOrigin) - fromPageBefore;
    const relayed = server.requests - requestsBefore - fromPage;
    // The relay and the pass-through send no Origin; fetch and direct are the page's own requests.
    const indirect = paths.filter((path) => path === 'relay' || path === 'hop' || path === 'undiciHop').length;
    const expectedRelayed = indirect * perPath;
    const routed = relayed === expectedRelayed && fromPage === (paths.length - indirect) * perPath;
    const problems = routed
      ? []
      : [
          `WRONG ROUTE: the server saw ${fromPage} requests from the page and ${relayed} from elsewhere (expected ${expectedRelayed} through the relay or the pass-through)`,
        ];
    return workload.comparisons.map((comparison) => comparePairedRuns(workload, comparison, runs, load, problems));
  } catch (error) {
    console.log(' FAILED');
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return workload.comparisons.map((comparison) => unmeasuredComparison(workload, comparison, reason));
  }
}

async function runInPage<T = HttpRunResult>(page: BenchPage, spec: HttpRunSpec | SlowStreamSpec, timeoutMs: number, call = 'run'): Promise<T> {
  // A string, not a function: a function's source is tsx's output (see bench/run.ts).
  const run = page.evaluate(`benchHttp.${call}(${JSON.stringify(spec)})`) as Promise<T>;
  // A run's page bounds each chunk (bench/page/step-watchdog.ts); the slow stream is one step.
  const steps = 'chunks' in spec ? spec.chunks * spec.paths.length : 1;
  const limit = timeoutMs * steps + 10_000;
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the page did not answer within ${limit} ms`)), limit);
  });
  try {
    return await Promise.race([run, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

/** Heap and buffers: what the relay holds for the page (rss also counts what the allocator keeps after a GC). */
const held = (memory: RelayMemory): number => memory.heapUsed + memory.external;

/**
 * The relay's memory while 100 MiB go through it to a page that reads at a fraction of
 * the speed the server and the relay could: flow control must pause the upstream, so
 * what the relay holds stays near its window, not near the body.
 */
export async function benchSlowStreamMemory(page: BenchPage, setup: HttpBenchSetup): Promise<Target> {
  const name = 'http 100 MiB requestInStream to a slow page: relay memory above idle';
  const goal = `≤ ${SLOW_STREAM_MEMORY_BUDGET_BYTES / MiB} MiB`;
  const timeoutMs = Math.ceil((SLOW_STREAM.size / SLOW_STREAM.bytesPerSecond) * 1000) * 3 + 10_000;
  process.stdout.write(`${name}: `);
  try {
    const idle = await setup.relay.request<RelayMemory>('memory');
    const spec: SlowStreamSpec = {
      url: `${setup.server.origin}/bytes?size=${SLOW_STREAM.size}`,
      ...SLOW_STREAM,
      timeoutMs,
      relay: setup.relay.ready,
    };
    let done = false;
    const streaming = runInPage<SlowStreamResult>(page, spec, timeoutMs, 'slowStream').finally(() => (done = true));
    streaming.catch(() => {});
    let peak = idle;
    while (!done) {
      const now = await setup.relay.request<RelayMemory>('memory');
      if (held(now) > held(peak)) peak = now;
      await new Promise((resolve) => setTimeout(resolve, MEMORY_SAMPLE_MS));
    }
    const result = await streaming;
    const above = held(peak) - held(idle);
    const complete = result.status === 200 && result.received === SLOW_STREAM.size;
    console.log(`${(result.ms / 1000).toFixed(1)} s`);
    return {
      name,
      value: `${(above / MiB).toFixed(1)} MiB`,
      goal,
      pass: above <= SLOW_STREAM_MEMORY_BUDGET_BYTES && complete && idle.collected,
      details:
        `peak heap ${(peak.heapUsed / MiB).toFixed(1)} MiB + external ${(peak.external / MiB).toFixed(1)} MiB (rss ${(peak.rss / MiB).toFixed(0)} MiB), ` +
        `idle ${(held(idle) / MiB).toFixed(1)} MiB; the page read ${result.received} bytes at ${formatFigure(result.received / 1e6 / (result.ms / 1000))} MB/s, status ${result.status}` +
        (idle.collected ? '' : '; NO GC: run the relay child with --expose-gc'),
    };
  } catch (error) {
    console.log('FAILED');
    return {
      name,
      value: 'no figure',
      goal,
      pass: false,
      details: `run failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
}
