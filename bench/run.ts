/**
 * `npm run bench`: this package's client against the browser's own WebSocket, and the
 * client through the dev relay against the client in direct mode, in one headless
 * Chromium, against a ws server on 127.0.0.1; the relay's memory per idle relayed
 * connection; the browser entry's size. Then the app's WebSocketServer in the page,
 * through the relay, against the mirror topology (bench/server-bench.ts), and the
 * relay's memory per idle accepted client. Then `http.createHttp().request()` through the
 * relay and in direct mode against the page's own fetch (bench/http-bench.ts), and the
 * relay's memory while it streams 100 MiB to a slow page.
 *
 * The relay runs as built (dist/node/relay.js) in a Node process of its own, started
 * by the bench on 127.0.0.1, port 0, loopback targets only, logging nothing: its CPU is
 * its own, and it does not share an event loop with the ws server it relays to.
 *
 * Method (perf-reliability §1.7): the machine is shared and noisy, and absolute figures
 * drift, so each target is a ratio measured in this run. Per workload: a short warm-up
 * run, then RUNS runs. A run opens one connection per path and has them take turns doing
 * short chunks of work (tens of ms), the order rotated each turn so no path always goes
 * first. A pair is the two chunks of one turn: they see the same machine, so a burst of
 * load elsewhere hits both. The target is the median over all pairs of all runs of
 * candidate rate ÷ baseline rate. In A/A checks on this 2-CPU machine under heavy load
 * (a path against itself), that median stayed within 2 % of 1; ratios of whole ~1 s
 * runs, one path after the other, strayed by up to 20 %. No retries: a miss is
 * reported as a miss, and the exit code is 1.
 *
 * The relay's memory is measured apart, after the timed runs (bench/relay-memory.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBenchBrowser, type BenchBrowser, type BenchPage } from './bench-browser.js';
import { startBenchChild, type BenchChild } from './bench-child.js';
import { bufferutilLoaded, startBenchWsServer, type BenchWsServer } from './bench-ws-server.js';
import { measureBundleSize } from './bundle-size.js';
import { startBenchHttpServer } from './bench-http-server.js';
import { benchHttpWorkload, benchSlowStreamMemory } from './http-bench.js';
import { httpPathsOf, httpWorkloads } from './http-workloads.js';
import { reportWorkloadLoad, takeCpuSample } from './cpu-sample.js';
import { comparePairedRuns, unmeasuredComparison } from './paired-comparison.js';
import type { RunResult, RunSpec } from './page/run-spec.js';
import { startPageServer } from './page-server.js';
import { printTable } from './print-table.js';
import type { HopChildConfig, HopChildReady } from './hop-child.js';
import type { PipeChildReady } from './pipe-child.js';
import type { RelayChildReady, RelayReport } from './relay-child.js';
import { measureAcceptedMemory, measureRelayMemory } from './relay-memory.js';
import { benchServerWorkload } from './server-bench.js';
import { serverWorkloads } from './server-workloads.js';
import type { Target } from './target.js';
import { BUNDLE_GZIP_BUDGET_BYTES, pathsOf, workloads, type Workload } from './workloads.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BROWSER_ENTRY = join(REPO_ROOT, 'dist/browser/index.js');
/** What bench/relay-child.ts runs. */
const RELAY_ENTRY = join(REPO_ROOT, 'dist/node/relay.js');
/**
 * Runs per workload, about 2 s each. Both ping-pong ratios sit within a few hundredths
 * of their goals, where 7 runs still left the median a percent or two either side from
 * one bench to the next; 11 narrow that. BENCH_RUNS overrides it for a quick look.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
/** BENCH_ONLY=<part of a label> runs only the workloads whose label contains it, for a quick look. */
const ONLY = process.env.BENCH_ONLY;
const selectedWorkloads = ONLY === undefined ? workloads : workloads.filter((workload) => workload.label.includes(ONLY));
const selectedServerWorkloads = ONLY === undefined ? serverWorkloads : serverWorkloads.filter((workload) => workload.label.includes(ONLY));
const selectedHttpWorkloads = ONLY === undefined ? httpWorkloads : httpWorkloads.filter((workload) => workload.label.includes(ONLY));
const slowStreamSelected = ONLY === undefined || 'http 100 MiB requestInStream'.includes(ONLY);
/**
 * A chunk is well under a second of work on a quiet machine; the page gives up on a run
 * when opening or any one chunk takes longer than this (a stall, not a slow machine).
 */
