/**
 * The server workloads of `npm run bench` (bench/server-workloads.ts): the app's
 * WebSocketServer in the bench page, listening through the dev relay, against a Node
 * `ws` client (`server`), and the mirror (`mirror`): the page's client through the same
 * relay to the bench ws server doing the same job.
 *
 * The method is bench/run.ts's, with the turns run from Node, since one of the two paths
 * is driven from here: per run, one connection per path, then `chunks` turns of one chunk
 * per path in the order of page/order-of-turn.ts; a pair is the two chunks of one turn.
 * A mirror chunk is timed in the page (from its first send to its last message), a
 * server chunk here, the same way; the calls between chunks are outside both.
 *
 * Routing is checked, not assumed: the page's server must have seen one client per run,
 * and the bench ws server one connection per run from the relay and none from the page.
 */
import type { BenchPage } from './bench-browser.js';
import type { BenchWsServer } from './bench-ws-server.js';
import { reportWorkloadLoad, takeCpuSample } from './cpu-sample.js';
import { openNodeClient, type NodeClient } from './node-client.js';
import { orderOfTurn } from './page/order-of-turn.js';
import type { RunSpec } from './page/run-spec.js';
import type { ServerListening, ServerReport, ServerSpec } from './page/server-spec.js';
import { comparePairedRuns, unmeasuredComparison, type PathComparison } from './paired-comparison.js';
import { SERVER_VS_MIRROR_FLOOR, type ServerPathName, type ServerWorkload } from './server-workloads.js';
import type { Target } from './target.js';

/** The serverPort of the guide's examples; the relay maps it to a free port. */
const APP_PORT = 8080;
const PATHS: readonly ServerPathName[] = ['mirror', 'server'];
/** The one comparison of a server workload: the app's server against the mirror through the same relay. */
const SERVER_VS_MIRROR: PathComparison<ServerPathName> = { baseline: 'mirror', candidate: 'server', floor: SERVER_VS_MIRROR_FLOOR };
/**
 * The Node client's source addresses, one per connection in turn: a device bans an IP
 * after 50 connections within 60 s (WS §6.2), and a bench with many runs opens more.
 */
const CLIENT_ADDRESSES = Array.from({ length: 16 }, (_, index) => `127.0.0.${index + 1}`);

export interface ServerBenchSetup {
  wsServer: BenchWsServer;
  pageOrigin: string;
  relay: { url: string; token: string };
  runs: number;
  /** Per chunk and per connection's opening. */
  timeoutMs: number;
  /** Another process' share of the CPUs above which the figures get a warning. */
  noisyShare: number;
}

type Times = Record<ServerPathName, number[]>;

let connectionsOpened = 0;

export async function benchServerWorkload(page: BenchPage, setup: ServerBenchSetup, workload: ServerWorkload): Promise<Target> {
  const { wsServer, pageOrigin, runs: runCount } = setup;
  const started = performance.now();
  const cpuBefore = takeCpuSample();
  const fromPageBefore = wsServer.connectionsFrom(pageOrigin);
  const connectionsBefore = wsServer.connections;
  process.stdout.write(`${workload.label}: warm-up`);
  let listening: ServerListening | undefined;
  try {
    const spec: ServerSpec = { kind: workload.kind, size: workload.size, chunkSize: workload.chunkSize, appPort: APP_PORT, relay: setup.relay };
    listening = (await page.evaluate(`benchServer.start(${JSON.stringify(spec)})`)) as ServerListening;
    const warmUp = Math.ceil(workload.chunks / 8) * 4;
    await runTurns(page, setup, workload, listening, warmUp);
    const runs: Times[] = [];
    for (let run = 0; run < runCount; run++) {
      process.stdout.write(` ${run + 1}`);
      runs.push(await runTurns(page, setup, workload, listening, workload.chunks));
    }
    const report = (await page.evaluate('benchServer.report()')) as ServerReport;
    const load = reportWorkloadLoad(cpuBefore, started, setup.noisyShare);

    const expected = runCount + 1;
    const fromPage = wsServer.connectionsFrom(pageOrigin) - fromPageBefore;
    const relayed = wsServer.connections - connectionsBefore - fromPage;
    const problems = [
      report.connections !== expected ? `the page's server saw ${report.connections} clients, not ${expected}` : '',
      fromPage !== 0 || relayed !== expected
        ? `the bench ws server saw ${fromPage} mirror connections from the page and ${relayed} from the relay, not 0 and ${expected}`
        : '',
      ...report.problems.map((problem) => `page's server: ${problem}`),
    ].filter((problem) => problem !== '');

    return comparePairedRuns(workload, SERVER_VS_MIRROR, runs, load, problems);
  } catch (error) {
    console.log(' FAILED');
    const report = (await page.evaluate('benchServer.report()').catch(() => undefined)) as ServerReport | undefined;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const seen = report?.problems.length ? `; page's server: ${report.problems.join('; ')}` : '';
    return unmeasuredComparison(workload, SERVER_VS_MIRROR, `${reason}${seen}`);
  } finally {
    await page.evaluate('benchServer.stop()').catch(() => {});
  }
}

/** One run: a connection per path, `chunks` turns, both closed before it answers. */
async function runTurns(
  page: BenchPage,
  setup: ServerBenchSetup,
  workload: ServerWorkload,
  listening: ServerListening,
  chunks: number,
): Promise<Times> {
  const mirrorRoute = workload.kind === 'ping-pong' ? '/echo' : `/stream?size=${workload.size}&count=${workload.chunkSize}`;
  const mirrorSpec: RunSpec = {
    kind: workload.kind,
    paths: ['relay'],
    url: `${setup.wsServer.url}${mirrorRoute}`,
    size: workload.size,
    chunkSize: workload.chunkSize,
    chunks,
    timeoutMs: setup.timeoutMs,
    relay: setup.relay,
  };
  let client: NodeClient | undefined;
  // The page takes the mirror as its own at once, so the closeMirror() below always finds it.
  const opening = page.evaluate(`benchServer.openMirror(${JSON.stringify(mirrorSpec)})`);
  opening.catch(() => {});
  try {
    client = await openNodeClient({
      kind: workload.kind,
      url: `ws://${listening.host}:${listening.port}/`,
      size: workload.size,
      chunkSize: workload.chunkSize,
      localAddress: CLIENT_ADDRESSES[connectionsOpened++ % CLIENT_ADDRESSES.length]!,
      timeoutMs: setup.timeoutMs,
    });
    await opening;
    const times: Times = { mirror: [], server: [] };
    for (let turn = 0; turn < chunks; turn++) {
      for (const path of orderOfTurn(PATHS, turn)) {
        times[path].push(path === 'mirror' ? ((await page.evaluate('benchServer.mirrorChunk()')) as number) : await client.chunk());
      }
    }
    return times;
  } finally {
    await Promise.allSettled([opening]);
    await Promise.all([client?.close(), page.evaluate('benchServer.closeMirror()')]);
  }
}
