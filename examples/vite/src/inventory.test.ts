import { changesOf } from 'statetrail';
import { expect, test } from 'vitest';
import { inventory, sell } from './inventory';

test('under Vitest the plugin instruments too: changes carry their site', () => {
  sell('apple', 1, 'test');
  const last = changesOf(inventory).at(-1);
  expect(last?.site).toEqual({
    file: 'src/inventory.ts',
    line: 8,
    column: 3,
    code: 'inventory.updatedBy = who',
  });
});
