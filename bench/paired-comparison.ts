/**
 * One comparison of two paths of a timed workload, as every such workload of the bench
 * makes it (the method: bench/run.ts): the median over all pairs of all runs of candidate
 * rate ÷ baseline rate, a pair being the two paths' chunks of one turn, against a floor.
 * The WebSocket client's workloads (bench/run.ts), the app's server's
 * (bench/server-bench.ts) and http's (bench/http-bench.ts) each have their own path
 * names; the comparison knows none.
 */
import { formatFigure } from './format-figure.js';
import { median } from './median.js';
import type { Target } from './target.js';

/** Each path's chunk times (ms) in one run, in turn order. */
export type PathTimes<Path extends string> = Partial<Record<Path, readonly number[]>>;

export interface PathComparison<Path extends string> {
  baseline: Path;
  candidate: Path;
  /** Lowest acceptable median of candidate rate ÷ baseline rate. */
  floor: number;
  /** Shown as a reference figure with no goal (`floor` unused), saying what it is for. */
  reference?: string;
}

/** What the comparison shows of a workload: the rate of a chunk of `chunkSize` messages (or requests) in `ms`. */
export interface RatedWorkload<Workload> {
  label: string;
  chunkSize: number;
  unit: string;
  figure(count: number, ms: number, workload: Workload): number;
}

/**
 * The target of one comparison over `runs`. `load` is what the CPU sample says of other
 * processes ('' when unknown); each of `problems` (a wrong route, what the page's server
 * saw) fails the target and is named in its details.
 */
export function comparePairedRuns<Path extends string, Workload extends RatedWorkload<Workload>>(
  workload: Workload,
  { baseline, candidate, floor, reference }: PathComparison<Path>,
  runs: ReadonlyArray<PathTimes<Path>>,
  load: string,
  problems: readonly string[] = [],
): Target {
  // Same chunk size on both sides of a pair: the rate ratio is the inverse time ratio.
  const pairRatios = (run: PathTimes<Path>) => run[baseline]!.map((ms, turn) => ms / run[candidate]![turn]!);
  const ratio = median(runs.flatMap(pairRatios));
  const perRun = runs.map((run) => median(pairRatios(run)));
  // The rate of a median chunk: like the ratio, robust to the odd chunk hit by a burst of load.
  const typical = (path: Path) =>
    `${path} ${formatFigure(workload.figure(workload.chunkSize, median(runs.flatMap((run) => run[path]!)), workload))} ${workload.unit}`;
  return {
    name: comparisonName(workload, { baseline, candidate }),
    value: ratio.toFixed(3),
    goal: reference === undefined ? `≥ ${floor}` : 'reference',
    pass: (reference !== undefined || ratio >= floor) && problems.length === 0,
    ...(reference === undefined ? {} : { reference: true }),
    details:
      (reference === undefined ? '' : `${reference}; `) +
      `median chunk: ${typical(baseline)}, ${typical(candidate)}; ratio per run ${Math.min(...perRun).toFixed(3)}–${Math.max(...perRun).toFixed(3)}${load}` +
      problems.map((problem) => `; ${problem}`).join(''),
  };
}

/** The target of a comparison whose runs failed: no figure, a miss, and why. */
export function unmeasuredComparison(workload: { label: string }, comparison: PathComparison<string>, reason: string): Target {
  return {
    name: comparisonName(workload, comparison),
    value: 'no figure',
    goal: comparison.reference === undefined ? `≥ ${comparison.floor}` : 'reference',
    pass: false,
    details: `run failed: ${reason}`,
  };
}

function comparisonName({ label }: { label: string }, { baseline, candidate }: Pick<PathComparison<string>, 'baseline' | 'candidate'>): string {
  return `${label}: ${candidate}/${baseline}`;
}
