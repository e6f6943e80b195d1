/**
 * The merged timeline of one session, its histogram, the history of one path, the changes of one
 * trace and races. The timeline asks each record table for its next page on its (session, time, id)
 * index and merges the pages in memory: each query stays an index range scan however long the session.
 */
import { Conditions, type Db, type Row } from './db';
import { HISTOGRAM_MS, STATE_LABEL } from './ingest';
import { encodeCursor } from './sessions';
import { SID, sidOf } from './state';
import type { TimelineItem, TimelineQuery } from './store';

interface Source {
  table: string;
  /** The column naming the session of a row (its indexes start with it). */
  key: Key;
  rank: number;
  kinds: string[];
  columns: string;
  kindOf(r: Row): string;
  /** SQL (and params) narrowing the table to the wanted kinds; null when none is wanted. */
  narrow(kinds: Set<string>, q: TimelineQuery): [string, unknown[]] | null;
}

const CHANGE_FILTERS = ['path', 'label', 'actor', 'tx'] as const;
const filtersChanges = (q: TimelineQuery) => CHANGE_FILTERS.some((f) => q[f] !== undefined);

type Key = 'sid' | 'session';
/** The condition selecting one session's rows (one parameter, the session id). */
const ownedBy = (key: Key) => (key === 'sid' ? `sid = ${SID}` : 'session = ?');

const simple = (table: string, rank: number, kind: string): Source => ({
  table,
  key: 'session',
  rank,
  kinds: [kind],
  columns: 'id, time, body',
  kindOf: () => kind,
  narrow: (kinds, q) => (kinds.has(kind) && !filtersChanges(q) ? ['', []] : null),
});

const SIGNAL_KINDS = ['session', 'end', 'heartbeat', 'hung', 'recovered'];

const SOURCES: Source[] = [
  {
    table: 'changes',
    key: 'sid',
    rank: 0,
    kinds: ['change', 'state'],
    columns: 'id, time, label, body',
    kindOf: (r) => (r.label === STATE_LABEL ? 'state' : 'change'),
    narrow(kinds, q) {
      if (!kinds.has('change') && !kinds.has('state')) return null;
      const c = new Conditions();
      if (!kinds.has('state')) c.add('label <> ?', STATE_LABEL);
      if (!kinds.has('change')) c.add('label = ?', STATE_LABEL);
      const columns = { path: 'path_key', label: 'label', actor: 'actor', tx: 'tx_id' } as const;
      for (const f of CHANGE_FILTERS) if (q[f] !== undefined) c.add(`${columns[f]} = ?`, q[f]);
      return [c.and(), c.params];
    },
  },
  {
    table: 'events',
    key: 'session',
    rank: 1,
    kinds: ['event', 'error'],
    columns: 'id, time, is_error, body',
    kindOf: (r) => (r.is_error ? 'error' : 'event'),
    narrow(kinds, q) {
      if (filtersChanges(q) || (!kinds.has('event') && !kinds.has('error'))) return null;
      if (kinds.has('event') && kinds.has('error')) return ['', []];
      return [' AND is_error = ?', [kinds.has('error') ? 1 : 0]];
    },
  },
  simple('crumbs', 2, 'crumb'),
  simple('metrics', 3, 'metric'),
  {
    table: 'signals',
    key: 'session',
    rank: 4,
    kinds: SIGNAL_KINDS,
    columns: 'id, time, kind, body',
    kindOf: (r) => r.kind,
    narrow(kinds, q) {
      const wanted = SIGNAL_KINDS.filter((k) => kinds.has(k));
      if (filtersChanges(q) || wanted.length === 0) return null;
      return [` AND kind IN (${wanted.map(() => '?').join(', ')})`, wanted];
    },
  },
  simple('races', 5, 'race'),
];

export const TIMELINE_KINDS = SOURCES.flatMap((s) => s.kinds);

