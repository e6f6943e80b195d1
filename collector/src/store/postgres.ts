/** The pg driver: a pool; `?` placeholders become `$n`; BIGINT columns come back as numbers. */
import pg from 'pg';
import { StoreError } from '../errors';
import type { Db } from './db';

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

type Queryable = { query: (sql: string, params?: unknown[]) => Promise<pg.QueryResult> };

function over(client: Queryable, pool: pg.Pool | null): Db {
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
    insertReturning: async (table, columns, rows, conflict, returning) => {
      if (rows.length === 0) return [];
      const [sql, params] = insert(table, columns, rows, conflict);
      return (await q(`${sql} RETURNING ${returning.join(', ')}`, params)).rows;
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
