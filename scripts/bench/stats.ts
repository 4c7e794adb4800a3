/**
 * Summary statistics for small samples (5 to 10 runs), where a median resists the odd slow run far
 * better than a mean does.
 */

/** Middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = sortedCopy(values);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile: a value that was actually observed, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = sortedCopy(values);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function sortedCopy(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no samples to summarize');
  return [...values].sort((a, b) => a - b);
}

/** Rounds to `digits` decimals, so the JSON holds what the table shows rather than float noise. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