export async function timeline(db: Db, session: string, q: TimelineQuery) {
  const kinds = new Set(q.kinds ?? TIMELINE_KINDS);
  const sid = await sidOf(db, session);
  const pages = await Promise.all(
    SOURCES.map(async (source) => {
      const narrowed = source.narrow(kinds, q);
      if (!narrowed) return [];
      const c =
        source.key === 'sid'
          ? new Conditions().add('sid = ?', sid)
          : new Conditions().add('session = ?', session);
      if (q.since !== undefined) c.add('time >= ?', q.since);
      if (q.until !== undefined) c.add('time <= ?', q.until);
      if (q.cursor) {
        const [time, rank, id] = q.cursor;
        // after (time, rank, id) in the merged order
        if (source.rank > rank) c.add('time >= ?', time);
        else if (source.rank < rank) c.add('time > ?', time);
        else c.add('(time, id) > (?, ?)', time, id);
      }
      const sql = `SELECT ${source.columns} FROM ${source.table} ${c.where()}${narrowed[0]}`;
      const params = [...c.params, ...narrowed[1]];
      // the session column leads the order (it is fixed): PostgreSQL then walks the (key, time, id)
      // index and filters, as SQLite does, instead of sorting every row of a path
      const order = `ORDER BY ${source.key}, time, id`;
      const rows = await db.all(`${sql} ${order} LIMIT ?`, [...params, q.limit + 1]);
      return rows.map(
        (r): TimelineItem => ({
          kind: source.kindOf(r),
          time: r.time,
          data: JSON.parse(r.body),
          at: [r.time, source.rank, r.id],
        }),
      );
    }),
  );
  const merged = pages.flat().sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.at[2] - b.at[2]);
  const items = merged.slice(0, q.limit);
  const next = merged.length > q.limit ? encodeCursor(items[items.length - 1].at) : null;
  return { items: items.map(({ kind, time, data }) => ({ kind, time, data })), next };
}

export async function pathHistory(
  db: Db,
  session: string,
  q: { path: string; label?: string; cursor?: number; limit: number },
) {
  const c = new Conditions().add('sid = ?', await sidOf(db, session)).add('path_key = ?', q.path);
  if (q.label !== undefined) c.add('label = ?', q.label);
  if (q.cursor !== undefined) c.add('id > ?', q.cursor);
  const rows = await db.all(`SELECT id, body FROM changes ${c.where()} ORDER BY sid, path_key, id LIMIT ?`, [
    ...c.params,
    q.limit + 1,
  ]);
  const page = rows.slice(0, q.limit);
  return {
    changes: page.map((r) => JSON.parse(r.body)),
    next: rows.length > q.limit ? encodeCursor([page[page.length - 1].id]) : null,
  };
}

export async function traceChanges(db: Db, traceId: string, q: { cursor?: [number, number]; limit: number }) {
  const c = new Conditions().add('c.trace_id = ?', traceId);
  if (q.cursor) c.add('(c.time, c.id) > (?, ?)', ...q.cursor);
  const rows = await db.all(
    `SELECT c.id, i.session, c.time, c.body FROM changes c JOIN session_ids i ON i.sid = c.sid
      ${c.where()} ORDER BY c.time, c.id LIMIT ?`,
    [...c.params, q.limit + 1],
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    changes: page.map((r) => ({ ...JSON.parse(r.body), session: r.session })),
    next: rows.length > q.limit ? encodeCursor([last.time, last.id]) : null,
  };
}

const HISTOGRAM_TABLES = [
  { table: 'changes', key: 'sid' as Key, counts: 'COUNT(*) AS changes' },
  { table: 'events', key: 'session' as Key, counts: 'COUNT(*) AS events, SUM(is_error) AS errors' },
  { table: 'crumbs', key: 'session' as Key, counts: 'COUNT(*) AS crumbs' },
  { table: 'metrics', key: 'session' as Key, counts: 'COUNT(*) AS metrics' },
];
const HISTOGRAM_KINDS = ['changes', 'events', 'crumbs', 'errors', 'metrics'] as const;
type Bucket = { t: number } & Record<(typeof HISTOGRAM_KINDS)[number], number>;

