/**
 * The core route: an order tracked with track(), edited by two people in two requests, with an
 * audit trail per actor, a revert, and the crumbs a crash would dump.
 */
import {
  changesOf,
  crumb,
  crumbs,
  formatText,
  revert,
  track,
  transaction,
  withActor,
  withContext,
} from 'statetrail';

export interface Line {
  sku: string;
  qty: number;
  price: number;
}

export function run(print: (text: string) => void = console.log): ReturnType<typeof changesOf> {
  const order = track(
    {
      id: 'A-1001',
      status: 'draft',
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      lines: [{ sku: 'pen', qty: 1, price: 2.5 }] as Line[],
      tags: new Set<string>(),
    },
    { label: 'order A-1001', redact: { keys: ['email'] } },
  );

  withActor('ada', () =>
    withContext({ request: 'req-1' }, () =>
      transaction('add-lines', () => {
        order.lines.push({ sku: 'ink', qty: 2, price: 4 });
        order.lines[0]!.qty = 3;
        order.customer.email = 'ada@analytical.engine';
      }),
    ),
  );
  const beforeCheckout = changesOf(order).at(-1)!;

  withActor('bob', () =>
    withContext({ request: 'req-2' }, () =>
      transaction('checkout', () => {
        crumb('checkout started', { total: order.lines.reduce((sum, l) => sum + l.qty * l.price, 0) });
        order.status = 'submitted';
        order.tags.add('priority');
        order.lines.splice(1, 1);
      }),
    ),
  );

  withActor('support', () => revert(order, beforeCheckout));

  print('Audit trail of order A-1001 (oldest first):');
  print(formatText(changesOf(order)));
  print('Per actor:');
  for (const actor of ['ada', 'bob', 'support']) {
    print(`  ${actor}: ${changesOf(order, { actor }).length} changes`);
  }
  print(`\nCrumbs a crash would dump now (${crumbs().length}), the last three:`);
  print(formatText(crumbs().slice(-3)));
  return changesOf(order);
}

if (import.meta.url === `file://${process.argv[1]}`) run();
