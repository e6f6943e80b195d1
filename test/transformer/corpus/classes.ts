/**
 * Option `classes`: what a program sees of instances of classes in the glob must not change — identity
 * of what their fields hold, property descriptors, freezing, cloning, subclass chains. Each case is
 * self-contained (it uses only `done`), so classes.test.ts also runs it against the real runtime, where
 * these instances are tracked, besides the differential run (cases.ts) against the logging world.
 */
import type { Case } from './cases';

export const classCases: Case[] = [
  {
    name: 'classes: a field reads back the very object written (object, array, Map, Set)',
    code: `class Box { constructor(v) { this.v = v; } get() { return this.v; } set(v) { this.v = v; } }
var x = { a: 1 }, arr = [1], m = new Map(), s = new Set();
var b = new Box(x); b.set(arr); var same = b.get() === arr; b.set(m);
done([new Box(x).get() === x, same, b.get() === m, new Box(s).get() === s, new Box(x).v === x]);`,
  },
  {
    name: 'classes: indexOf and includes find elements pushed through a field',
    code: `class List { constructor() { this.items = []; } add(i) { this.items.push(i); return this.items.indexOf(i); } }
var l = new List(), a = {}, b = [];
done([l.add(a), l.add(b), l.items.indexOf(a), l.items.includes(b), l.items[1] === b, l.items.lastIndexOf(a)]);`,
  },
  {
    name: 'classes: Map, WeakMap and WeakSet keys held by fields',
    code: `class Registry {
  constructor() { this.key = { id: 1 }; this.map = new Map(); this.weak = new WeakMap(); this.seen = new WeakSet(); }
  put() { this.map.set(this.key, 1); this.weak.set(this.key, 2); this.seen.add(this.key); return this.map.get(this.key); }
}
var r = new Registry(), k2 = r.key;
done([r.put(), r.map.get(k2), r.weak.get(k2), r.seen.has(k2), r.map.has(r.key), [...r.map.keys()][0] === k2]);`,
  },
  {
    name: 'classes: cycles through fields are seen as cycles',
    code: `class Graph { constructor() { this.self = this; this.data = { name: 'd' }; this.data.back = this.data; this.list = [this.data]; } }
function count(v, seen) { if (typeof v !== 'object' || v === null || seen.has(v)) return 0; seen.add(v); var c = 1; for (var key of Object.keys(v)) c += count(v[key], seen); return c; }
var g = new Graph();
g.data.name = 'e';
done([g.self === g, g.data.back === g.data, g.list[0] === g.data, count(g, new Set())]);`,
  },
  {
    name: 'classes: fields are own data properties (descriptors, keys, symbols)',
    code: `class Clock { constructor() { this.now = function () { return 1; }; this.n = 0; } tick() { this.n++; } }
var c = new Clock(); c.tick();
var d = Object.getOwnPropertyDescriptor(c, 'now');
done([typeof d.value, d.writable, d.enumerable, d.configurable, 'get' in d, Reflect.ownKeys(c).join(), Object.getOwnPropertySymbols(c).length, c.n]);`,
  },
  {
    name: 'classes: a method field can be replaced like a spy does it',
    code: `class Clock { constructor() { this.now = function () { return 1; }; } read() { return this.now(); } }
var c = new Clock(), original = c.now;
Object.defineProperty(c, 'now', { value: function () { return 2; }, writable: true, configurable: true, enumerable: true });
var spied = c.read(); c.now = original;
done([spied, c.read(), c.now === original]);`,
  },
  {
    name: 'classes: a strict write to a frozen instance throws and changes nothing',
    code: `"use strict";
class Point { constructor() { this.x = 1; this.tags = ['a']; } move() { this.x = 2; } }
var p = Object.freeze(new Point()), error = 'none';
try { p.move(); } catch (e) { error = e.constructor.name + ': ' + e.message; }
p.tags.push('b');
done([error, p.x, Object.isFrozen(p), p.tags.join()]);`,
  },
  {
    name: 'classes: a sloppy write to a frozen instance is ignored (records nothing)',
    code: `class Point { constructor() { this.x = 1; } move() { this.x = 2; return this.x; } }
var p = Object.freeze(new Point());
done([p.move(), p.x, delete p.x]);`,
  },
  {
    name: 'classes: seal and preventExtensions refuse new fields, strict writes throw',
    code: `"use strict";
class Point { constructor() { this.x = 1; } add() { this.y = 1; } drop() { delete this.x; } move() { this.x = 5; } }
var a = Object.seal(new Point()), b = Object.preventExtensions(new Point()), out = [];
try { a.add(); } catch (e) { out.push(e.message); }
try { a.drop(); } catch (e) { out.push(e.message); }
try { b.add(); } catch (e) { out.push(e.message); }
a.move(); b.move(); b.drop();
done([...out, a.x, b.x, 'x' in b, Object.isSealed(a), Object.isExtensible(b)]);`,
  },
  {
    name: 'classes: a constructor that freezes its instance (records nothing)',
    code: `"use strict";
class Money { constructor(n) { this.n = n; Object.freeze(this); } plus(m) { return new Money(this.n + m.n); } }
var m = new Money(1).plus(new Money(2)), error = 'none';
try { m.n = 9; } catch (e) { error = e.constructor.name; }
done([m.n, Object.isFrozen(m), error]);`,
  },
  {
    name: 'classes: structuredClone copies fields holding arrays, objects and Maps',
    code: `class Cart { constructor() { this.items = [{ sku: 'a', qty: 1 }]; this.meta = { n: 1 }; this.index = new Map([['a', 0]]); } }
var cart = new Cart(); cart.items[0].qty = 2; cart.items.push({ sku: 'b', qty: 1 });
var copy = typeof structuredClone === 'function' ? structuredClone(cart) : JSON.parse(JSON.stringify(cart));
done([copy.items.length, copy.items[0].qty, copy.meta.n, copy.items[0] !== cart.items[0], JSON.stringify(cart)]);`,
  },
  {
    name: 'classes: a subclass chain constructs with every field in order',
    code: `class A { constructor() { this.a = 1; } }
class B extends A { b = 2; }
class C extends B { c = 3; constructor() { super(); this.d = this.a + this.b + this.c; } }
var x = new C(), y = new C();
y.later = 1; x.later = 2;
done([Object.keys(x).join(), x.d, y.later, x.later, x instanceof A, C.name, B.name]);`,
  },
  {
    name: 'classes: fields created after construction, on every instance',
    code: `class Bag { constructor() { this.n = 0; } fill(v) { this.extra = v; this.n++; return this; } }
var a = new Bag().fill({ v: 1 }), b = new Bag().fill({ v: 2 });
a.extra.v = 3;
done([a.extra.v, b.extra.v, a.n, b.n, Object.keys(b).join()]);`,
  },
  {
    name: 'classes: deep writes, array mutators, Map and Set methods through fields',
    code: `class Order {
  constructor() { this.lines = [{ qty: 1 }]; this.tags = new Set(); this.byId = new Map(); this.total = 0; }
  run() {
    this.lines[0].qty = 2; this.lines.push({ qty: 3 }); this.lines.splice(0, 1, { qty: 4 });
    this.tags.add('x'); this.byId.set('a', this.lines[0]); this.byId.delete('zz');
    for (var l of this.lines) this.total += l.qty;
    return this;
  }
}
var o2 = new Order().run();
done([o2.total, o2.lines.length, o2.byId.get('a') === o2.lines[0], [...o2.tags].join()]);`,
  },
  {
    name: 'classes: writes through computed keys and super',
    code: `class Base { constructor() { this.k = 0; } }
class D extends Base { constructor() { super(); this.key = 'k'; } bump() { super.k = 5; this[this.key] += 1; this['q'] = 1; return [this.k, this.q]; } }
done(new D().bump());`,
  },
  {
    name: 'classes: a foreign Proxy, an Array subclass and a Map subclass held by fields run no extra code',
    code: `var log: string[] = [];
class Tally extends Array { constructor(...a: any[]) { super(...a); log.push('Tally'); } }
class Loud extends Map {
  entries() { log.push('entries'); return super.entries(); }
  has(k: unknown) { log.push('has'); return super.has(k); }
  [Symbol.iterator]() { log.push('iterator'); return super.entries(); }
}
class Holder { v: any = null; list = new Tally(); m = new Loud(); }
var trap = function (name: string) { return function (t: any, k: PropertyKey, r?: any) { log.push(name + ' ' + String(k)); return name === 'get' ? Reflect.get(t, k, r) : Reflect.getOwnPropertyDescriptor(t, k); }; };
var p = new Proxy({ a: 1, list: [1] }, {
  get: trap('get'), getOwnPropertyDescriptor: trap('gopd'),
  ownKeys: function (t: object) { log.push('ownKeys'); return Reflect.ownKeys(t); },
  getPrototypeOf: function (t: object) { log.push('proto'); return Reflect.getPrototypeOf(t); },
});
var h = new Holder();
log.length = 0;
h.v = p; h.v = { inner: p }; h.list.push(p); h.list.push(2); h.m.set('k', p); h.m.delete('k');
done([log, h.list.length, h.m.size, h.v.inner === p]);`,
  },
  {
    name: 'classes: an object key is converted as often as without the transformer, in every write form',
    code: `class Bag { constructor() { this.data = { a: 0 }; } }
var n = 0, k = { toString() { n++; return 'a'; } }, s = Symbol('s');
var ks = { [Symbol.toPrimitive](hint: string) { n++; return hint === 'string' ? s : 0; } };
var b: any = new Bag(), counts: unknown[] = [];
function c(f: () => void) { n = 0; try { f(); } catch (e: any) { counts.push(e.constructor.name + ': ' + e.message); } counts.push(n); }
c(() => { b.data[k] = 1; });
c(() => { b.data[k] += 1; });
c(() => { b.data[k] ||= 5; });
c(() => { b.data[k] = 0; b.data[k] ||= 5; });
c(() => { b.data[k]++; });
c(() => { [b.data[k]] = [7]; });
c(() => { ({ x: b.data[k] } = { x: 8 }); });
c(() => { for (b.data[k] of [9]); });
c(() => { delete b.data[k]; });
c(() => { b[k] = 2; });
c(() => { b.data[ks] = 3; });
c(() => { b.data[k] = (() => { throw new RangeError('rhs'); })(); });
c(() => { b.missing[k] = 1; });
c(() => { b.data[{ toString() { return {}; } }] = 1; });
done([counts, b.data.a, b.data[s], b.a, Object.keys(b.data)]);`,
  },
];