const RUN_TIMEOUT_MS = 20_000;
/** Past the page's own timeout, the driver stops waiting for a page that stopped answering. */
const DRIVER_SLACK_MS = 10_000;
const STARTUP_TIMEOUT_MS = 30_000;
/** Other processes taking more of the CPUs than this during a workload get a warning. */
const NOISY_SHARE = 0.1;

/** What a workload's runs need besides the page. */
interface Setup {
  wsServer: BenchWsServer;
  /** The page's origin, as the browser sends it on each of the page's own handshakes. */
  pageOrigin: string;
  relay: RelayChildReady;
  /** The bare pipe the `pipe` path goes through (bench/pipe-child.ts). */
  pipe: PipeChildReady;
}

async function main(): Promise<number> {
  for (const path of [BROWSER_ENTRY, RELAY_ENTRY]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` (npm run bench does)`);
  }
  for (const workload of selectedWorkloads) {
    const turns = 2 * pathsOf(workload).length;
    if (workload.chunks % turns !== 0) throw new Error(`${workload.label}: chunks must be a multiple of ${turns} (2 × its paths)`);
  }
  for (const workload of selectedHttpWorkloads) {
    const turns = 2 * httpPathsOf(workload).length;
    if (workload.chunks % turns !== 0) throw new Error(`${workload.label}: chunks must be a multiple of ${turns} (2 × its paths)`);
  }
  for (const workload of selectedServerWorkloads) {
    if (workload.chunks % 4 !== 0) throw new Error(`${workload.label}: chunks must be a multiple of 4 (2 × its paths)`);
  }
  const started = performance.now();
  const targets: Target[] = [await bundleTarget()];

  const wsServer = await startBenchWsServer();
  const httpServer = await startBenchHttpServer();
  const pageServer = await startPageServer(REPO_ROOT);
  let relay: BenchChild<RelayChildReady> | undefined;
  let hop: BenchChild<HopChildReady> | undefined;
  let undiciHop: BenchChild<HopChildReady> | undefined;
  let pipe: BenchChild<PipeChildReady> | undefined;
  let browser: BenchBrowser | undefined;
  let relayReport: RelayReport | undefined;
  try {
    // --expose-gc: the memory read while http streams to a slow page follows a full GC (nothing runs one otherwise).
    relay = await startBenchChild<RelayChildReady>(new URL('./relay-child.ts', import.meta.url), { nodeArgs: ['--expose-gc'] });
    pipe = await startBenchChild<PipeChildReady>(new URL('./pipe-child.ts', import.meta.url), { config: { upstream: wsServer.url } });
    const hopChild = new URL('./hop-child.ts', import.meta.url);
    hop = await startBenchChild<HopChildReady>(hopChild, { config: { upstream: httpServer.origin, client: 'node' } satisfies HopChildConfig });
    undiciHop = await startBenchChild<HopChildReady>(hopChild, {
      config: { upstream: httpServer.origin, client: 'undici' } satisfies HopChildConfig,
    });
    browser = await launchBenchBrowser(STARTUP_TIMEOUT_MS);
    console.log(environment(browser));
    const page = await openBenchPage(browser, pageServer.url);
    const setup: Setup = { wsServer, pageOrigin: new URL(pageServer.url).origin, relay: relay.ready, pipe: pipe.ready };
    for (const workload of selectedWorkloads) targets.push(...(await benchWorkload(page, setup, workload)));
    const serverSetup = {
      wsServer,
      pageOrigin: setup.pageOrigin,
      relay: relay.ready,
      runs: RUNS,
      timeoutMs: RUN_TIMEOUT_MS,
      noisyShare: NOISY_SHARE,
    };
    for (const workload of selectedServerWorkloads) targets.push(await benchServerWorkload(page, serverSetup, workload));
    const httpSetup = {
      server: httpServer,
      hop: hop.ready,
      undiciHop: undiciHop.ready,
      pageOrigin: setup.pageOrigin,
      relay,
      runs: RUNS,
      timeoutMs: RUN_TIMEOUT_MS,
      noisyShare: NOISY_SHARE,
    };
    for (const workload of selectedHttpWorkloads) targets.push(...(await benchHttpWorkload(page, httpSetup, workload)));
    if (slowStreamSelected) targets.push(await benchSlowStreamMemory(page, httpSetup));
    relayReport = await relay.request<RelayReport>('report');
  } finally {
    await browser?.close();
    await relay?.stop();
    await hop?.stop();
    await undiciHop?.stop();
    await pipe?.stop();
    await pageServer.close();
    await wsServer.close();
    await httpServer.close();
  }
  if (relayReport !== undefined) printRelayReport(relayReport);

  targets.push(await measureRelayMemory());
  targets.push(await measureAcceptedMemory());

  console.log();
  printTable([
    ['target', 'value', 'goal', 'result', 'details'],
    ...targets.map((target) => [target.name, target.value, target.goal, verdict(target), target.details]),
  ]);
  // A reference figure is no goal; one whose runs failed still fails the bench.
  const goals = targets.filter((target) => verdict(target) !== 'REF');
  const passed = goals.filter((target) => target.pass).length;
  console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`bench: ${passed} passed, ${goals.length - passed} failed, ${targets.length - goals.length} reference figures`);
  return passed === goals.length ? 0 : 1;
}

