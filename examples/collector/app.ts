/**
 * A small shop process reporting to a collector: state, events, metrics and every tracked change
 * flow to the session through one batching exporter. Run by report.ts with the collector's URL.
 */
import { startSession, track, withActor } from 'statetrail';

const collector = process.argv[2];
if (collector === undefined) throw new Error('usage: app.ts <collector url>');

const session = startSession({ product: 'shop', version: '1.4.0', collector, tags: { region: 'eu' } });
const order = track(
  { id: 'A-17', status: 'new', lines: [] as { sku: string; qty: number }[] },
  { label: 'order' },
);

session.state({ checkout: { step: 'cart' } });
withActor('ann', () => {
  order.lines.push({ sku: 'pen', qty: 2 });
  order.status = 'paid';
});
session.event('order.paid', { id: order.id });
session.metric('checkout.ms', 182, { type: 'timer', unit: 'ms' });
session.state({ checkout: { step: 'done', paidAt: '2026-12-01' } });
withActor('bob', () => {
  order.status = 'shipped';
});
await session.end();
