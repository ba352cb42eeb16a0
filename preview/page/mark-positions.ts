/**
 * Where the timeline's marks go on its axis (timeline.ts): in time order, each at its
 * time × scale or `minGap` px right of the one before, whichever is further, so that
 * marks close in time stay apart and in order. Whole pixels: the gaps stay exact.
 *
 * `times` are sorted; the answer is each mark's x, in the same order.
 */
export function markPositions(times: readonly number[], scale: number, minGap: number): number[] {
  const positions: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const time of times) {
    previous = Math.max(Math.round(time * scale), previous + minGap);
    positions.push(previous);
  }
  return positions;
}

/**
 * The scale at which the last mark lands within `width` px, spread marks included: the
 * largest one that does, found by halving (the last mark's x only grows with the scale).
 * Time alone (width ÷ the last time) would let marks pushed right by the ones before
 * them run past the width, so "fit" did not fit a run with many close marks. When even
 * the marks at `minGap` apart are wider than `width`, nothing fits: scale 0, the
 * narrowest layout, and the chart scrolls.
 */
export function fitScale(times: readonly number[], width: number, minGap: number): number {
  const last = (scale: number): number => markPositions(times, scale, minGap).at(-1) ?? 0;
  const span = Math.max(times.at(-1) ?? 0, 1);
  let high = width / span;
  if (last(high) <= width) return high;
  let low = 0;
  if (last(low) > width) return 0;
  // A pixel's worth of scale is close enough: the marks are whole pixels.
  while ((high - low) * span > 0.5) {
    const middle = (low + high) / 2;
    if (last(middle) <= width) low = middle;
    else high = middle;
  }
  return low;
}
