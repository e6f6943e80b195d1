/** examples/decorators/audit.ts, compiled in every mode, gives the same audit trail per actor. */
import { describe, expect, it } from 'vitest';
import { loadFile, MODES } from './compile';

const expected = {
  'clerk:bob': [
    // values are kept by reference (serialised at export), so these show the objects as they are now
    'order-42 customer set null -> {"name":"Ann","email":"ann@example.org","tier":"gold"}',
    'order-42 lines splice undefined -> [{"sku":"tea","qty":3,"price":4.5}]',
    'order-42 lines splice undefined -> [{"sku":"cup","qty":1,"price":12}]',
    'order-42 status set "draft" -> "placed"',
  ],
  'customer:ann': [
    'order-42 lines.0.qty set 2 -> 3',
    'Customer#n email set "ann@example.com" -> "ann@example.org"',
  ],
  'system:payments': ['order-42 status set "placed" -> "paid"', 'Customer#n tier set "basic" -> "gold"'],
};

describe.each(MODES)('$name', (mode) => {
  it('the example records an audit trail per actor', async () => {
    const m = await loadFile(mode, 'examples/decorators/audit.ts');
    const trail = m.main() as Record<string, string[]>;
    const normal = Object.fromEntries(
      Object.entries(trail).map(([actor, lines]) => [
        actor,
        lines.map((l) => l.replace(/Customer#\d+/, 'Customer#n')),
      ]),
    );
    expect(normal).toEqual(expected);
  });
});
