import type { TestContext } from 'node:test';

type ReportHolder = { reportError?: (error: unknown) => void };

/**
 * Installs a `reportError` (Node 20 has none; browsers do) that records what
 * listener dispatch reports, and puts the previous state back after the test.
 */
export function captureReportedErrors(t: TestContext): unknown[] {
  const holder = globalThis as ReportHolder;
  const had = Object.hasOwn(holder, 'reportError');
  const previous = holder.reportError;
  const reported: unknown[] = [];
  holder.reportError = (error) => reported.push(error);
  t.after(() => {
    if (had && previous !== undefined) holder.reportError = previous;
    else delete holder.reportError;
  });
  return reported;
}
