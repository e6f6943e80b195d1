/**
 * Hand-written differential corpus. Each case is a snippet run with and without the transformer, as a
 * script (sloppy unless it says "use strict") and as a module (strict): same result, error and trace.
 * World: `o` (traced object graph), `F(v)` (traced identity function), `k` (key whose toString logs),
 * `it` (traced iterable), `L(tag, v)` (logs and returns v), `done(v)` (the result).
 */
import { classCases } from './classes';
import { ASSIGNMENT_OPS, UPDATE_OPS, WORLD_TARGETS } from './tables';

export interface Case {
  name: string;
  code: string;
  /** Only run in these modes (default both). */
  modes?: ('script' | 'module')[];
}

const ops = ASSIGNMENT_OPS;
const targets = WORLD_TARGETS;
const rhss = ['F(3)', '2', '"s"', 'o.b.x', '(L("rhs"), 0)', 'o.a.x = 9'];

const generatedByTable: Case[] = [];
for (const op of ops) {
  for (const t of targets) {
    const rhs = rhss[(ops.indexOf(op) + targets.indexOf(t)) % rhss.length]!;
    generatedByTable.push({
      name: `${t} ${op} ${rhs}`,
      code: `done(${t} ${op} ${rhs}); done([${t}, o.a.x]);`,
    });
  }
}
for (const t of targets) {
  for (const u of UPDATE_OPS.flatMap((u) => [`${t}${u}`, `${u}${t}`])) {
    generatedByTable.push({ name: u, code: `done([${u}, ${t}]);` });
  }
  generatedByTable.push({ name: `delete ${t}`, code: `done([delete ${t}, ${t}]);` });
}

