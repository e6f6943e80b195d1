/**
 * Tables of both engines (migration 1). Every record table has an insertion-ordered `id`, the
 * session and the record's time; `body` keeps the line as ingested, so reads return exactly what
 * was sent. Changes: `(session, seq)` unique (state patch rows have seq NULL, which never collides);
 * `path_key` (keys joined by '.') and `trace_id` are indexed columns for the path and trace queries.
 */
type Engine = 'sqlite' | 'postgres';

function tables(e: Engine): string[] {
  const id = e === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  const big = e === 'sqlite' ? 'INTEGER' : 'BIGINT';
  const real = e === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION';
  return [
    `CREATE TABLE sessions (id TEXT PRIMARY KEY, product TEXT, version TEXT, host TEXT, machine_id TEXT,
      pid ${big}, runtime TEXT, tags TEXT, started ${real} NOT NULL, ended ${real}, last_seen ${real} NOT NULL,
      status TEXT NOT NULL, exit_code ${big}, signal TEXT, error TEXT, heartbeat_ms ${big})`,
    'CREATE INDEX sessions_started ON sessions (started, id)',
    'CREATE INDEX sessions_release ON sessions (product, version)',
    'CREATE INDEX sessions_status ON sessions (status, last_seen)',
    'CREATE TABLE session_tags (session TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (session, key))',
    'CREATE INDEX session_tags_kv ON session_tags (key, value)',
    `CREATE TABLE changes (id ${id}, session TEXT NOT NULL, seq ${big}, time ${real} NOT NULL, label TEXT NOT NULL,
      path_key TEXT NOT NULL, op TEXT NOT NULL, value TEXT, actor TEXT, tx_id ${big}, trace_id TEXT, body TEXT NOT NULL)`,
    'CREATE UNIQUE INDEX changes_seq ON changes (session, seq)',
    'CREATE INDEX changes_order ON changes (session, id)',
    'CREATE INDEX changes_time ON changes (session, time, id)',
    'CREATE INDEX changes_path ON changes (session, path_key)',
    'CREATE INDEX changes_trace ON changes (trace_id) WHERE trace_id IS NOT NULL',
    'CREATE INDEX changes_actor ON changes (actor) WHERE actor IS NOT NULL',
    `CREATE INDEX changes_state ON changes (path_key, value, session) WHERE label = '$state'`,
    `CREATE TABLE events (id ${id}, session TEXT NOT NULL, time ${real} NOT NULL, name TEXT NOT NULL,
      level TEXT NOT NULL, is_error ${big} NOT NULL, body TEXT NOT NULL)`,
    'CREATE INDEX events_time ON events (session, time, id)',
    'CREATE INDEX events_name ON events (name)',
    `CREATE TABLE crumbs (id ${id}, session TEXT NOT NULL, time ${real} NOT NULL, body TEXT NOT NULL)`,
    'CREATE INDEX crumbs_time ON crumbs (session, time, id)',
    `CREATE TABLE metrics (id ${id}, session TEXT NOT NULL, time ${real} NOT NULL, name TEXT NOT NULL,
      type TEXT NOT NULL, unit TEXT, value ${real}, body TEXT NOT NULL)`,
    'CREATE INDEX metrics_time ON metrics (session, time, id)',
    'CREATE INDEX metrics_name ON metrics (name, time)',
    `CREATE TABLE signals (id ${id}, session TEXT NOT NULL, time ${real} NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL)`,
    'CREATE INDEX signals_time ON signals (session, time, id)',
    `CREATE TABLE races (id ${id}, session TEXT NOT NULL, time ${real} NOT NULL, body TEXT NOT NULL)`,
    'CREATE INDEX races_time ON races (session, time, id)',
    `CREATE TABLE checkpoints (session TEXT NOT NULL, upto_id ${big} NOT NULL, max_time ${real} NOT NULL,
      state TEXT NOT NULL, PRIMARY KEY (session, upto_id))`,
    `CREATE TABLE batches (key TEXT PRIMARY KEY, received ${real} NOT NULL, lines ${big} NOT NULL)`,
  ];
}

/**
 * Migration 2, for ingest speed: every change row used to enter 6 B-trees keyed by the 36-character
 * session id. Sessions get a small integer `sid` (table session_ids) and the changes indexes are
 * keyed by it; the per-row actor index becomes one row per (session, actor) in session_actors,
 * written once per batch. `histogram_counts` keeps the number of records
 * per session and second, maintained at ingest, so a session's histogram reads a few thousand rows
 * instead of every record.
 */
