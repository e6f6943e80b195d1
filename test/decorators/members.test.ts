/** @track on single fields and accessors, and bad input, in every compile mode. */
import { changesOf, isTracked, lastChange, revert } from 'statetrail';
import { describe, expect, it } from 'vitest';
import { load, loadSnippet, MODES, type Mode } from './compile';

const shapeOf = (o: object) => changesOf(o).map((c) => [c.path, c.op, c.old, c.value]);

describe.each(MODES)('$name', (mode: Mode) => {
  const legacyDefine = mode.legacy && mode.define;

  if (legacyDefine) {
    it('@track on a field throws at class definition, naming class, field and fix', async () => {
      await expect(load(mode, 'fields')).rejects.toThrow(
        /@track on Cart\.count: .*useDefineForClassFields.*Fix: decorate the class with @tracked/,
      );
    });
  } else {
    it('@track tracks only the chosen fields; constructor body writes after the initializer are changes', async () => {
      const m = await load(mode, 'fields');
      const p = await load(mode, 'fields', true);
      const cart = new m.Cart();
      expect(isTracked(cart)).toBe(true);
      expect(shapeOf(cart)).toEqual([[['count'], 'set', 0, 1]]);
      cart.owner = 'bob';
      cart.scratch = 9;
      cart.items.push('x');
      expect(shapeOf(cart).slice(1)).toEqual([
        [['owner'], 'set', 'ann', 'bob'],
        [['items'], 'splice', undefined, ['x']],
      ]);
      const twin = new p.Cart();
      twin.owner = 'bob';
      twin.scratch = 9;
      twin.items.push('x');
      expect(JSON.stringify(cart)).toBe(JSON.stringify(twin));
      expect(Object.keys(cart)).toEqual(Object.keys(twin));
      expect(lastChange(cart)!.label).toMatch(/^Cart#\d+$/);
      expect(revert(cart, 0)).toBe(3);
      expect(cart.count).toBe(0);
      expect(cart.owner).toBe('ann');
      expect(cart.items).toEqual([]);
    });
  }

  if (!mode.legacy) {
    it('@track on `accessor` fields records through the accessor', async () => {
      const m = await load(mode, 'accessors');
      const c = new m.Counter();
      c.value = 2;
      c.items.push(1);
      c.plain = 5;
      expect(shapeOf(c)).toEqual([
        [['value'], 'set', 0, 2],
        [['items'], 'splice', undefined, [1]],
      ]);
      expect(JSON.stringify(c)).toBe('{"plain":5}'); // accessors live on the prototype, as without @track
      const meter = new m.Meter();
      meter.reading = 3;
      meter.unit = 'MWh';
      expect(shapeOf(meter)).toEqual([
        [['reading'], 'set', 0, 3],
        [['unit'], 'set', 'kWh', 'MWh'],
      ]);
    });
  }

  if (mode.legacy) {
    it('legacy @track on a get/set pair records through the setter', async () => {
      const m = await loadSnippet(
        mode,
        'getset',
        `import { track } from 'statetrail/decorators';
        export class Thermo { #c = 20; @track get celsius() { return this.#c; } set celsius(v) { this.#c = v; } }`,
      );
      const t = new m.Thermo();
      t.celsius = 25;
      expect(shapeOf(t)).toEqual([[['celsius'], 'set', 20, 25]]);
      expect(t.celsius).toBe(25);
    });
  }

  const snippet = (id: string, body: string) =>
    loadSnippet(mode, `${id}`, `import { track, tracked, untracked } from 'statetrail/decorators';\n${body}`);

  it('@track on a method throws at class definition, pointing at the class', async () => {
    const where = mode.legacy
      ? /@track on Shop\.place: a method cannot be tracked/
      : new RegExp(
          `@track on member "place" of the class defined at .*${mode.name}[\\\\/]method\\.mjs:\\d+:\\d+: a method cannot be tracked`,
        );
    const error = await snippet('method', 'export class Shop { @track place() {} }').catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(where);
    expect((error as Error).message).toMatch(/Fix: use @track on a field/);
    // the stack starts at the decorator's caller (the user's file, or reflect-metadata's decorate)
    const frames = (error as Error).stack!.split('\n').slice(1);
    expect(frames[0]).not.toMatch(/[\\/]decorators[\\/]\w+\.ts:/);
    expect(frames.slice(0, 3).join('\n')).toMatch(/method\.mjs:\d+:\d+/);
  });

  it('@tracked on a member or a non-class throws', async () => {
    await expect(snippet('member', 'export class Shop { @tracked name = 1 }')).rejects.toThrow(
      /@tracked on .*name.*decorates classes.*Fix:/,
    );
    expect(() => (tracked as any)(() => 1)).toThrow(
      /@tracked on .*not a class.*Fix: apply @tracked to a class/,
    );
    expect(() => (tracked as any)(42)).toThrow(/@tracked/);
  });

  it('@tracked options of the wrong type throw, naming the class and option', async () => {
    await expect(snippet('opt1', "@tracked({ deep: 'yes' } as any) export class Shop {}")).rejects.toThrow(
      /@tracked on class Shop: .*options\.deep must be a boolean/,
    );
    await expect(snippet('opt2', "@tracked({ label: 'x' } as any) export class Shop {}")).rejects.toThrow(
      /@tracked on class Shop: options\.label must be a function.*Fix: label: \(instance\) => string/,
    );
    await expect(snippet('opt3', '@tracked({ colour: 1 } as any) export class Shop {}')).rejects.toThrow(
      /@tracked on class Shop: unknown option "colour"/,
    );
  });

  it('@untracked on a method throws', async () => {
    await expect(snippet('untr', 'export class Shop { @untracked go() {} }')).rejects.toThrow(
      /@untracked on .*go.*a method/,
    );
  });
});

import { tracked } from 'statetrail/decorators';
