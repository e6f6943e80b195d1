/** Order statistics over the per-round results of one scenario. */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export interface Summary {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

/** Half the interquartile range, relative to the median: "±6%". */
export function spread(s: Summary): string {
  if (!(s.median > 0) || s.n < 2) return '–';
  return `±${((50 * (s.p75 - s.p25)) / s.median).toFixed(0)}%`;
}

/** Per-round ratios a[i] / b[i] (both measured in the same round), summarised. */
export function ratios(a: readonly number[], b: readonly number[]): Summary | undefined {
  const n = Math.min(a.length, b.length);
  if (n === 0) return undefined;
  const r: number[] = [];
  for (let i = 0; i < n; i++) r.push(a[i]! / b[i]!);
  return summarize(r);
}
