/**
 * One batch, one transaction: the idempotency key first (a key already committed means the batch is
 * stored: nothing more is written), then the sessions the batch mentions, then the records by table
 * in line order, then the session changes (start, end, hung, recovered) in line order.
 */
import type { IngestRecord } from '../ingest/records';
import { flattenPatch, pathKey } from '../state/patch';
import type { Db } from './db';
import type { IngestResult } from './store';

export const STATE_LABEL = '$state';

const CHANGE_COLUMNS = [
  'session',
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

export async function ingestRecords(
  db: Db,
  records: IngestRecord[],
  key: string | undefined,
  now: number,
): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    if (key !== undefined) {
      const fresh = await tx.run(
        'INSERT INTO batches (key, received, lines) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
        [key, now, records.length],
      );
      if (fresh === 0) return { accepted: 0, duplicates: records.length, rejected: [], replayed: true };
    }
    await touchSessions(tx, records, now);
    const changes: unknown[][] = [];
    const events: unknown[][] = [];
    const crumbs: unknown[][] = [];
    const metrics: unknown[][] = [];
    const signals: unknown[][] = [];
    const races: unknown[][] = [];
    for (const r of records) {
      const d = r.data;
      switch (r.kind) {
        case 'change':
          changes.push([
            r.session,
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
          ]);
          break;
        case 'state':
          for (const op of flattenPatch(d.patch)) {
            const value = op.op === 'set' ? JSON.stringify(op.value) : op.op === 'merge' ? '{}' : null;
            const body = JSON.stringify({ kind: 'state', time: r.time, label: STATE_LABEL, ...op });
            changes.push([
              r.session,
              null,
              r.time,
              STATE_LABEL,
              pathKey(op.path),
              op.op,
              value,
              null,
              null,
              null,
              body,
            ]);
          }
          break;
        case 'event': {
          const level = d.level ?? (d.error ? 'error' : 'info');
          const isError = d.error !== undefined || level === 'error' || level === 'fatal' ? 1 : 0;
          events.push([r.session, r.time, d.name, level, isError, r.text]);
          break;
        }
        case 'crumb':
          crumbs.push([r.session, r.time, r.text]);
          break;
        case 'metric':
          metrics.push([r.session, r.time, d.name, d.type, d.unit ?? null, d.value ?? null, r.text]);
          break;
        case 'race':
          races.push([r.session, r.time, r.text]);
          break;
        default:
          signals.push([r.session, r.time, r.kind, r.text]);
      }
    }
    const inserted = await tx.insertMany(
      'changes',
      CHANGE_COLUMNS,
      changes,
      'ON CONFLICT (session, seq) DO NOTHING',
    );
    await tx.insertMany('events', ['session', 'time', 'name', 'level', 'is_error', 'body'], events);
    await tx.insertMany('crumbs', ['session', 'time', 'body'], crumbs);
    await tx.insertMany('metrics', ['session', 'time', 'name', 'type', 'unit', 'value', 'body'], metrics);
    await tx.insertMany('signals', ['session', 'time', 'kind', 'body'], signals);
    await tx.insertMany('races', ['session', 'time', 'body'], races);
    for (const r of records) await applySessionRecord(tx, r);
    const duplicates = changes.length - inserted; // only changes with a seq can collide
    return { accepted: records.length - duplicates, duplicates, rejected: [] };
  });
}

/** Creates the sessions a batch names (offline sessions may send records before their start) and marks them seen. */
async function touchSessions(tx: Db, records: IngestRecord[], now: number): Promise<void> {
  const first = new Map<string, number>();
  for (const r of records) {
    const t = first.get(r.session);
    if (t === undefined || r.time < t) first.set(r.session, r.time);
  }
  // sorted, so that two transactions lock session rows in the same order (no deadlock on PostgreSQL)
  const rows = [...first].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, t]) => [id, t, now, 'active']);
  await tx.insertMany(
    'sessions',
    ['id', 'started', 'last_seen', 'status'],
    rows,
    `ON CONFLICT (id) DO UPDATE SET last_seen = ${tx.greatest('sessions.last_seen', 'excluded.last_seen')},
      started = ${tx.least('sessions.started', 'excluded.started')},
      status = CASE WHEN sessions.status = 'lost' THEN 'active' ELSE sessions.status END`,
  );
}

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
