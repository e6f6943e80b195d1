/** The pg driver: a pool; `?` placeholders become `$n`; BIGINT columns come back as numbers. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { StoreError } from '../errors';
import { type Db, returnedRows } from './db';
import { ID_BLOCK } from './schema';

const types = {
  getTypeParser: (oid: number, format?: any) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
};

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * PostgreSQL text holds neither NUL nor unpaired surrogates (SQLite stores both): here they become
 * U+FFFD, in the indexed columns; `body` keeps the line as sent, where JSON escapes them.
 */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function storable(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(UNSTORABLE, '\uFFFD') : v;
}

/**
 * One INSERT whose rows arrive as a single JSON parameter, typed by the table's own row type. A
 * 1,000-row VALUES list has 12,000 placeholders that PostgreSQL parses and plans on every batch;
 * json_populate_recordset reads the same rows from one value, in order (ids follow the rows).
 */
function insert(
  table: string,
  columns: readonly string[],
  rows: unknown[][],
  conflict: string,
): [string, unknown[]] {
  const objects = rows.map((row) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) o[columns[i]!] = storable(row[i]);
    return o;
  });
  const list = columns.join(', ');
  return [
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, ?) ${conflict}`,
    [JSON.stringify(objects)],
  ];
}

/** A value in COPY's text format: NULL is \N; backslash, tab and line ends are escaped. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  // most fields need neither: one test instead of two replaces
  return NEEDS_WORK.test(v) ? (storable(v) as string).replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : v;
}
const NEEDS_WORK = /[\\\t\n\r\0\uD800-\uDFFF]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

function over(client: pg.Pool | pg.PoolClient, pool: pg.Pool | null): Db {
  // params already storable: insert()'s JSON text, made from storable values (scanning it again finds nothing)
  const q = async (sql: string, params: readonly unknown[] = []) => {
    try {
      return await client.query(numbered(sql), params as unknown[]);
    } catch (error) {
      throw new StoreError(error);
    }
  };
  const db: Db = {
    engine: 'postgres',
    all: async (sql, params = []) => (await q(sql, params.map(storable))).rows,
    run: async (sql, params = []) => (await q(sql, params.map(storable))).rowCount ?? 0,
    insertMany: async (table, columns, rows, conflict = '') => {
      if (rows.length === 0) return 0;
      return (await q(...insert(table, columns, rows, conflict))).rowCount ?? 0;
    },
    /**
     * COPY, a third cheaper per row than INSERT … SELECT (the rows are not a query to plan and run),
     * with ids drawn from the table's sequence beforehand, since COPY returns none: the sequence
     * increments by ID_BLOCK (migration 4), so one `nextval` reserves the ids of ID_BLOCK rows. COPY
     * cannot skip a repeat: when one collides, the COPY is undone to a savepoint and the rows go in,
     * with the same ids, by INSERT … ON CONFLICT DO NOTHING instead (a resent batch, or another
     * collector storing the same rows).
     */
    append: async (table, columns, rows, unique, returning) => {
      if (pool) return db.transaction((tx) => tx.append(table, columns, rows, unique, returning));
      if (rows.length === 0) return [];
      // one round trip: the savepoint, then a value per block (table and count are ours, not input)
      const [, drawn] = (await q(
        `SAVEPOINT append; SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS id FROM generate_series(1, ${Math.ceil(rows.length / ID_BLOCK)})`,
      )) as unknown as pg.QueryResult[];
      const blocks = drawn!.rows.map((r) => r.id as number);
      const ids = rows.map((_, i) => blocks[Math.floor(i / ID_BLOCK)]! + (i % ID_BLOCK));
      let text = '';
      for (let i = 0; i < rows.length; i++) text += `${ids[i]}\t${rows[i]!.map(copyField).join('\t')}\n`;
      try {
        await pipeline(
          Readable.from([text]),
          (client as pg.PoolClient).query(copyFrom(`COPY ${table} (id, ${columns.join(', ')}) FROM STDIN`)),
        );
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw new StoreError(error);
        await q('ROLLBACK TO SAVEPOINT append');
        const withIds = rows.map((row, i) => [ids[i], ...row]);
        const [sql, params] = insert(
          table,
          ['id', ...columns],
          withIds,
          `ON CONFLICT (${unique}) DO NOTHING`,
        );
        return (await q(`${sql} RETURNING ${returning.join(', ')}`, params)).rows;
      }
      // the savepoint is left open: COMMIT ends it with the transaction, a RELEASE would be a round trip
      const returned = returnedRows(columns, returning);
      return rows.map((row, i) => returned(row, ids[i]!));
    },
    transaction: async (fn) => {
      if (!pool) return fn(db);
      let conn: pg.PoolClient;
      try {
        conn = await pool.connect();
      } catch (error) {
        throw new StoreError(error);
      }
      const tx = over(conn, null);
      try {
        await tx.run('BEGIN');
        const result = await fn(tx);
        await tx.run('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
    greatest: (a, b) => `GREATEST(${a}, ${b})`,
    least: (a, b) => `LEAST(${a}, ${b})`,
    close: async () => {
      await pool?.end();
    },
  };
  return db;
}

export function openPostgres(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 8, types, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined); // an idle client's failure surfaces on the next query as a StoreError
  return over(pool, pool);
}
