/** Metric aggregates per version, per session or overall; counters are deltas, so `sum` is their total. */
import { Conditions, type Db } from './db';
import type { MetricQuery } from './store';

const MAX_POINTS = 10_000;

export interface MetricGroup {
  key: string | null;
  count: number;
  sum: number;
  avg: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  stddev: number;
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
}

function summarise(key: string | null, values: number[]): MetricGroup {
  const sorted = values.sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  const avg = sum / sorted.length;
  const variance = sorted.reduce((s, v) => s + (v - avg) ** 2, 0) / sorted.length;
  return {
    key,
    count: sorted.length,
    sum,
    avg,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    stddev: Math.sqrt(variance),
  };
}

export async function metricSummary(db: Db, q: MetricQuery) {
  const c = new Conditions().add('m.name = ?', q.name).add('m.value IS NOT NULL');
  if (q.product !== undefined) c.add('s.product = ?', q.product);
  if (q.version !== undefined) c.add('s.version = ?', q.version);
  if (q.session !== undefined) c.add('m.session = ?', q.session);
  if (q.since !== undefined) c.add('m.time >= ?', q.since);
  if (q.until !== undefined) c.add('m.time <= ?', q.until);
  const rows = await db.all(
    `SELECT m.session, m.time, m.value, m.type, m.unit, s.version FROM metrics m JOIN sessions s ON s.id = m.session
      ${c.where()} ORDER BY m.time, m.id`,
    c.params,
  );
  const groups = new Map<string | null, number[]>();
  for (const r of rows) {
    const key = q.groupBy === 'none' ? null : q.groupBy === 'session' ? r.session : r.version;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r.value);
  }
  return {
    name: q.name,
    type: rows[0]?.type ?? null,
    unit: rows[0]?.unit ?? null,
    groups: [...groups].map(([key, values]) => summarise(key, values)),
    points:
      q.session === undefined
        ? undefined
        : rows.slice(0, MAX_POINTS).map((r) => ({ time: r.time, value: r.value, session: r.session })),
  };
}
