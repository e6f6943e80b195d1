/**
 * An audit trail per actor for a small domain model: an order with lines and a customer.
 *
 *   node --import tsx examples/decorators/audit.ts
 */
import { changesOf, formatText, history, withActor } from 'statetrail';
import { tracked, untracked } from 'statetrail/decorators';

export interface Line {
  sku: string;
  qty: number;
  price: number;
}

@tracked
export class Customer {
  tier: 'basic' | 'gold' = 'basic';
  constructor(
    public name: string,
    public email: string,
  ) {}
}

@tracked({ label: (order: Order) => `order-${order.id}` })
export class Order {
  status: 'draft' | 'placed' | 'paid' | 'shipped' = 'draft';
  lines: Line[] = [];
  customer: Customer | null = null;
  /** Derived, recomputed on demand: not part of the audit trail. */
  @untracked cachedTotal: number | null = null;

  constructor(public readonly id: number) {}

  add(sku: string, qty: number, price: number): void {
    this.lines.push({ sku, qty, price });
    this.cachedTotal = null;
  }

  get total(): number {
    this.cachedTotal ??= this.lines.reduce((sum, l) => sum + l.qty * l.price, 0);
    return this.cachedTotal;
  }
}

/** Runs the story and returns, per actor, what they changed. */
export function main(): Record<string, string[]> {
  history.clear();
  const ann = new Customer('Ann', 'ann@example.com');
  const order = new Order(42);

  withActor('clerk:bob', () => {
    order.customer = ann;
    order.add('tea', 2, 4.5);
    order.add('cup', 1, 12);
    order.status = 'placed';
  });
  withActor('customer:ann', () => {
    order.lines[0]!.qty = 3;
    ann.email = 'ann@example.org';
  });
  withActor('system:payments', () => {
    order.status = 'paid';
    ann.tier = 'gold';
  });

  const byActor: Record<string, string[]> = {};
  for (const c of history.changes()) {
    const line = `${c.label} ${c.path.join('.') || '(root)'} ${c.op} ${JSON.stringify(c.old)} -> ${JSON.stringify(c.value)}`;
    (byActor[c.actor ?? 'unknown'] ??= []).push(line);
  }
  if (order.total !== 3 * 4.5 + 12) throw new Error('the order total is wrong');
  if (changesOf(order).some((c) => c.path[0] === 'cachedTotal'))
    throw new Error('@untracked field was recorded');
  return byActor;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [actor, lines] of Object.entries(main())) {
    console.log(actor);
    for (const l of lines) console.log(`  ${l}`);
  }
  console.log(formatText(history.changes().slice(-2)));
}
