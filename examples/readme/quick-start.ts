// cart.ts — run with npx tsx cart.ts
import assert from 'node:assert/strict';
import { changesOf, lastChange, revert, track, transaction, withActor } from 'statetrail';

const cart = track({ owner: 'ann', items: [{ sku: 'pen', qty: 1 }] }, { label: 'cart-7' });

withActor('ann', () =>
  transaction('add-item', () => {
    cart.items.push({ sku: 'ink', qty: 2 });
    cart.items[0]!.qty = 3;
  }),
);

assert.deepEqual(lastChange(cart), {
  ...lastChange(cart),
  label: 'cart-7',
  path: ['items', 0, 'qty'],
  op: 'set',
  value: 3,
  old: 1,
  actor: 'ann',
});
assert.equal(changesOf(cart, { actor: 'ann' }).length, 2);

revert(cart, 0); // undo everything, recorded as a "revert" transaction
assert.deepEqual(JSON.parse(JSON.stringify(cart)), { owner: 'ann', items: [{ sku: 'pen', qty: 1 }] });
