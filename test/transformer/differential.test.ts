import { describe, expect, it } from 'vitest';
import { cases } from './corpus/cases';
import { compile, differential, execute, type Mode } from './harness';

const modes: Mode[] = ['script', 'module'];

describe('differential corpus (hand-written)', () => {
  for (const c of cases) {
    for (const mode of c.modes ?? modes) {
      for (const variables of [false, true]) {
        it(`${c.name} [${mode}${variables ? ', variables' : ''}]`, async () => {
          const { plain, instrumented } = await differential(c.code, mode, {
            variables,
            classes: variables ? '**' : undefined,
          });
          if (instrumented.js.includes('.sites('))
            expect(instrumented.runtime[0]).toMatch(/^sites snippet\.ts \d+$/);
          expect({
            result: instrumented.result,
            error: instrumented.error,
            trace: instrumented.trace,
          }).toEqual({
            result: plain.result,
            error: plain.error,
            trace: plain.trace,
          });
        });
      }
    }
  }
});

describe('differential corpus, no runtime loaded (scripts run on the fallback)', () => {
  for (const c of cases) {
    if (c.modes && !c.modes.includes('script')) continue;
    it(`${c.name} [script, variables, classes, no runtime]`, async () => {
      const { plain, instrumented } = await differential(
        c.code,
        'script',
        { variables: true, classes: '**' },
        { runtime: false },
      );
      expect({ result: instrumented.result, error: instrumented.error, trace: instrumented.trace }).toEqual({
        result: plain.result,
        error: plain.error,
        trace: plain.trace,
      });
    });
  }
});

describe('the harness itself', () => {
  it('sees a double evaluation, a missing get and a changed error', async () => {
    const a = await execute(compile('o.a.x = F(1); done(o.a.x);', 'script', false));
    const b = await execute(compile('o.a.x = (F(1), F(1)); done(o.a.x);', 'script', false));
    expect(a.trace).not.toEqual(b.trace);
    const c = await execute(compile('"use strict"; o.frozen.x = 1;', 'script', false));
    expect(c.error).toMatch(/^TypeError: /);
    const d = await execute(compile('o.frozen.x = 1;', 'script', false));
    expect(d.error).toBeUndefined();
  });
  it('instruments both scripts and modules (and a script stays a script)', async () => {
    for (const mode of ['script', 'module'] as const) {
      const { instrumented } = await differential('o.a.x = 1; done(o.a.x);', mode);
      expect(instrumented.js).toMatch(/__st\$a\w*\(/);
      expect(instrumented.runtime).toEqual(['sites snippet.ts 1']);
      if (mode === 'script') {
        expect(instrumented.js).not.toMatch(/require\(|import /);
        expect(instrumented.js).toContain('Symbol.for("statetrail.runtime")');
      } else expect(instrumented.js).toContain('require("statetrail/runtime")');
    }
  });
  it('changes most of the corpus (the corpus exercises the rewrite)', async () => {
    let changed = 0;
    for (const c of cases)
      if (compile(c.code, 'module', true) !== compile(c.code, 'module', false)) changed++;
    expect(changed / cases.length).toBeGreaterThan(0.85);
  });
});
