/**
 * The corpus against the real core: the instrumented program's change log (path, op, value, old,
 * site line and column) must be what plain JavaScript says happened.
 *
 * - Every op x target of the tables: the expected log is computed from an uninstrumented run of the
 *   same statement on a plain copy of the state (value before and after); the site is where the
 *   statement is in the source.
 * - Every case of corpus/cases.ts, with `o` tracked: the log's path, op, value and old must be the
 *   slots an uninstrumented run over a recording proxy of a plain copy changed (world.ts), unless
 *   the case says why they cannot be (`underived`); each site must point at its code in the case;
 *   and a hand-written case's log must be its `log` data, sites included, and its variables'
 *   changes its `variables` data (reviewed by reading against plain JavaScript: no plain run can
 *   see a variable write).
 */
import { changesOf, history, track } from 'statetrail';
import { beforeEach, describe, expect, it } from 'vitest';
import { cases, handWritten } from './corpus/cases';
import { ASSIGNMENT_OPS, UPDATE_OPS } from './corpus/tables';
import { load } from './load';
import { describeChange, describeSlot, plainRun, trackedRun } from './world';

/** Targets over `t` (tracked) with the path they write. */
const TARGETS: { code: string; path: (string | number)[] }[] = [
  { code: 't.a.x', path: ['a', 'x'] },
  { code: 't.a[key]', path: ['a', 'k'] },
  { code: 't.a["s"]', path: ['a', 's'] },
  { code: 't.list[1]', path: ['list', 1] },
  { code: 't.a.n', path: ['a', 'n'] },
  { code: 't.a.z', path: ['a', 'z'] },
];
const RHS = ['3', "'s'", 'null', '0'];
const state = () => ({ a: { x: 1, k: 'kk', s: '41', n: null as unknown, z: 0 }, list: [10, 20, 30] });

function valueAt(root: any, path: (string | number)[]): unknown {
  return path.reduce((o, k) => o?.[k], root);
}

interface Expected {
  path: (string | number)[];
  op: string;
  value: unknown;
  old: unknown;
  line: number;
  column: number;
}

/** What plain JavaScript does with `statement` on a plain copy: the change it makes, if any. */
function expectedChange(statement: string, target: (typeof TARGETS)[number], column: number): Expected[] {
  const plain = state();
  const before = valueAt(plain, target.path);
  const hadKey = target.path.slice(0, -1).reduce((o: any, k) => o[k], plain);
  const owned = Object.hasOwn(hadKey, target.path.at(-1)!);
  new Function('t', 'key', statement)(plain, 'k');
  const after = valueAt(plain, target.path);
  const parent = target.path.slice(0, -1).reduce((o: any, k) => o[k], plain);
  const deleted = owned && !Object.hasOwn(parent, target.path.at(-1)!);
  if (deleted) return [{ path: target.path, op: 'delete', value: undefined, old: before, line: 2, column }];
  if (Object.is(before, after)) return [];
  return [{ path: target.path, op: 'set', value: after, old: before, line: 2, column }];
}

const statements: { name: string; statement: string; target: (typeof TARGETS)[number] }[] = [];
for (const [ti, target] of TARGETS.entries()) {
  for (const [oi, op] of ASSIGNMENT_OPS.entries()) {
    const rhs = RHS[(ti + oi) % RHS.length]!;
    statements.push({
      name: `${target.code} ${op} ${rhs}`,
      statement: `${target.code} ${op} ${rhs};`,
      target,
    });
  }
  for (const u of UPDATE_OPS) {
    statements.push({ name: `${target.code}${u}`, statement: `${target.code}${u};`, target });
    statements.push({ name: `${u}${target.code}`, statement: `${u}${target.code};`, target });
  }
  statements.push({ name: `delete ${target.code}`, statement: `delete ${target.code};`, target });
}

describe('change log of every corpus write kind, against the real core', () => {
  beforeEach(() => history.clear());
  for (const { name, statement, target } of statements) {
    it(name, () => {
      const source = `export function run(t: any, key: string) {\n  ${statement}\n}\n`;
      const m = load(source, '/proj/src/log.ts');
      const t = track(state());
      m.run(t, 'k');
      const code = statement.slice(0, -1);
      const expected = expectedChange(statement, target, 3).map((e) => ({
        path: e.path,
        op: e.op,
        value: e.value,
        old: e.old,
        site: { file: 'src/log.ts', line: e.line, column: e.column, code },
      }));
      const actual = changesOf(t).map((c) => ({
        path: c.path,
        op: c.op,
        value: c.value,
        old: c.old,
        site: c.site,
      }));
      expect(actual).toEqual(expected);
    });
  }
});

describe('change log of every corpus case, with o tracked by the real core (and option variables)', () => {
  for (const c of cases) {
    for (const mode of c.modes ?? (['script', 'module'] as const)) {
      it(`${c.name} [${mode}]`, async () => {
        const tracked = await trackedRun(c.code, mode, true);
        for (const { site } of tracked.changes) {
          if (site === undefined) continue;
          expect(site.file).toBe('snippet.ts');
          const at = c.code.split('\n')[site.line - 1]!.slice(site.column - 1);
          expect(at.startsWith(site.code), `${site.code} at ${site.line}:${site.column}`).toBe(true);
        }
        if (c.underived === undefined) {
          const plain = await plainRun(c.code, mode);
          expect({ error: tracked.error, log: tracked.changes.map(describeSlot) }).toEqual({
            error: plain.error,
            log: plain.slots.map(describeSlot),
          });
        }
        if (c.log !== undefined) {
          expect(tracked.changes.map(describeChange)).toEqual(c.log);
          expect(tracked.variables).toEqual(c.variables ?? []);
        }
      });
    }
  }
  it('every hand-written case has its log', () => {
    expect(handWritten.filter((c) => c.log === undefined).map((c) => c.name)).toEqual([]);
  });
});
