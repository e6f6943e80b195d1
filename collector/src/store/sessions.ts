/** The sessions list (filters, keyset pagination), one session with its counts, and release health. */
import { Conditions, type Db, type Row } from './db';
import { STATE_LABEL } from './ingest';
import { SID } from './state';
import type { Session, SessionQuery } from './store';

export function toSession(r: Row): Session {
  return {
    id: r.id,
    product: r.product,
    version: r.version,
    host: r.host,
    machineId: r.machine_id,
    pid: r.pid,
    runtime: r.runtime,
    tags: r.tags === null ? null : JSON.parse(r.tags),
    started: r.started,
    ended: r.ended,
    lastSeen: r.last_seen,
    status: r.status,
    exitCode: r.exit_code,
    signal: r.signal,
    error: r.error === null ? null : JSON.parse(r.error),
    heartbeatMs: r.heartbeat_ms,
  };
}

export async function listSessions(
  db: Db,
  q: SessionQuery,
): Promise<{ sessions: Session[]; next: string | null }> {
  const c = new Conditions();
  const add = c.add.bind(c);
  if (q.product !== undefined) add('product = ?', q.product);
  if (q.version !== undefined) add('version = ?', q.version);
  if (q.host !== undefined) add('host = ?', q.host);
  if (q.status?.length) add(`status IN (${q.status.map(() => '?').join(', ')})`, ...q.status);
  if (q.tag) add('id IN (SELECT session FROM session_tags WHERE key = ? AND value = ?)', ...q.tag);
  if (q.actor !== undefined)
    add(
      'id IN (SELECT i.session FROM session_actors a JOIN session_ids i ON i.sid = a.sid WHERE a.actor = ?)',
      q.actor,
    );
  if (q.event !== undefined) add('id IN (SELECT session FROM events WHERE name = ?)', q.event);
  if (q.state) {
    add(
      `id IN (SELECT i.session FROM changes c JOIN session_ids i ON i.sid = c.sid
        WHERE c.label = ? AND c.path_key = ? AND c.value = ?)`,
      STATE_LABEL,
      q.state.path,
      q.state.value,
    );
  }
  if (q.since !== undefined) add('started >= ?', q.since);
  if (q.until !== undefined) add('started <= ?', q.until);
  const desc = q.sort === '-started';
  if (q.cursor) add(`(started, id) ${desc ? '<' : '>'} (?, ?)`, ...q.cursor);
  const order = desc ? 'started DESC, id DESC' : 'started, id';
  const rows = await db.all(`SELECT * FROM sessions ${c.where()} ORDER BY ${order} LIMIT ?`, [
    ...c.params,
    q.limit + 1,
  ]);
  const sessions = rows.slice(0, q.limit).map(toSession);
  const last = sessions[sessions.length - 1];
  return { sessions, next: rows.length > q.limit ? encodeCursor([last.started, last.id]) : null };
}

export function encodeCursor(position: unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export async function getSession(db: Db, id: string) {
  const [row] = await db.all('SELECT * FROM sessions WHERE id = ?', [id]);
  if (!row) return null;
  // the per-second counts ingest keeps for the histogram add up to the session's totals
  const [sums] = await db.all(
    `SELECT SUM(changes) AS changes, SUM(events) AS events, SUM(metrics) AS metrics, SUM(crumbs) AS crumbs,
      SUM(errors) AS errors FROM histogram_counts WHERE sid = ${SID}`,
    [id],
  );
  const counts = {
    changes: Number(sums?.changes ?? 0),
    events: Number(sums?.events ?? 0),
    metrics: Number(sums?.metrics ?? 0),
    crumbs: Number(sums?.crumbs ?? 0),
    errors: Number(sums?.errors ?? 0),
  };
  return { ...toSession(row), counts };
}

export interface Release {
  product: string | null;
  version: string | null;
  sessions: number;
  active: number;
  ended: number;
  crashed: number;
  hung: number;
  lost: number;
  crashFreeRate: number;
  hungRate: number;
}

/** Sentry's release health: crash-free rate over sessions; hung rate counts every session that ever reported a hang. */
export async function health(db: Db, product?: string): Promise<{ releases: Release[] }> {
  const filter = product === undefined ? '' : 'WHERE s.product = ?';
  const params = product === undefined ? [] : [product];
  const rows = await db.all(
    `SELECT s.product, s.version, s.status, COUNT(*) AS n FROM sessions s ${filter} GROUP BY s.product, s.version, s.status`,
    params,
  );
  const everHung = await db.all(
    `SELECT s.product, s.version, COUNT(DISTINCT g.session) AS n FROM signals g JOIN sessions s ON s.id = g.session
      ${filter ? `${filter} AND` : 'WHERE'} g.kind = 'hung' GROUP BY s.product, s.version`,
    params,
  );
  const byRelease = new Map<string, Release>();
  const release = (r: Row) => {
    const key = JSON.stringify([r.product, r.version]);
    let rel = byRelease.get(key);
    if (!rel) {
      rel = {
        product: r.product,
        version: r.version,
        sessions: 0,
        active: 0,
        ended: 0,
        crashed: 0,
        hung: 0,
        lost: 0,
        crashFreeRate: 1,
        hungRate: 0,
      };
      byRelease.set(key, rel);
    }
    return rel;
  };
  for (const r of rows) {
    const rel = release(r);
    rel.sessions += r.n;
    (rel as any)[r.status] += r.n;
  }
  const hungSessions = new Map(everHung.map((r) => [JSON.stringify([r.product, r.version]), r.n as number]));
  for (const [key, rel] of byRelease) {
    rel.crashFreeRate = 1 - rel.crashed / rel.sessions;
    rel.hungRate = Math.max(rel.hung, hungSessions.get(key) ?? 0) / rel.sessions;
  }
  return { releases: [...byRelease.values()] };
}
