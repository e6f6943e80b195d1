/** Source locations of instrumented writes, registered once per file by the transformer's output. */
import { expectString, typeError } from '../errors';

export interface Site {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
}

const table: Site[] = [{ file: '', line: 0, column: 0, code: '' }]; // id 0 = no site

export function registerSites(file: string, rows: ReadonlyArray<readonly [number, number, string]>): number {
  expectString('sites', 'file', file);
  if (!Array.isArray(rows)) throw typeError('sites', 'table', 'an array of [line, column, code]', rows);
  const base = table.length;
  for (const [line, column, code] of rows) table.push(Object.freeze({ file, line, column, code }));
  return base;
}

export function siteAt(id: number): Site | undefined {
  return table[id];
}
