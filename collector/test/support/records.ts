/** NDJSON lines for the tests, in the shapes docs/collector.md defines. */
import { randomUUID } from 'node:crypto';

export const uuid = () => randomUUID();

export function ndjson(lines: readonly object[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n');
}

export function change(session: string, seq: number, fields: Record<string, unknown> = {}) {
  return {
    schema: 1,
    session,
    seq,
    time: 1_000_000 + seq,
    label: 'Order#1',
    path: ['n'],
    op: 'set',
    value: seq,
    ...fields,
  };
}

export function sessionStart(session: string, fields: Record<string, unknown> = {}) {
  return {
    schema: 1,
    kind: 'session',
    session,
    time: 1_000_000,
    product: 'shop',
    version: '1.0.0',
    host: 'web-1',
    ...fields,
  };
}