export const cases: Case[] = [
  ...generatedByTable,
  ...classCases,
  // evaluation order: base and key before rhs, rhs exactly once
  {
    name: 'key captured before rhs',
    code: 'let i = 0; const a = o.list; a[i] = (i = 2, 7); done([a[0], a[2], i]);',
  },
  { name: 'base captured before rhs', code: 'let t = o.a; t.x = (t = o.b, 5); done([o.a.x, o.b.x]);' },
  { name: 'rhs evaluated once', code: 'o.a.x = F(F(1) + 1); done(o.a.x);' },
  { name: 'chained assignment', code: 'o.a.x = o.b.x = o.list[0] = F(4); done([o.a.x, o.b.x, o.list[0]]);' },
  { name: 'assignment result is rhs not getter', code: 'done(o.acc.v = 5);' },
  { name: 'compound reads once', code: 'o.acc.v += F(2); done(o.acc.v);' },
  { name: 'compound key toString count', code: 'o.a[k] += 1; done(o.a.x);' },
  { name: 'update key toString count', code: 'o.a[k]++; done(o.a.x);' },
  { name: 'minus-assign records new value', code: 'o.a.x -= 3; done(o.a.x);' },
  // strings, bigint, nullish
  { name: 'postfix on numeric string', code: 'done([o.a.s++, o.a.s]);' },
  { name: 'prefix on numeric string', code: 'done([++o.a.s, o.a.s]);' },
  { name: 'postfix on string', code: 'done([o.a.y++, o.a.y]);' },
  { name: 'bigint decrement', code: 'done([o.a.n--, o.a.n, typeof o.a.n]);' },
  { name: 'bigint prefix', code: 'done([--o.a.n, ++o.a.n]);' },
  { name: 'bigint mixed throws', code: 'o.a.n += 1;' },
  { name: 'bigint exponent', code: 'o.a.n **= 2n; done(o.a.n);' },
  {
    name: 'valueOf once on update',
    code: 'o.a.x = { valueOf() { L("valueOf"); return 4; } }; o.a.x++; done(o.a.x);',
  },
  {
    name: 'toString concat',
    code: 'o.a.x = { toString() { L("toString"); return "q"; } }; o.a.x += "!"; done(o.a.x);',
  },
  { name: 'undefined plus', code: 'o.a.u += 1; done(o.a.u);' },
  // logical assignment: no write, no rhs when short-circuited
  { name: '&&= short-circuit', code: 'done([o.a.z &&= F(1), o.a.z]);' },
  { name: '&&= writes', code: 'done([o.a.x &&= F(8), o.a.x]);' },
  { name: '||= short-circuit', code: 'done([o.a.x ||= F(1), o.a.x]);' },
  { name: '||= writes', code: 'done([o.a.z ||= F(8), o.a.z]);' },
  { name: '??= short-circuit', code: 'done([o.a.z ??= F(1), o.a.z]);' },
  { name: '??= writes on null', code: 'done([o.a.f ??= F(8), o.a.f]);' },
  { name: '??= writes on undefined', code: 'done([o.a.u ??= "d", o.a.u]);' },
  { name: '??= frozen short-circuit', code: '"use strict"; done(o.frozen.x ??= 3);' },
  { name: '||= on frozen strict throws', code: '"use strict"; o.frozen.y ||= 3;' },
  // strict-mode errors and sloppy silence
  { name: 'frozen write sloppy/strict', code: 'o.frozen.x = 2; done(o.frozen.x);' },
  { name: 'frozen write strict', code: '"use strict"; o.frozen.x = 2; done(o.frozen.x);' },
  { name: 'frozen delete strict', code: '"use strict"; delete o.frozen.x;' },
  { name: 'frozen delete sloppy', code: 'done([delete o.frozen.x, o.frozen.x]);' },
  { name: 'sealed add', code: 'o.sealed.y = 1; done(o.sealed.y);' },
  { name: 'sealed delete', code: 'done(delete o.sealed.x);' },
  { name: 'getter-only write', code: 'o.getterOnly.x = 1; done(o.getterOnly.x);' },
  { name: 'getter-only write strict', code: '"use strict"; o.getterOnly.x = 1;' },
  { name: 'getter-only compound', code: '"use strict"; o.getterOnly.x += 1;' },
  { name: 'getter-only update', code: '"use strict"; o.getterOnly.x++;' },
  { name: 'setter throws', code: 'o.setterThrows.x = F(1);' },
  { name: 'setter throws compound', code: 'o.setterThrows.x += F(1);' },
  {
    name: 'setter throws, rhs still ran',
    code: 'try { o.setterThrows.x = F(1); } catch (e) { done(String(e)); }',
  },
  { name: 'write to undefined base', code: 'o.a.u.x = F(1);' },
  { name: 'write to null base', code: 'o.a.f.x = F(1);' },
  { name: 'update on undefined base', code: 'o.a.u.x++;' },
  { name: 'delete on undefined base', code: 'delete o.a.u.x;' },
  { name: 'key on undefined base', code: 'o.a.u[F("k")] = F(1);' },
  { name: 'primitive base sloppy', code: 'o.a.y.len = 3; done(o.a.y.len);' },
  { name: 'primitive base strict', code: '"use strict"; o.a.y.len = 3;' },
  { name: 'array length', code: 'o.list.length = 1; done([o.list.length, o.list[1]]);' },
  { name: 'array index grow', code: 'o.list[5] = 1; done(o.list.length);' },
  { name: 'symbol key', code: 'const s = Symbol("s"); o.a[s] = 1; o.a[s] += 1; done(o.a[s]);' },
  { name: 'numeric key', code: 'o.a[0] = 1; o.a[1.5] = 2; done([o.a[0], o.a["1.5"]]);' },
  { name: 'computed string key', code: 'o.a["x" + F("")] = 4; done(o.a.x);' },
  { name: 'delete returns true', code: 'done([delete o.a.x, "x" in o.a]);' },
  { name: 'delete missing', code: 'done(delete o.a.missing);' },
  { name: 'delete computed', code: 'done(delete o.a[F("y")]);' },
  { name: 'delete optional chain left alone', code: 'done(delete o.a.u?.x);' },
  { name: 'optional chain read in rhs', code: 'o.a.x = o.a.u?.x ?? F(3); done(o.a.x);' },
  {
    name: 'private field write',
    code: 'class P { #x = 1; set(v) { this.#x = v; this.#x += 1; return this.#x; } } done(new P().set(4));',
  },
  // function names
  { name: 'member arrow stays anonymous', code: 'o.a.f = () => 1; done(o.a.f.name);' },
  { name: 'member function stays anonymous', code: 'o.a.f = function () {}; done(o.a.f.name);' },
  { name: 'member class stays anonymous', code: 'o.a.f = class {}; done(o.a.f.name);' },
  {
    name: 'member class with static side effect',
    code: 'o.a.f = class { static s = L("static", 1); }; done(o.a.f.name);',
  },
  { name: 'member ||= arrow anonymous', code: 'o.a.z ||= () => 2; done(o.a.z.name);' },
  { name: 'member ??= class anonymous', code: 'o.a.f ??= class {}; done(o.a.f.name);' },
  { name: 'member named function keeps name', code: 'o.a.f = function named() {}; done(o.a.f.name);' },
  { name: 'variable arrow gets name', code: 'let g; g = () => 1; done(g.name);' },
  { name: 'var function gets name', code: 'var h2; h2 = function () {}; done(h2.name);' },
  { name: 'variable class gets name', code: 'let C; C = class {}; done(C.name);' },
  { name: 'variable ||= gets name', code: 'let g; g ||= () => 1; done(g.name);' },
  { name: 'variable ??= gets name', code: 'let g = null; g ??= function () {}; done(g.name);' },
  { name: 'destructuring default name', code: 'let g; [g = () => 1] = []; done(g.name);' },
  { name: 'object destructuring default name', code: 'let g; ({ g = () => 1 } = {}); done(g.name);' },
  { name: 'parenthesized rhs name', code: 'let g; g = (() => 1); done(g.name);' },
  { name: 'as rhs name', code: 'let g: any; g = (() => 1) as any; done(g.name);' },
  { name: 'field arrow name', code: 'class C { f = () => 1; } done(new C().f.name);' },
  // this
  {
    name: 'this in method writes',
    code: 'const obj = o.a; obj.m = function () { this.x = F(7); this.x += 1; this.x++; return this.x; }; done(obj.m());',
  },
  {
    name: 'this from getter on rhs',
    code: 'const h = { get g() { return this === h; } }; o.a.x = h.g; done(o.a.x);',
  },
  {
    name: 'method call this preserved',
    code: 'o.a.x = o.b.x; o.b.m = function () { return this === o.b; }; done(o.b.m());',
  },
  // super
  {
    name: 'super property write',
    code: 'class A0 { } class B0 extends A0 { m() { super.x = F(1); return this.x; } } done(new B0().m());',
  },
  {
    name: 'super compound',
    code: 'class A0 { get x() { return 10; } set x(v) { L("set " + v); this._x = v; } } class B0 extends A0 { m() { super.x += 5; super.x++; return this._x; } } done(new B0().m());',
  },
  {
    name: 'super computed',
    code: 'class A0 { } class B0 extends A0 { m() { super[F("y")] = 3; super[k] ??= 4; return [this.y, this.x]; } } done(new B0().m());',
  },
  {
    name: 'super before super() throws',
    code: 'class A0 { } class B0 extends A0 { constructor() { super.x = L("rhs", 1); super(); } } new B0();',
  },
  {
    name: 'super in arrow',
    code: 'class A0 { } class B0 extends A0 { m() { const f = () => { super.q = 2; }; f(); return this.q; } } done(new B0().m());',
  },
  {
    name: 'super in static',
    code: 'class A0 { } class B0 extends A0 { static m() { super.q = 2; return B0.q; } } done(B0.m());',
  },
  {
    name: 'super with setter on proto chain',
    code: 'const base = o.acc; const obj = { __proto__: base, m() { super.v = 9; return this._v; } }; done(obj.m());',
  },
  // destructuring targets
  { name: 'array destructuring members', code: '[o.a.x, o.b.x] = F([5, 6]); done([o.a.x, o.b.x]);' },
  { name: 'array destructuring iterator', code: '[o.a.x, o.a.y, o.a.z] = it; done([o.a.x, o.a.y, o.a.z]);' },
  {
    name: 'array destructuring holes and rest',
    code: '[, o.a.x, ...o.a.arr] = [1, 2, 3, 4]; done([o.a.x, o.a.arr]);',
  },
  {
    name: 'array destructuring defaults',
    code: '[o.a.x = F(1), o.a.y = F(2)] = [undefined, 5]; done([o.a.x, o.a.y]);',
  },
  { name: 'object destructuring', code: '({ p: o.a.x, q: o.a[k] } = { p: 1, q: 2 }); done(o.a.x);' },
  {
    name: 'object destructuring from traced source',
    code: '({ x: o.b.x, y: o.a.z } = o.a); done([o.b.x, o.a.z]);',
  },
  { name: 'object destructuring computed', code: '({ [F("x")]: o.a.y } = o.b); done(o.a.y);' },
  {
    name: 'object destructuring rest',
    code: '({ x: o.a.z, ...o.a.f } = { x: 1, y: 2, w: 3 }); done([o.a.z, Object.keys(o.a.f)]);',
  },
  {
    name: 'nested destructuring',
    code: '({ p: [o.a.x, { q: o.b.x = F(9) }] } = { p: [1, {}] }); done([o.a.x, o.b.x]);',
  },
  { name: 'destructuring to frozen strict', code: '"use strict"; [o.frozen.x] = [2];' },
  { name: 'destructuring to frozen sloppy', code: '[o.frozen.x] = [2]; done(o.frozen.x);' },
  { name: 'destructuring setter throws', code: '[o.setterThrows.x] = [2];' },
  { name: 'destructuring value', code: 'const r = ([o.a.x] = [3]); done(r);' },
  {
    name: 'destructuring order target before get',
    code: '({ a: o[F("a")].x, b: o[F("b")].x } = { get a() { L("get a"); return 1; }, get b() { L("get b"); return 2; } }); done([o.a.x, o.b.x]);',
  },
  { name: 'destructuring throws midway', code: '[o.a.x, o.a.u.x, o.b.x] = [1, 2, 3];' },
  {
    name: 'destructuring this target',
    code: 'const obj = { m() { [this.p, this.q] = [1, 2]; return this.p + this.q; } }; done(obj.m());',
  },
  {
    name: 'destructuring super target left alone',
    code: 'class A0 {} class B0 extends A0 { m() { [super.x] = [3]; return this.x; } } done(new B0().m());',
  },
  { name: 'destructuring with as', code: '[(o.a.x as any)] = [4]; done(o.a.x);' },
  // for heads
  { name: 'for-of member head', code: 'for (o.a.x of [1, 2, 3]) L("it " + o.a.x); done(o.a.x);' },
  { name: 'for-in member head', code: 'for (o.a.y in { p: 1, q: 2 }) L("k"); done(o.a.y);' },
  {
    name: 'for-of computed head',
    code: 'let i = 0; for (o.list[i++] of [7, 8]) {} done([o.list[0], o.list[1], i]);',
  },
  { name: 'for-of pattern head', code: 'for ([o.a.x, o.b.x] of [[1, 2], [3, 4]]) {} done([o.a.x, o.b.x]);' },
  { name: 'for-of traced iterable', code: 'for (o.a.z of it) L("step"); done(o.a.z);' },
  { name: 'for-in over traced', code: 'for (o.b.x in o.a.nested) {} done(o.b.x);' },
  {
    name: 'for-await head',
    code: 'done((async () => { for await (o.a.x of [Promise.resolve(1), 2]) L("a"); return o.a.x; })());',
  },
  // async / generators
  {
    name: 'await in rhs',
    code: 'done((async () => { o.a.x = await F(Promise.resolve(3)); o.a.x += await 2; return o.a.x; })());',
  },
  { name: 'await in key', code: 'done((async () => { o.a[await "y"] = 1; return o.a.y; })());' },
  {
    name: 'await interleaving',
    code: 'done((async () => { const p = (async () => { o.a.x = (await null, 1); })(); o.a.x = 2; await p; return o.a.x; })());',
  },
  {
    name: 'yield in rhs',
    code: 'function* g() { o.a.x = yield 1; o.a.y += yield 2; return [o.a.x, o.a.y]; } const it2 = g(); it2.next(); it2.next("p"); done(it2.next("q").value);',
  },
  { name: 'yield* in rhs', code: 'function* g() { o.a.x = yield* [1, 2]; return o.a.x; } done([...g()]);' },
  { name: 'async arrow concise', code: 'const f = async () => o.a.x = await 5; done(f());' },
  { name: 'arrow concise body', code: 'const f = () => o.a.x = 5; done([f(), o.a.x]);' },
  { name: 'arrow concise object', code: 'const f = () => ({ r: o.a.x = 5 }); done(f().r);' },
  // re-entrancy
  {
    name: 'recursive function',
    code: 'function r(n) { if (n > 0) o.list[n % 3] = (r(n - 1), n); return n; } r(5); done(o.list);',
  },
  {
    name: 'field initializer re-entrancy',
    code: 'class N { child = (this.h = { v: 0 }, this.h.v = this.d > 0 ? 1 : 0); d = 0; } class M { h = { v: 0 }; x = this.h.v = new N(); } const m = new M(); done([m.h.v instanceof N, m.x instanceof N]);',
  },
  {
    name: 'recursive construction in initializer',
    code: 'let depth = 0; class T { h = { v: null }; x = this.h.v = depth++ < 3 ? new T() : null; } const t = new T(); let n = 0; for (let c = t; c; c = c.h.v) n++; done([n, t.x === t.h.v]);',
  },
  {
    name: 'static initializer',
    code: 'class S { static x = o.a.x = 5; static { o.b.x = 6; } } done([S.x, o.a.x, o.b.x]);',
  },
  {
    name: 'parameter default',
    code: 'function p(a = o.a.x = 4, b = o.a.x += 1) { return [a, b]; } done(p());',
  },
  {
    name: 'parameter default recursion',
    code: 'function p(n, a = n > 0 ? (o.list[n] = p(n - 1)) : 0) { return n + a; } done(p(3));',
  },
  {
    name: 'parameter destructuring default',
    code: 'function p({ a = o.a.x = 2 } = {}) { return a; } done(p());',
  },
  {
    name: 'arguments inside function',
    code: 'function p() { o.a.x = arguments.length; return o.a.x; } done(p(1, 2));',
  },
  { name: 'new.target', code: 'function P() { this.t = new.target === P; } done(new P().t);' },
  // variables
  { name: 'let reassign', code: 'let v = 1; v = F(2); v += 3; v **= 2; done(v);' },
  { name: 'var reassign', code: 'var w = "a"; w += "b"; done(w);' },
  { name: 'let update', code: 'let v = "41"; done([v++, v, ++v]);' },
  { name: 'let bigint update', code: 'let v = 5n; done([v--, v]);' },
  { name: 'let logical', code: 'let v = 0; v ||= 3; v &&= 0; v ??= 4; done(v);' },
  { name: 'rhs reassigns variable', code: 'let v = 1; v = (v = 5, v + 1); done(v);' },
  { name: 'let in loop', code: 'let s = 0; for (let i = 0; i < 3; i++) s += i; done(s);' },
  { name: 'closure over let', code: 'let c = 0; const inc = () => c++; inc(); inc(); done(c);' },
  { name: 'const reassign throws', code: 'const c = 1; c = 2;' },
  { name: 'tdz write throws', code: 'v = F(1); let v;' },
  {
    name: 'destructuring variables',
    code: 'let a1, b1; [a1, b1] = [1, 2]; ({ a1, b1 = 5 } = { a1: 3 }); done([a1, b1]);',
  },
  { name: 'for-of variable head', code: 'let x2; for (x2 of [1, 2]) {} done(x2);' },
  {
    name: 'shadowed names',
    code: 'let v = 1; { let v = 2; v = 3; } function g(v) { v = 4; return v; } done([v, g(0)]);',
  },
  { name: 'global write untouched', code: 'globalThis.gg = 1; gg = 2; done(gg);', modes: ['script'] },
  { name: 'undeclared write sloppy', code: 'undeclared1 = 2; done(typeof undeclared1);', modes: ['script'] },
  { name: 'undeclared write strict', code: '"use strict"; undeclared2 = 2;' },
  // scripts
  {
    name: 'script top-level var stays global',
    code: 'var topv = 1; o.a.x = topv; done(typeof globalThis.topv);',
    modes: ['script'],
  },
  { name: 'script this', code: 'o.a.x = typeof this; done(o.a.x);', modes: ['script'] },
  { name: 'module this', code: 'o.a.x = typeof this; done(o.a.x);', modes: ['module'] },
  // misc expressions containing writes
  { name: 'write in condition', code: 'let n = 0; while ((o.a.x = n++) < 3) {} done(o.a.x);' },
  { name: 'write in ternary', code: 'done(F(true) ? o.a.x = 1 : o.a.x = 2);' },
  { name: 'write in call args', code: 'done(F(o.a.x = 3, o.a.y = 4));' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the snippet is source code containing a template literal
  { name: 'write in template', code: 'done(`${o.a.x = 5}-${o.a.x++}`);' },
  { name: 'write in comma', code: 'done((o.a.x = 1, o.a.x += 2, o.a.x));' },
  { name: 'write in array literal', code: 'done([o.a.x = 1, o.list[0]++]);' },
  { name: 'write in object literal', code: 'done({ p: o.a.x = 1 }.p);' },
  { name: 'write in short-circuit', code: 'done(F(false) && (o.a.x = 5));' },
  { name: 'write typeof', code: 'done(typeof (o.a.x = 3));' },
  { name: 'nested writes in key', code: 'o.a[(o.b.x = "y")] = (o.b.x += "z"); done([o.a.y, o.b.x]);' },
  { name: 'write via non-null', code: 'o.a!.x = 3; o.a!.x! += 1; done(o.a.x);' },
  { name: 'write via as', code: '(o.a as any).x = 3; (o.a.x as any) = 4; done(o.a.x);' },
  { name: 'write via satisfies', code: '(o.a satisfies object as any).x = 3; done(o.a.x);' },
  { name: 'proxy has trap for in', code: 'o.a.x = "x" in o.a; done(o.a.x);' },
  {
    name: 'set on prototype chain setter',
    code: 'const child = Object.create(o.acc); child.v = 5; done([child._v, o.acc._v]);',
  },
  { name: 'set on inherited', code: 'o.proto.inherited = 1; done(o.proto.inherited);' },
  { name: 'set on function', code: 'F.prop = 2; done(F.prop);' },
  { name: 'eval stays direct', code: 'let q = 1; o.a.x = eval("q + 1"); done(o.a.x);', modes: ['script'] },
  { name: 'with statement', code: 'with (o.b) { x = 5; } done(o.b.x);', modes: ['script'] },
  {
    name: 'labels and loops',
    code: 'outer: for (let i = 0; i < 3; i++) { for (;;) { o.list[i] = i; continue outer; } } done(o.list);',
  },
  {
    name: 'switch',
    code: 'switch (F(1)) { case 1: o.a.x = 2; case 2: o.a.x *= 3; break; default: o.a.x = 0; } done(o.a.x);',
  },
  {
    name: 'try finally',
    code: 'function t() { try { return o.a.x = 1; } finally { o.a.x++; } } done([t(), o.a.x]);',
  },
  {
    name: 'getter in class writes',
    code: 'class G { _v = 0; get v() { return this._v; } set v(x) { this._v = x * 2; } } const g = new G(); g.v = 2; g.v += 1; done(g._v);',
  },
  { name: 'static block with temps', code: 'class S { static { let t = o.a; t.x = F(3); } } done(o.a.x);' },
  { name: 'class computed key write', code: 'class S { [o.a.y = "m"]() { return 1; } } done(new S().m());' },
  {
    name: 'instrumented class with private and static',
    code: 'class S { static n = 0; #p = 1; constructor() { S.n++; this.q = this.#p += 1; } } new S(); done([S.n, new S().q]);',
  },
  // constructors (with `classes`, every normal exit of a named class's constructor finishes the instance)
  {
    name: 'constructor returns object',
    code: 'class R { constructor() { return { r: 1 }; } } done(new R().r);',
  },
  {
    name: 'derived constructor returns object without super',
    code: 'class B0 {} class D0 extends B0 { constructor() { return { d: 1 }; } } done(new D0().d);',
  },
  {
    name: 'derived constructor without super throws',
    code: 'class B0 {} class D0 extends B0 { constructor() { L("ctor"); } } new D0();',
  },
  {
    name: 'derived constructor returns primitive',
    code: 'class B0 {} class D0 extends B0 { constructor() { super(); return 1; } } new D0();',
  },
  {
    name: 'early return in constructor',
    code: 'class E0 { constructor(x) { if (x) return; this.y = 1; } } done([new E0(1).y, new E0(0).y]);',
  },
  {
    name: 'default derived constructor passes arguments',
    code: 'class B0 { constructor(a, b) { this.s = a + b; } } class D0 extends B0 {} done([new D0(1, 2).s, D0.length]);',
  },
  {
    name: 'nested function return in constructor',
    code: 'class E0 { constructor() { const f = function () { return 5; }; this.v = f(); } } done(new E0().v);',
  },
  {
    name: 'enum and namespace',
    code: 'enum E { A, B = A + 2 } namespace NS { export let v = 1; v = 2; } done([E.B, NS.v]);',
  },
  {
    name: 'exported let in namespace reassigned',
    code: 'namespace N2 { export let c = 0; export function inc() { c++; c += 1; } } N2.inc(); done(N2.c);',
  },
  // issue 14: language corners (sloppy-only ones run as scripts)
  {
    name: 'with body: writes left alone (scope lookups unchanged)',
    code: 'var sc = new Proxy({ q: 1 }, { has: function (t, key) { L("has " + String(key)); return key === "q"; } }); with (sc) { o.a.x = q + 1; o.b.x += 1; } done([o.a.x, o.b.x]);',
    modes: ['script'],
  },
  {
    name: 'with body whose scope claims every name',
    code: 'var all = new Proxy({}, { has: function () { L("has"); return true; }, get: function (t, key) { return key === Symbol.unscopables ? undefined : o; } }); with (all) { a.x = 3; } done(o.a.x);',
    modes: ['script'],
  },
  {
    name: 'arguments as a destructuring target',
    code: 'var arguments; ({ arguments } = { arguments: 2 }); [arguments] = [arguments + 1]; done(arguments);',
    modes: ['script'],
  },
  {
    name: 'arguments as a for-of target',
    code: 'var arguments; for (arguments of [3, 4]); done(arguments);',
    modes: ['script'],
  },
  { name: 'parenthesised target names no function', code: 'var fn; (fn) = function () {}; done(fn.name);' },
  { name: 'parenthesised ||= names no class', code: 'var fc; (fc) ||= class {}; done(fc.name);' },
  { name: 'parenthesised ??= names no arrow', code: 'var fa; (fa) ??= () => {}; done(fa.name);' },
  {
    name: 'unparenthesised target names the function',
    code: 'var fn; fn = function () {}; fn ||= 1; done(fn.name);',
  },
  { name: 'rest element followed by a comma (array)', code: 'var r; [...r,] = []; done(r);' },
  { name: 'rest element followed by a comma (object)', code: 'var r; ({...r,} = {}); done(r);' },
  { name: 'member rest followed by a comma', code: '[...o.a.x,] = []; done(o.a.x);' },
  { name: 'rest element not last', code: 'var r, q; [...r, q] = []; done(r);' },
  {
    name: 'for (async of …) is a SyntaxError',
    code: 'var async; for (async of [1]); done(async);',
    modes: ['script'],
  },
  { name: 'for ((async) of …) is fine', code: 'var async; for ((async) of [1]); done(async);' },
  {
    name: 'class without runtime still constructs (fallback has trackInstance)',
    code: 'class T0 { v = 1; constructor() { this.w = 2; } } class U0 extends T0 {} done([new T0().w, new U0().v]);',
  },
  // issue 18: writes through mutating calls keep their form and order
  {
    name: 'push with side-effecting arguments',
    code: 'done([o.list.push(F(1), L("b", 2)), o.list.length]);',
  },
  {
    name: 'set and add on collections',
    code: 'const m = new Map(); const st = new Set(); m.set(F("k"), 1).set("j", 2); st.add(F(3)); done([m.size, st.size, m.delete("j")]);',
  },
  {
    name: 'splice and sort with comparator',
    code: 'o.list.splice(F(0), 1, L("x", 9)); o.list.sort((a, b) => a - b); done(o.list.slice());',
  },
  { name: 'optional mutator chain left alone', code: 'const n = null; done([n?.push(1), n?.a.push(F(2))]);' },
  {
    name: 'mutator name on a plain object',
    code: 'const h = { set: function (a, b) { return [this === h, a, b]; } }; done(h.set(F(1), 2));',
  },
  { name: 'spread last argument left alone', code: 'o.list.push(...F([4, 5])); done(o.list.length);' },
];
