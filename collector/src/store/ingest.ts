/**
 * One batch, one transaction: the idempotency key first (a key already committed means the batch is
 * stored: nothing more is written), then the sessions the batch mentions, then the records by table
 * in line order, the per-second histogram counts, the session actors and the checkpoints, then the
 * session changes (start, end, hung, recovered) in line order.
 */
import type { IngestRecord } from '../ingest/records';
import { flattenPatch, pathKey } from '../state/patch';
import type { KnownActors } from './actors';
import type { Applied, Checkpoints } from './checkpoints';
import type { Db } from './db';
import type { IngestResult } from './store';

export const STATE_LABEL = '$state';
/** The histogram's pre-aggregated resolution (histogram_counts.second). */
export const HISTOGRAM_MS = 1000;

const CHANGE_COLUMNS = [
  'sid',
  'seq',
  'time',
  'label',
  'path_key',
  'op',
  'value',
  'actor',
  'tx_id',
  'trace_id',
  'body',
];
const COUNT_COLUMNS = ['changes', 'events', 'errors', 'crumbs', 'metrics'] as const;
type Counted = (typeof COUNT_COLUMNS)[number];

export async function ingestRecords(
  db: Db,
  caches: { checkpoints: Checkpoints; actors: KnownActors },
  records: IngestRecord[],
  key: string | undefined,
  now: number,
): Promise<IngestResult> {
  const { checkpoints } = caches;
  const touched: number[] = [];
  let newActors = new Map<string, [number, string]>();
  try {
    const result = await db.transaction(async (tx): Promise<IngestResult> => {
      if (key !== undefined) {
        const fresh = await tx.run(
          'INSERT INTO batches (key, received, lines) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
          [key, now, records.length],
        );
        if (fresh === 0) return { accepted: 0, duplicates: records.length, rejected: [], replayed: true };
      }
      const sids = await touchSessions(tx, records, now);
      const counts = new HistogramCounts();
      const changes: unknown[][] = [];
      const applied = new Map<number, Applied[]>();
      const actors = new Map<string, [number, string]>();
      const events: unknown[][] = [];
      const crumbs: unknown[][] = [];
      const metrics: unknown[][] = [];
      const signals: unknown[][] = [];
      const races: unknown[][] = [];
      const change = (sid: number, row: unknown[], label: string, body: unknown) => {
        changes.push(row);
        let list = applied.get(sid);
        if (!list) applied.set(sid, (list = []));
        list.push({ label, body });
      };
      for (const r of records) {
        const d = r.data;
        const sid = sids.get(r.session) as number;
        switch (r.kind) {
          case 'change':
            change(
              sid,
              [
                sid,
                d.seq,
                r.time,
                d.label,
                pathKey(d.path),
                d.op,
                null,
                d.actor ?? null,
                d.tx?.id ?? null,
                d.trace?.traceId ?? null,
                r.text,
              ],
              d.label,
              d,
            );
            if (d.actor !== undefined) actors.set(`${sid} ${d.actor}`, [sid, d.actor]);
            break;
          case 'state':
            for (const op of flattenPatch(d.patch)) {
              const value = op.op === 'set' ? JSON.stringify(op.value) : op.op === 'merge' ? '{}' : null;
              const body = { kind: 'state', time: r.time, label: STATE_LABEL, ...op };
              change(
                sid,
                [
                  sid,
                  null,
                  r.time,
                  STATE_LABEL,
                  pathKey(op.path),
                  op.op,
                  value,
                  null,
                  null,
                  null,
                  JSON.stringify(body),
                ],
                STATE_LABEL,
                body,
              );
            }
            break;
          case 'event': {
            const level = d.level ?? (d.error ? 'error' : 'info');
            const isError = d.error !== undefined || level === 'error' || level === 'fatal' ? 1 : 0;
            events.push([r.session, r.time, d.name, level, isError, r.text]);
            counts.add(sid, r.time, 'events');
            if (isError) counts.add(sid, r.time, 'errors');
            break;
          }
          case 'crumb':
            crumbs.push([r.session, r.time, r.text]);
            counts.add(sid, r.time, 'crumbs');
            break;
          case 'metric':
            metrics.push([r.session, r.time, d.name, d.type, d.unit ?? null, d.value ?? null, r.text]);
            counts.add(sid, r.time, 'metrics');
            break;
          case 'race':
            races.push([r.session, r.time, r.text]);
            break;
          default:
            signals.push([r.session, r.time, r.kind, r.text]);
        }
      }
      // only changes with a seq can collide; the rows inserted are what the histogram and checkpoints count
      const inserted = await tx.append('changes', CHANGE_COLUMNS, changes, 'sid, seq', ['id', 'sid', 'time']);
      await tx.insertMany('events', ['session', 'time', 'name', 'level', 'is_error', 'body'], events);
      await tx.insertMany('crumbs', ['session', 'time', 'body'], crumbs);
      await tx.insertMany('metrics', ['session', 'time', 'name', 'type', 'unit', 'value', 'body'], metrics);
      await tx.insertMany('signals', ['session', 'time', 'kind', 'body'], signals);
      await tx.insertMany('races', ['session', 'time', 'body'], races);
      newActors = caches.actors.unknown(actors);
      await tx.insertMany(
        'session_actors',
        ['sid', 'actor'],
        [...newActors.values()].sort(),
        'ON CONFLICT (actor, sid) DO NOTHING',
      );
      inserted.sort((a, b) => a.id - b.id);
      const bySid = new Map<number, { ids: number[]; times: number[] }>();
      for (const row of inserted) {
        counts.add(row.sid, row.time, 'changes');
        let s = bySid.get(row.sid);
        if (!s) bySid.set(row.sid, (s = { ids: [], times: [] }));
        s.ids.push(row.id);
        s.times.push(row.time);
      }
      await counts.write(tx);
      for (const [session, sid] of sids) {
        const rows = bySid.get(sid);
        if (!rows) continue;
        touched.push(sid);
        await checkpoints.advance(tx, session, sid, applied.get(sid) as Applied[], rows.ids, rows.times);
      }
      for (const r of records) await applySessionRecord(tx, r);
      const duplicates = changes.length - inserted.length;
      return { accepted: records.length - duplicates, duplicates, rejected: [] };
    });
    caches.actors.remember(newActors.keys());
    return result;
  } catch (error) {
    checkpoints.forget(touched);
    throw error;
  }
}

