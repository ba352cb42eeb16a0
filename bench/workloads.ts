/**
 * What the bench measures. Each workload runs on every path its comparisons name,
 * the paths taking turns chunk by chunk (see bench/run.ts), and each comparison is one
 * target: the median over turns of candidate rate ÷ baseline rate must reach `floor`.
 * Every workload has the client against the browser's own WebSocket (direct/native)
 * and the relay against direct mode (relay/direct, issue 3 point 7).
 */
import type { PathName, WorkloadKind } from './page/run-spec.js';
import type { PathComparison } from './paired-comparison.js';

export type Comparison = PathComparison<PathName>;

export interface Workload {
  label: string;
  kind: WorkloadKind;
  /** Server route: `/echo`, or `/stream` (the bench adds size, and chunkSize as the count per "go"). */
  route: '/echo' | '/stream';
  /** Bytes per message. */
  size: number;
  /**
   * Round trips or messages per chunk: tens of ms, so that the paths' chunks, taking turns,
   * see the same machine; long enough that starting a chunk ("go", the first message's trip)
   * is a small part of it.
   */
  chunkSize: number;
  /**
   * Chunks per path and run, a multiple of 2 × the number of paths (so each order of the
   * paths comes up equally often, see page/order-of-turn.ts): about 1 s per path.
   */
  chunks: number;
  unit: string;
  /** The rate shown for `messages` messages (or round trips) in `ms`; bigger is better. */
  figure(messages: number, ms: number, workload: Workload): number;
  comparisons: Comparison[];
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** The client in direct mode against the browser's own WebSocket. */
const CLIENT_VS_NATIVE: Comparison = { baseline: 'native', candidate: 'direct', floor: 0.97 };
/**
 * The client through the dev relay against the client in direct mode: one more hop, in
 * another process, so a round trip pays for it in full; a stream mostly overlaps it.
 */
const RELAY_VS_DIRECT_PING_PONG: Comparison = { baseline: 'direct', candidate: 'relay', floor: 0.8 };
const RELAY_VS_DIRECT_STREAM: Comparison = { baseline: 'direct', candidate: 'relay', floor: 0.9 };
/** What one more process and two more sockets cost a round trip here: the ceiling of relay/direct on this machine. */
const PIPE_VS_DIRECT: Comparison = {
  baseline: 'direct',
  candidate: 'pipe',
  floor: 0,
  reference: "the browser's WebSocket through a bare ws↔ws pipe (bench/pipe-child.ts): the most any relay reaches here",
};
/** The relay's own cost: the device's rules, the protocol and the leg's checks, over what any relay pays. */
const RELAY_VS_PIPE: Comparison = {
  baseline: 'pipe',
  candidate: 'relay',
  floor: 0,
  reference: 'the relay against the bare pipe: what the relay costs beyond one more process',
};

const perSecond = (messages: number, ms: number): number => messages / (ms / 1000);
/** MB = 10^6 bytes, as in perf-reliability.md. */
const megabytesPerSecond = (messages: number, ms: number, workload: Workload): number => (messages * workload.size) / 1e6 / (ms / 1000);

export const workloads: Workload[] = [
  {
    label: 'ping-pong 64 B',
    kind: 'ping-pong',
    route: '/echo',
    size: 64,
    chunkSize: 100,
    chunks: 40,
    unit: 'rt/s',
    figure: perSecond,
    comparisons: [CLIENT_VS_NATIVE, RELAY_VS_DIRECT_PING_PONG, PIPE_VS_DIRECT, RELAY_VS_PIPE],
  },
  {
    label: 'receive 64 B stream',
    kind: 'stream',
    route: '/stream',
    size: 64,
    chunkSize: 500,
    chunks: 36,
    unit: 'msg/s',
    figure: perSecond,
    comparisons: [CLIENT_VS_NATIVE, RELAY_VS_DIRECT_STREAM],
  },
  {
    label: 'receive 1 MiB stream',
    kind: 'stream',
    route: '/stream',
    size: MiB,
    // 8 messages, not 4: the relay forwards a frame once it has all of it (see
    // src/net/ws-frames/frame-tap.ts), so every chunk through it starts with one extra
    // 1 MiB store-and-forward, which at 4 messages was a tenth of the chunk rather than
    // the small part a chunk's start should be (above).
    chunkSize: 8,
    chunks: 12,
    unit: 'MB/s',
    figure: megabytesPerSecond,
    comparisons: [CLIENT_VS_NATIVE, RELAY_VS_DIRECT_STREAM],
  },
];

/** The paths a workload runs on, baselines first. */
export function pathsOf(workload: Workload): PathName[] {
  const paths = workload.comparisons.flatMap(({ baseline, candidate }) => [baseline, candidate]);
  return [...new Set(paths)];
}

/**
 * Browser entry as an app that imports only `webSocket` bundles it (its `http` shaken
 * out), with its static imports, minified, gzipped (level 9). What a page that only
 * connects loads; rare paths (direct mode's warnings, strict refusals,
 * option parsing for the relay, device conditions, servers) are lazy chunks beside it.
 */
export const BUNDLE_GZIP_BUDGET_BYTES = 4 * KiB;