function verdict(target: Target): string {
  if (target.reference === true && target.pass) return 'REF';
  return target.pass ? 'PASS' : 'FAIL';
}

async function bundleTarget(): Promise<Target> {
  // What a webSocket-only app loads: the entry's http namespace is shaken out of its bundle.
  const { minifiedBytes, gzippedBytes, allGzippedBytes, lazy } = await measureBundleSize(BROWSER_ENTRY, ['webSocket']);
  const http = await measureBundleSize(BROWSER_ENTRY, ['http']);
  const lazyParts = lazy.map((chunk) => `${chunk.name} ${chunk.gzippedBytes} B`).join(', ');
  return {
    name: 'webSocket client entry, bundled + minified + gzip -9',
    value: `${(gzippedBytes / 1024).toFixed(2)} KiB`,
    goal: `≤ ${BUNDLE_GZIP_BUDGET_BYTES / 1024} KiB`,
    pass: gzippedBytes <= BUNDLE_GZIP_BUDGET_BYTES,
    details:
      `${gzippedBytes} B gzipped, ${minifiedBytes} B minified: an app importing webSocket from dist/browser/index.js, and its static imports (terser). ` +
      `Loaded on use: ${lazyParts}; everything together ${allGzippedBytes} B gzipped. ` +
      `An app importing http only: ${http.gzippedBytes} B gzipped (no budget)`,
  };
}

function environment(browser: BenchBrowser): string {
  const wsVersion = (createRequire(import.meta.url)('ws/package.json') as { version: string }).version;
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return (
    `Chromium ${browser.version} (no debugger on the page: bench/bench-browser.ts), Node ${process.version}, ws ${wsVersion} (bufferutil ${bufferutilLoaded() ? 'on' : 'off'}), ` +
    `${cpus().length} CPUs, load average ${load}; ${RUNS} runs per workload; ` +
    `relay: dist/node/relay.js in its own Node process`
  );
}

