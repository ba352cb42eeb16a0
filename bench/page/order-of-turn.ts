/**
 * The order in which the paths of a run take their turn (bench/run.ts, bench/server-bench.ts):
 * shared by the page and the Node driver, since either may run the turns.
 *
 * Turns go in pairs: a rotation of the paths (by the pair's number), then the same
 * rotation reversed. Over 2n turns (n paths) every path goes first equally often and
 * every two paths meet in either order equally often: with two paths the orders are
 * ab ba ba ab, with three the six turns are the six orders. A plain rotation of three
 * would put `direct` before `relay` in two turns of three.
 */
export function orderOfTurn<T>(items: readonly T[], turn: number): T[] {
  const start = Math.floor(turn / 2) % items.length;
  const rotated = [...items.slice(start), ...items.slice(0, start)];
  return turn % 2 === 0 ? rotated : rotated.reverse();
}
