/**
 * The generated differential corpus's programs: random assignment expressions over the traced object
 * graph of the harness (fast-check), shared by generated.test.ts (behaviour) and typecheck.test.ts.
 */
import fc from 'fast-check';
import type { Mode } from '../harness';
import { ASSIGNMENT_OPS, UPDATE_OPS, WORLD_TARGETS } from './tables';

const literal = fc.constantFrom(
  '1',
  '0',
  '-2',
  '"s"',
  '""',
  '"41"',
  '3n',
  'null',
  'undefined',
  'true',
  '{}',
  '[]',
  '() => 1',
);
const key = fc.constantFrom('"x"', 'k', 'F("y")', '0', '"z"', 'F("u")', '"f"');
const base = fc.constantFrom(
  'o.a',
  'o.b',
  'o.list',
  'o.frozen',
  'o.getterOnly',
  'o.setterThrows',
  'o.acc',
  'o.sealed',
  'o.a.nested',
  'o[F("a")]',
  'o.proto',
  'o.a.u',
);
const prop = fc.constantFrom('x', 'y', 'z', 'n', 's', 'v', 'f', 'u', 'length', 'deep', 'inherited');
const target = fc.oneof(
  fc.constantFrom(...WORLD_TARGETS),
  fc.tuple(base, prop).map(([b, p]) => `${b}.${p}`),
  fc.tuple(base, key).map(([b, k]) => `${b}[${k}]`),
);
const op = fc.constantFrom(...ASSIGNMENT_OPS);

const { expr } = fc.letrec<{ expr: string; rhs: string }>((tie) => ({
  rhs: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    literal.map((l) => `F(${l})`),
    target,
    fc
      .tuple(fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 2 }), literal)
      .map(([t, l]) => `L("${t}", ${l})`),
    tie('expr'),
  ),
  expr: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(target, op, tie('rhs')).map(([t, o, r]) => `${t} ${o} (${r})`),
    fc
      .tuple(fc.constantFrom(...UPDATE_OPS), target, fc.boolean())
      .map(([u, t, pre]) => (pre ? `${u}${t}` : `${t}${u}`)),
    target.map((t) => `delete ${t}`),
    fc.tuple(target, target, tie('rhs')).map(([a, b, r]) => `([${a}, ${b}] = F([${r}, 2]))`),
    fc.tuple(target, tie('rhs'), tie('rhs')).map(([a, d, r]) => `({ p: ${a} = ${d} } = { p: ${r} })`),
  ),
}));

export const program = fc
  .tuple(
    fc.array(expr, { minLength: 1, maxLength: 4 }),
    fc.boolean(),
    fc.constantFrom<Mode>('script', 'module'),
  )
  .map(([exprs, strict, mode]) => ({
    code: `${strict ? '"use strict";\n' : ''}${exprs.map((e, i) => `const r${i} = ${e};`).join('\n')}\ndone([${exprs.map((_, i) => `r${i}`).join(', ')}]);`,
    mode,
  }));
