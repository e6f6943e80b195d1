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

// PostgreSQL takes at most 65,535 parameters per statement.
const MAX_PARAMS = 60_000;

/** Multi-row INSERT statements for `rows`, as few as the parameter limit allows. */
function* inserts(
  table: string,
  columns: readonly string[],
  rows: unknown[][],
  conflict: string,
): Generator<[string, unknown[]]> {
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    yield [`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ${conflict}`, chunk.flat()];
  }
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
      let inserted = 0;
      for (const [sql, params] of inserts(table, columns, rows, conflict))
        inserted += await db.run(sql, params);
      return inserted;
    },
    insertReturning: async (table, columns, rows, conflict, returning) => {
      const out: any[] = [];
      for (const [sql, params] of inserts(table, columns, rows, conflict))
        out.push(...(await db.all(`${sql} RETURNING ${returning.join(', ')}`, params)));
      return out;
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
