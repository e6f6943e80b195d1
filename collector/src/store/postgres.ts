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

/** SQL types of a table's columns, read from the catalog once per table (the unnest casts need them). */
type ColumnTypes = Map<string, string>;
const columnTypes = new Map<string, Promise<ColumnTypes>>();

function typesOf(db: Db, table: string): Promise<ColumnTypes> {
  let types = columnTypes.get(table);
  if (!types) {
    types = db
      .all(
        'SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped',
        [table],
      )
      .then((rows) => new Map(rows.map((r) => [r.attname, r.type])));
    types.catch(() => columnTypes.delete(table));
    columnTypes.set(table, types);
  }
  return types;
}

/**
 * One INSERT for all `rows`, whatever their number: each column travels as one array parameter and
 * `unnest` turns the arrays back into rows, so the statement text (and its plan) is the same for
 * every batch and the parameter limit never splits it.
 */
async function insert(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: unknown[][],
  conflict: string,
) {
  const types = await typesOf(db, table);
  const arrays = columns.map((_, i) => rows.map((r) => r[i]));
  const casts = columns.map((c) => `?::${types.get(c)}[]`).join(', ');
  return [
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${casts}) ${conflict}`,
    arrays,
  ] as const;
}

type Queryable = { query: (sql: string, params?: unknown[]) => Promise<pg.QueryResult> };

function over(client: Queryable, pool: pg.Pool | null): Db {
  const q = async (sql: string, params: readonly unknown[] = []) => {
    try {
      return await client.query(numbered(sql), params as unknown[]);
    } catch (error) {
      throw new StoreError(error);
    }
  };
  const db: Db = {
    engine: 'postgres',
    all: async (sql, params) => (await q(sql, params)).rows,
    run: async (sql, params) => (await q(sql, params)).rowCount ?? 0,
    insertMany: async (table, columns, rows, conflict = '') => {
      if (rows.length === 0) return 0;
      const [sql, params] = await insert(db, table, columns, rows, conflict);
      return db.run(sql, params);
    },
    insertReturning: async (table, columns, rows, conflict, returning) => {
      if (rows.length === 0) return [];
      const [sql, params] = await insert(db, table, columns, rows, conflict);
      return db.all(`${sql} RETURNING ${returning.join(', ')}`, params);
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
