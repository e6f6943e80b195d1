/** The better-sqlite3 driver: one connection, WAL, synchronous=NORMAL (a committed batch survives a killed process). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../errors';
import { type Db, type Row, returnedRows } from './db';

const insert = (table: string, columns: readonly string[], conflict: string) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${conflict}`;

export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536'); // 64 MiB: index pages stay in memory during large batches
  } catch (error) {
    throw new StoreError(error);
  }
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  // better-sqlite3 runs synchronously, but a transaction's callback awaits: a queue keeps other
  // requests' statements out of an open transaction.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw new StoreError(error);
    }
  };
  const direct: Db = {
    engine: 'sqlite',
    all: async (sql, params = []) => guard(() => prepare(sql).all(...(params as unknown[])) as any[]),
    run: async (sql, params = []) => guard(() => prepare(sql).run(...(params as unknown[])).changes),
    insertMany: async (table, columns, rows, conflict = '') => {
      if (rows.length === 0) return 0;
      const s = prepare(insert(table, columns, conflict));
      return guard(() => {
        let n = 0;
        for (const row of rows) n += s.run(...row).changes;
        return n;
      });
    },
    // not RETURNING: it halves the insert rate; the row's id is lastInsertRowid, the rest is the input
    append: async (table, columns, rows, unique, returning) => {
      const s = prepare(insert(table, columns, `ON CONFLICT (${unique}) DO NOTHING`));
      const returned = returnedRows(columns, returning);
      return guard(() => {
        const out: Row[] = [];
        for (const row of rows) {
          const info = s.run(...row);
          if (info.changes > 0) out.push(returned(row, Number(info.lastInsertRowid)));
        }
        return out;
      });
    },
    transaction: (fn) => fn(direct),
    greatest: (a, b) => `max(${a}, ${b})`,
    least: (a, b) => `min(${a}, ${b})`,
    close: async () => {
      db.close();
    },
  };
  return {
    ...direct,
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    insertMany: (t, c, r, x) => exclusive(() => direct.insertMany(t, c, r, x)),
    append: (t, c, r, u, y) => exclusive(() => direct.append(t, c, r, u, y)),
    transaction: (fn) =>
      exclusive(async () => {
        guard(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const result = await fn(direct);
          guard(() => db.exec('COMMIT'));
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () => exclusive(() => direct.close()),
  };
}
