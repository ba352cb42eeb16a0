/** A rate as the bench's table shows it: whole numbers from 1,000 up, one decimal below. */
export function formatFigure(value: number): string {
  const digits = value >= 1000 ? 0 : 1;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
