import { randomUUID } from 'node:crypto';

// Test and benchmark data goes in through the collector's real ingest endpoint, as a client sends it.

export type Line = Record<string, unknown>;

export async function ingest(url: string, lines: Line[], token?: string): Promise<void> {
  const response = await fetch(`${url}/v1/ingest`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-ndjson',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: `${lines.map((line) => JSON.stringify({ schema: 1, ...line })).join('\n')}\n`,
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`ingest answered ${response.status}: ${body}`);
}

export interface Seeded {
  id: string;
  lines: Line[];
}

const site = (line: number, code: string) => ({ file: 'src/orders.ts', line, column: 5, code });

/**
 * A shop session: state patches, changes of `Order#1` with sites and actors, events, crumbs, metrics;
 * `end` decides how it finishes (omitted: still active).
 */
export function shopSession(opts: {
  t0: number;
  version: string;
  host: string;
  tags?: Record<string, string>;
  actor?: string;
  end?: Line;
  product?: string;
}): Seeded {
  const id = randomUUID();
  const { t0 } = opts;
  const actor = opts.actor ?? 'alice';
  const lines: Line[] = [
    {
      kind: 'session',
      session: id,
      time: t0,
      product: opts.product ?? 'shop',
      version: opts.version,
      host: opts.host,
      pid: 4242,
      runtime: 'node 20',
      tags: opts.tags ?? {},
    },
    { kind: 'state', session: id, time: t0 + 1, patch: { order: { status: 'new', items: 0 } } },
    { kind: 'crumb', session: id, time: t0 + 2, event: 'cart.open', data: { from: 'home' } },
    {
      session: id,
      seq: 1,
      time: t0 + 10,
      label: 'Order#1',
      path: ['total'],
      op: 'set',
      value: 10,
      actor,
      site: site(12, 'order.total = 10'),
    },
    {
      session: id,
      seq: 2,
      time: t0 + 20,
      label: 'Order#1',
      path: ['total'],
      op: 'set',
      value: 25,
      old: 10,
      actor,
      site: site(14, 'order.total += 15'),
    },
    {
      session: id,
      seq: 3,
      time: t0 + 30,
      label: 'Order#1',
      path: ['status'],
      op: 'set',
      value: 'paid',
      actor: 'payments',
      site: site(31, "order.status = 'paid'"),
    },
    { kind: 'state', session: id, time: t0 + 31, patch: { order: { status: 'paid', items: 2 } } },
    { kind: 'event', session: id, time: t0 + 32, name: 'checkout', level: 'info', message: 'paid 25' },
    { kind: 'metric', session: id, time: t0 + 33, name: 'latency', type: 'timer', value: 120, unit: 'ms' },
    { kind: 'metric', session: id, time: t0 + 34, name: 'latency', type: 'timer', value: 80, unit: 'ms' },
    { kind: 'crumb', session: id, time: t0 + 35, event: 'receipt.print', data: { copies: 1 } },
  ];
  if (opts.end) lines.push({ kind: 'end', session: id, time: t0 + 40, ...opts.end });
  return { id, lines };
}
