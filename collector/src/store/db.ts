/**
 * The one thing that differs between SQLite and PostgreSQL below the Store: how a statement runs.
 * SQL is written once with `?` placeholders; the PostgreSQL driver numbers them. Both engines speak
 * the same ON CONFLICT, row values, partial indexes and window functions, so only the DDL and a few
 * functions (`greatest`) differ per dialect.
 */
export type Row = Record<string, any>;

export interface Db {
  readonly engine: 'sqlite' | 'postgres';
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Inserts many rows in as few statements as the engine allows; resolves to the number inserted. */
  insertMany(
    table: string,
    columns: readonly string[],
    rows: unknown[][],
    conflict?: string,
  ): Promise<number>;
  /**
   * Appends rows that are new but for rare repeats: a row whose `unique` columns (a unique index)
   * match a stored row is skipped. Resolves to the rows inserted (in no particular order), each as the
   * `returning` columns: inserted columns, or `id`, the key the table generated.
   */
  append(
    table: string,
    columns: readonly string[],
    rows: unknown[][],
    unique: string,
    returning: readonly string[],
  ): Promise<Row[]>;
  /** Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** SQL for the larger of two values. */
  greatest(a: string, b: string): string;
  least(a: string, b: string): string;
  close(): Promise<void>;
}

/**
 * How to give back an inserted row as its `returning` columns: each taken from the row itself, `id`
 * from the table. Positions are looked up once per batch, not per row.
 */
export function returnedRows(
  columns: readonly string[],
  returning: readonly string[],
): (row: unknown[], id: number) => Row {
  const at = returning.map((c) => {
    const i = c === 'id' ? -1 : columns.indexOf(c);
    if (c !== 'id' && i === -1) throw new Error(`returning: ${c} is neither id nor one of the columns`);
    return i;
  });
  return (row, id) => {
    const r: Row = {};
    for (let i = 0; i < at.length; i++) r[returning[i]!] = at[i] === -1 ? id : row[at[i]!];
    return r;
  };
}

/** SQL conditions with their parameters, built up together so that placeholders and values stay in step. */
export class Conditions {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  add(sql: string, ...values: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...values);
    return this;
  }

  /** ' AND a AND b' (empty when none). */
  and(): string {
    return this.parts.map((p) => ` AND ${p}`).join('');
  }

  /** 'WHERE a AND b' (empty when none). */
  where(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
