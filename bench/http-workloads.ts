/**
 * What the bench measures of the `http` namespace (issue 17, point 6), in the method of
 * workloads.ts (paths taking turns chunk by chunk, the median over pairs of rate ratios):
 * `http.createHttp().request()` through the dev relay against the page's own `fetch` to
 * the same local server, and in direct mode (over that `fetch`) against `fetch` itself.
 * Apart from the timed workloads, the relay's memory while it streams 100 MiB to a page
 * that reads slowly (bench/http-bench.ts).
 */
import type { HttpPathName, HttpWorkloadKind } from './page/http-spec.js';
import type { PathComparison } from './paired-comparison.js';

export type HttpComparison = PathComparison<HttpPathName>;

export interface HttpWorkload {
  label: string;
  kind: HttpWorkloadKind;
  /** Bytes of each response body. */
  size: number;
  /** Requests per chunk: tens of ms of work, so a turn's chunks see the same machine. */
  chunkSize: number;
  /** Chunks per path and run, a multiple of 2 × the number of paths (page/order-of-turn.ts). */
  chunks: number;
  unit: string;
  figure(requests: number, ms: number, workload: HttpWorkload): number;
  comparisons: HttpComparison[];
}

const MiB = 1024 * 1024;
const perSecond = (requests: number, ms: number): number => requests / (ms / 1000);
/** MB = 10^6 bytes, as in perf-reliability.md. */
const megabytesPerSecond = (requests: number, ms: number, workload: HttpWorkload): number => (requests * workload.size) / 1e6 / (ms / 1000);

/** The namespace in direct mode is the page's fetch plus the device's rules: little may be lost on the way. */
const DIRECT_VS_FETCH: HttpComparison = { baseline: 'fetch', candidate: 'direct', floor: 0.9 };

export const httpWorkloads: HttpWorkload[] = [
  {
    label: 'http small GETs (64 B)',
    kind: 'get',
    size: 64,
    chunkSize: 10,
    chunks: 12,
    unit: 'req/s',
    figure: perSecond,
    comparisons: [DIRECT_VS_FETCH, { baseline: 'fetch', candidate: 'relay', floor: 0.8 }],
  },
  {
    label: 'http 10 MiB download',
    kind: 'get',
    size: 10 * MiB,
    chunkSize: 1,
    chunks: 20,
    unit: 'MB/s',
    figure: megabytesPerSecond,
    comparisons: [
      DIRECT_VS_FETCH,
      { baseline: 'fetch', candidate: 'relay', floor: 0.9 },
      // What one more process and two more sockets cost here: the ceiling of relay/fetch on this machine.
      { baseline: 'fetch', candidate: 'hop', floor: 0, reference: 'a bare Node pass-through (bench/hop-child.ts): the most any relay reaches here' },
      // The same with undici asking upstream, the client issue 17 builds the relay's engine on: its ceiling.
      {
        baseline: 'fetch',
        candidate: 'undiciHop',
        floor: 0,
        reference: 'the bare pass-through asking upstream with undici, as the relay does: the most a relay built on undici reaches here',
      },
      // The relay's own cost: the device's rules, the protocol and its flow control, over what its client costs.
      {
        baseline: 'undiciHop',
        candidate: 'relay',
        floor: 0,
        reference: 'the relay against the bare pass-through with the same client: what the relay costs beyond undici and one more process',
      },
    ],
  },
];

/** The paths a workload runs on, baselines first. */
export function httpPathsOf(workload: HttpWorkload): HttpPathName[] {
  return [...new Set(workload.comparisons.flatMap(({ baseline, candidate }) => [baseline, candidate]))];
}

/** The slow page of the memory target: 100 MiB through requestInStream, read at about this rate. */
export const SLOW_STREAM = { size: 100 * MiB, bytesPerSecond: 25e6 };
/** The relay's memory (heap and buffers, after a full GC) while it streams to the slow page, above idle. */
export const SLOW_STREAM_MEMORY_BUDGET_BYTES = 64 * MiB;