/** The timed relay logs nothing; what it warned about or reported as broken is shown here. */
function printRelayReport({ warnings, errors }: RelayReport): void {
  for (const message of errors) console.log(`relay error: ${message}`);
  for (const message of warnings) console.log(`relay warning: ${message}`);
}

async function openBenchPage(browser: BenchBrowser, url: string): Promise<BenchPage> {
  const page = await browser.openPage(url, STARTUP_TIMEOUT_MS);
  // Its module script ran before the load event: a missing global is an error in it (printed above).
  if ((await page.evaluate('typeof globalThis.benchPage')) !== 'object') throw new Error('the bench page did not load: benchPage is missing');
  return page;
}

async function benchWorkload(page: BenchPage, { wsServer, pageOrigin, relay, pipe }: Setup, workload: Workload): Promise<Target[]> {
  const wsUrl = wsServer.url;
  const paths = pathsOf(workload);
  const route = workload.route === '/stream' ? `/stream?size=${workload.size}&count=${workload.chunkSize}` : workload.route;
  const spec: RunSpec = {
    kind: workload.kind,
    paths,
    url: `${wsUrl}${route}`,
    pipeUrl: `${pipe.url}${route}`,
    size: workload.size,
    chunkSize: workload.chunkSize,
    chunks: workload.chunks,
    timeoutMs: RUN_TIMEOUT_MS,
    relay: { url: relay.url, token: relay.token },
  };
  const started = performance.now();
  const cpuBefore = takeCpuSample();
  const connectionsBefore = wsServer.connections;
  const fromPageBefore = wsServer.connectionsFrom(pageOrigin);
  process.stdout.write(`${workload.label}: warm-up`);
  try {
    // A quarter of a run: the JIT and the connections' first-use costs, not measured.
    await runInPage(page, { ...spec, chunks: Math.ceil(spec.chunks / 8) * 2 });
    const runs: RunResult[] = [];
    for (let run = 0; run < RUNS; run++) {
      process.stdout.write(` ${run + 1}`);
      runs.push(await runInPage(page, spec));
    }
    const load = reportWorkloadLoad(cpuBefore, started, NOISY_SHARE);
    // One connection per path and run (the warm-up too): the relay's and the pipe's must not come from the page.
    const fromPage = wsServer.connectionsFrom(pageOrigin) - fromPageBefore;
    const relayed = wsServer.connections - connectionsBefore - fromPage;
    const indirect = paths.filter((path) => path === 'relay' || path === 'pipe').length;
    const expectedRelayed = indirect * (RUNS + 1);
    const routed = relayed === expectedRelayed && fromPage === (paths.length - indirect) * (RUNS + 1);
    const problems = routed
      ? []
      : [
          `WRONG ROUTE: the ws server saw ${fromPage} connections from the page and ${relayed} from elsewhere (expected ${expectedRelayed} through the relay or the pipe)`,
        ];
    return workload.comparisons.map((comparison) => comparePairedRuns(workload, comparison, runs, load, problems));
  } catch (error) {
    console.log(' FAILED');
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return workload.comparisons.map((comparison) => unmeasuredComparison(workload, comparison, reason));
  }
}

async function runInPage(page: BenchPage, spec: RunSpec): Promise<RunResult> {
  // A string, not a function: a function's source is tsx's output, which may call tsx helpers the page lacks.
  const run = page.evaluate(`benchPage.run(${JSON.stringify(spec)})`) as Promise<RunResult>;
  // The page's watchdog bounds each step (opening, then every chunk of every path).
  const limit = spec.timeoutMs * (1 + spec.chunks * spec.paths.length) + DRIVER_SLACK_MS;
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the page did not answer a ${spec.kind} run within ${limit} ms`)), limit);
  });
  try {
    return await Promise.race([run, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`\nbench: ${error instanceof Error ? error.message : String(error)}`);
    console.log('bench: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