/** Record counts per session and second of one batch, added to histogram_counts in one statement. */
class HistogramCounts {
  private readonly rows = new Map<string, [number, number, number, number, number, number, number]>();

  add(sid: number, time: number, column: Counted): void {
    const second = Math.floor(time / HISTOGRAM_MS);
    const key = `${sid} ${second}`;
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = [sid, second, 0, 0, 0, 0, 0]));
    row[2 + COUNT_COLUMNS.indexOf(column)]++;
  }

  async write(tx: Db): Promise<void> {
    const sum = COUNT_COLUMNS.map((c) => `${c} = histogram_counts.${c} + excluded.${c}`).join(', ');
    await tx.insertMany(
      'histogram_counts',
      ['sid', 'second', ...COUNT_COLUMNS],
      // sorted, so that two transactions lock the rows in the same order
      [...this.rows.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]),
      `ON CONFLICT (sid, second) DO UPDATE SET ${sum}`,
    );
  }
}

/**
 * Creates the sessions a batch names (offline sessions may send records before their start), marks
 * them seen, and resolves to their `sid`s, in session order.
 */
async function touchSessions(tx: Db, records: IngestRecord[], now: number): Promise<Map<string, number>> {
  const first = new Map<string, number>();
  for (const r of records) {
    const t = first.get(r.session);
    if (t === undefined || r.time < t) first.set(r.session, r.time);
  }
  // sorted, so that two transactions lock session rows in the same order (no deadlock on PostgreSQL)
  const ids = [...first.keys()].sort();
  // the upsert returns the sid of every session that has one: one statement for known sessions
  const sids = new Map<string, number | null>();
  await sidsInChunks(tx, ids, sids, (chunk) => [
    `INSERT INTO sessions (id, started, last_seen, status) VALUES ${chunk.map(() => "(?, ?, ?, 'active')").join(', ')}
      ON CONFLICT (id) DO UPDATE SET last_seen = ${tx.greatest('sessions.last_seen', 'excluded.last_seen')},
        started = ${tx.least('sessions.started', 'excluded.started')},
        status = CASE WHEN sessions.status = 'lost' THEN 'active' ELSE sessions.status END
      RETURNING id AS session, (SELECT sid FROM session_ids WHERE session_ids.session = sessions.id) AS sid`,
    chunk.flatMap((id) => [id, first.get(id), now]),
  ]);
  // new sessions get theirs; the no-op update makes RETURNING give a row another transaction just made
  const fresh = ids.filter((id) => sids.get(id) == null);
  await sidsInChunks(tx, fresh, sids, (chunk) => [
    `INSERT INTO session_ids (session) VALUES ${chunk.map(() => '(?)').join(', ')}
      ON CONFLICT (session) DO UPDATE SET session = excluded.session RETURNING session, sid`,
    chunk,
  ]);
  return new Map(ids.map((id) => [id, sids.get(id) as number]));
}

