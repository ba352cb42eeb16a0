/**
 * How much of the machine went to processes other than the bench (this Node process
 * and everything it started: Chromium and its helpers) between two samples. On a
 * shared machine that share explains a wide spread of ratios; the bench prints it next
 * to the figures and never uses it to drop or redo a run. Linux only (/proc).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSample {
  /** Machine-wide clock ticks, all CPUs. */
  busy: number;
  total: number;
  /** Ticks of the bench's process tree. */
  own: number;
}

/** undefined where /proc is missing. */
export function takeCpuSample(): CpuSample | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal (guest time is already in user/nice)
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait, own: processTreeTicks(process.pid) };
  } catch {
    return undefined;
  }
}

/** Share (0–1) of all CPU time between the samples that other processes used. */
export function foreignShare(before: CpuSample, after: CpuSample): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  const foreign = after.busy - before.busy - (after.own - before.own);
  return Math.min(1, Math.max(0, foreign / total));
}

/** utime + stime of `root` and all its descendants alive now. */
function processTreeTicks(root: number): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after "(comm)", which may itself hold spaces or parentheses: state ppid … utime(14) stime(15).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    stats.set(Number(entry), { parent: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) });
  }
  let ticks = 0;
  for (const [pid, { ticks: own }] of stats) {
    for (let cursor: number | undefined = pid; cursor !== undefined && cursor > 0; cursor = stats.get(cursor)?.parent) {
      if (cursor === root) {
        ticks += own;
        break;
      }
    }
  }
  return ticks;
}

/**
 * Ends a workload's progress line with its time and what other processes took of the
 * machine meanwhile, warns when that was more than `noisyShare`, and answers the load
 * part (`; other processes used N % of the CPUs`, '' where unknown) for the figures' details.
 */
export function reportWorkloadLoad(before: CpuSample | undefined, startedMs: number, noisyShare: number): string {
  const after = takeCpuSample();
  const foreign = before && after ? foreignShare(before, after) : undefined;
  const load = foreign === undefined ? '' : `; other processes used ${Math.round(foreign * 100)} % of the CPUs`;
  console.log(` (${((performance.now() - startedMs) / 1000).toFixed(1)} s${load})`);
  if (foreign !== undefined && foreign > noisyShare) console.log('  warning: the machine was busy with other work, so these ratios are noisier');
  return load;
}
