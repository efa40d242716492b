// Order statistics of measured durations, for benchmark reports.

/** The p-th percentile (0–100) of `values` by nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** "p50 12.3 ms  p99 45.6 ms  max 78.9 ms  (n = 12000)" */
export function describeLatencies(values: readonly number[]): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return (
    `p50 ${ms(percentile(values, 50))}  p99 ${ms(percentile(values, 99))}  ` +
    `max ${ms(percentile(values, 100))}  (n = ${values.length})`
  );
}