/**
 * Counts per time bucket: the answer's size is the bucket count, not the session's. Over the whole
 * session with buckets of a second or more, the buckets are aligned to whole seconds and summed from
 * the per-second counts ingest keeps (histogram_counts); otherwise the database counts the records.
 */
export async function histogram(
  db: Db,
  session: string,
  q: { buckets: number; since?: number; until?: number; kinds?: string[] },
) {
  let from = q.since;
  let to = q.until;
  if (from === undefined || to === undefined) {
    const spans = await Promise.all(
      // two index lookups: SQLite scans the whole range for MIN and MAX in one query
      HISTOGRAM_TABLES.map(({ table, key }) =>
        db.all(
          `SELECT (SELECT time FROM ${table} WHERE ${ownedBy(key)} ORDER BY ${key}, time LIMIT 1) AS a,
            (SELECT time FROM ${table} WHERE ${ownedBy(key)} ORDER BY ${key} DESC, time DESC LIMIT 1) AS b`,
          [session, session],
        ),
      ),
    );
    const known = spans.map(([r]) => r).filter((r) => r && r.a !== null);
    from ??= known.length ? Math.min(...known.map((r) => r.a)) : 0;
    to ??= known.length ? Math.max(...known.map((r) => r.b)) : from;
  }
  if (to < from) to = from;
  let bucketMs = Math.max(1, Math.ceil((to - from + 1) / q.buckets));
  const whole = q.since === undefined && q.until === undefined && bucketMs >= HISTOGRAM_MS;
  if (whole) {
    from = Math.floor(from / HISTOGRAM_MS) * HISTOGRAM_MS;
    bucketMs = Math.ceil((to - from + 1) / q.buckets / HISTOGRAM_MS) * HISTOGRAM_MS;
  }
  const buckets: Bucket[] = Array.from({ length: q.buckets }, (_, i) => ({
    t: (from as number) + i * bucketMs,
    changes: 0,
    events: 0,
    crumbs: 0,
    errors: 0,
    metrics: 0,
  }));
  const wanted = HISTOGRAM_KINDS.filter((k) => (q.kinds ?? HISTOGRAM_KINDS).includes(k));
  const add = (b: number, r: Row) => {
    const bucket = buckets[Math.min(b, q.buckets - 1)];
    for (const k of wanted) if (r[k] !== undefined && r[k] !== null) bucket[k] += Number(r[k]);
  };
  if (whole) {
    const rows = await db.all(
      `SELECT second, changes, events, errors, crumbs, metrics FROM histogram_counts WHERE sid = ${SID}`,
      [session],
    );
    for (const r of rows) add(Math.floor((r.second * HISTOGRAM_MS - from) / bucketMs), r);
    return { from, to, bucketMs, buckets };
  }
  const index = db.engine === 'sqlite' ? 'CAST((time - ?) / ? AS INTEGER)' : 'FLOOR((time - ?) / ?)';
  await Promise.all(
    HISTOGRAM_TABLES.map(async ({ table, key, counts }) => {
      const rows = await db.all(
        `SELECT ${index} AS b, ${counts} FROM ${table} WHERE ${ownedBy(key)} AND time >= ? AND time <= ? GROUP BY 1`,
        [from, bucketMs, session, from, to],
      );
      for (const r of rows) add(Number(r.b), r);
    }),
  );
  return { from, to, bucketMs, buckets };
}

export async function races(db: Db, session?: string) {
  const rows = await db.all(
    `SELECT session, time, body FROM races ${session === undefined ? '' : 'WHERE session = ?'} ORDER BY time, id LIMIT 1000`,
    session === undefined ? [] : [session],
  );
  return { races: rows.map((r) => ({ session: r.session, time: r.time, race: JSON.parse(r.body).race })) };
}
