/** The fixture domain (an order with lines and a customer), driven the same way through every route. */
import { type Change, history, transaction, withActor } from 'statetrail';

export interface Shape {
  label: string;
  path: unknown[];
  op: string;
  value?: string;
  old?: string;
  actor?: string;
  tx?: string;
}

const json = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (x instanceof Set ? [...x] : x instanceof Map ? [...x] : x));

/** Labels with the per-class counter replaced, values as JSON: comparable across runs. */
export function shape(changes: readonly Change[]): Shape[] {
  return changes.map((c) => {
    const s: Shape = { label: c.label.replace(/#\d+$/, '#n'), path: [...c.path], op: c.op };
    if ('value' in c) s.value = json(c.value);
    if ('old' in c) s.old = json(c.old);
    if (c.actor !== undefined) s.actor = c.actor;
    if (c.tx !== undefined) s.tx = c.tx.name;
    return s;
  });
}

export interface OrderLike {
  status: string;
  lines: Array<{ sku: string; qty: number; price: number }>;
  tags: Set<string>;
  meta: Map<string, string>;
  customer: unknown;
  note?: string;
}

/** What a user does to an order and its customer; `add` pushes a line. */
export function drive(
  order: OrderLike,
  customer: { tier: string },
  add: (sku: string, qty: number, price: number) => void,
) {
  history.clear();
  withActor('alice', () => {
    order.customer = customer;
    add('apple', 2, 3);
    order.lines[0]!.qty = 5;
    order.status = 'placed';
  });
  withActor('bob', () => {
    transaction('upgrade', () => {
      customer.tier = 'gold';
      order.tags.add('vip');
      order.meta.set('src', 'web');
    });
    order.status = 'paid';
    order.note = undefined;
    order.status = 'paid'; // same value: nothing recorded
  });
  return shape(history.changes());
}

/** After `drive`: a second line, the first one dropped, the order shipped. */
export function ship(order: OrderLike, add: (sku: string, qty: number, price: number) => void) {
  withActor('carol', () => {
    add('pear', 1, 2);
    order.lines.splice(0, 1);
    order.lines[0]!.qty += 2;
    order.status = 'shipped';
  });
}