/** Runs `statement` over `ids`, SID_CHUNK at a time, and puts the `session, sid` rows it returns into `into`. */
async function sidsInChunks(
  tx: Db,
  ids: string[],
  into: Map<string, number | null>,
  statement: (chunk: string[]) => [string, unknown[]],
): Promise<void> {
  for (let i = 0; i < ids.length; i += SID_CHUNK) {
    const [sql, params] = statement(ids.slice(i, i + SID_CHUNK));
    for (const r of await tx.all(sql, params)) into.set(r.session, r.sid);
  }
}

/** Sessions per statement: 3 parameters each stay under SQLite's 32,766. */
const SID_CHUNK = 5_000;

async function applySessionRecord(tx: Db, r: IngestRecord): Promise<void> {
  const d = r.data;
  switch (r.kind) {
    case 'session':
      await tx.run(
        `UPDATE sessions SET product = ?, version = ?, host = ?, machine_id = ?, pid = ?, runtime = ?, tags = ?,
          heartbeat_ms = ?, started = ? WHERE id = ?`,
        [
          d.product,
          d.version ?? null,
          d.host ?? null,
          d.machineId ?? null,
          d.pid ?? null,
          d.runtime ?? null,
          d.tags ? JSON.stringify(d.tags) : null,
          d.heartbeatMs ?? null,
          r.time,
          r.session,
        ],
      );
      if (d.tags) {
        const tags = Object.entries(d.tags as Record<string, string>).map(([k, v]) => [r.session, k, v]);
        await tx.insertMany(
          'session_tags',
          ['session', 'key', 'value'],
          tags,
          'ON CONFLICT (session, key) DO UPDATE SET value = excluded.value',
        );
      }
      break;
    case 'end':
      await tx.run(
        'UPDATE sessions SET status = ?, ended = ?, exit_code = ?, signal = ?, error = ? WHERE id = ?',
        [
          d.status ?? 'ended',
          r.time,
          d.exitCode ?? null,
          d.signal ?? null,
          d.error ? JSON.stringify(d.error) : null,
          r.session,
        ],
      );
      break;
    case 'hung':
      await tx.run("UPDATE sessions SET status = 'hung' WHERE id = ? AND status IN ('active', 'lost')", [
        r.session,
      ]);
      break;
    case 'recovered':
      await tx.run("UPDATE sessions SET status = 'active' WHERE id = ? AND status = 'hung'", [r.session]);
      break;
  }
}