function sidKeys(e: Engine): string[] {
  const id = e === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  const big = e === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE session_ids (sid ${id}, session TEXT NOT NULL UNIQUE)`,
    'INSERT INTO session_ids (session) SELECT id FROM sessions ORDER BY started, id',
    `ALTER TABLE changes ADD COLUMN sid ${big}`,
    'UPDATE changes SET sid = (SELECT sid FROM session_ids WHERE session_ids.session = changes.session)',
    'DROP INDEX changes_seq',
    'DROP INDEX changes_order',
    'DROP INDEX changes_time',
    'DROP INDEX changes_path',
    'DROP INDEX changes_actor',
    'DROP INDEX changes_state',
    'CREATE UNIQUE INDEX changes_seq ON changes (sid, seq)',
    'CREATE INDEX changes_replay ON changes (sid, id)',
    'CREATE INDEX changes_time ON changes (sid, time, id)',
    'CREATE INDEX changes_path ON changes (sid, path_key, id)',
    `CREATE INDEX changes_state ON changes (path_key, value, sid) WHERE label = '$state'`,
    `CREATE TABLE session_actors (sid ${big} NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (actor, sid))`,
    'INSERT INTO session_actors (sid, actor) SELECT DISTINCT sid, actor FROM changes WHERE actor IS NOT NULL',
    `CREATE TABLE histogram_counts (sid ${big} NOT NULL, second ${big} NOT NULL, changes ${big} NOT NULL,
      events ${big} NOT NULL, errors ${big} NOT NULL, crumbs ${big} NOT NULL, metrics ${big} NOT NULL,
      PRIMARY KEY (sid, second))`,
    `INSERT INTO histogram_counts (sid, second, changes, events, errors, crumbs, metrics)
      SELECT i.sid, r.second, SUM(r.changes), SUM(r.events), SUM(r.errors), SUM(r.crumbs), SUM(r.metrics) FROM (
        SELECT session, FLOOR(time / 1000) AS second, 1 AS changes, 0 AS events, 0 AS errors, 0 AS crumbs, 0 AS metrics FROM changes
        UNION ALL SELECT session, FLOOR(time / 1000), 0, 1, is_error, 0, 0 FROM events
        UNION ALL SELECT session, FLOOR(time / 1000), 0, 0, 0, 1, 0 FROM crumbs
        UNION ALL SELECT session, FLOOR(time / 1000), 0, 0, 0, 0, 1 FROM metrics
      ) r JOIN session_ids i ON i.session = r.session GROUP BY i.sid, r.second`,
  ];
}

/**
 * Migration 3, for ingest speed: changes rows lose the 36-character `session` copy, which no index
 * has used since migration 2 (a change's session is its `sid`). On PostgreSQL the column is only
 * marked dropped: old rows keep the bytes until rewritten, new rows are smaller.
 */
const changesWithoutSession = ['ALTER TABLE changes DROP COLUMN session'];

/**
 * How many change ids one `nextval` reserves on PostgreSQL (migration 4): a batch draws one value per
 * block instead of one per row, which cost more than the COPY's own indexes.
 */
export const ID_BLOCK = 1024;

/**
 * Migration 4, for ingest speed on PostgreSQL, where the primary key is an index of its own: it
 * becomes `(sid, id)` and serves the replay order that `changes_replay` did, one B-tree fewer per
 * row; the id sequence hands out blocks of ID_BLOCK ids. In SQLite `id` is the row itself (no
 * index to spare) and ids are assigned by the insert: nothing changes.
 */
function changeIdBlocks(e: Engine): string[] {
  if (e === 'sqlite') return [];
  return [
    `ALTER SEQUENCE changes_id_seq INCREMENT BY ${ID_BLOCK}`,
    'ALTER TABLE changes DROP CONSTRAINT changes_pkey, ADD PRIMARY KEY (sid, id)',
    'DROP INDEX changes_replay',
  ];
}

/** Migrations in order; the store records how many have run in `statetrail_migrations`. */
export function migrations(e: Engine): string[][] {
  return [tables(e), sidKeys(e), changesWithoutSession, changeIdBlocks(e)];
}

/** Record tables the retention sweep trims by `time`. */
export const RECORD_TABLES = ['changes', 'events', 'crumbs', 'metrics', 'signals', 'races'] as const;
