import { changesOf } from 'statetrail';
import { describe, expect, it } from 'vitest';
import { load, MODES } from './compile';

describe.each(MODES)('$name', (mode) => {
  it('smoke', async () => {
    const m = await load(mode, 'domain');
    const o = new m.Order(7);
    o.status = 'paid';
    o.add('x', 2, 3);
    console.log(
      mode.name,
      JSON.stringify(o),
      changesOf(o).map((c) => [c.label, c.path, c.op, c.value, c.old]),
    );
    expect(changesOf(o).length).toBeGreaterThan(0);
  });
});
