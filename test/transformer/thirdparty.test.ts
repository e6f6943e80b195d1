/**
 * zod@4.6.7's own test suite (196 files shipped in its npm package), run plain and instrumented (every
 * .ts file through statetrail/vite) with default options, `variables`, and `variables` + `classes`:
 * the same tests must pass. Takes minutes per configuration and needs the npm registry, so it runs only
 * with STATETRAIL_THIRDPARTY=1, which `.ci/run` sets after `npm test`:
 *
 *   npm run test:thirdparty
 */
import { describe, expect, it } from 'vitest';
import { type Configuration, runZodSuite, type SuiteResult } from './thirdparty';

const outcome = (r: SuiteResult, configuration: Configuration) => ({
  passed: r.passed,
  failed: r.failed,
  failures: r.failures.map((f) => f.replace(`zod-run-${configuration}`, 'zod-run-plain')),
});

describe.runIf(process.env.STATETRAIL_THIRDPARTY === '1')('zod@4.6.7 test suite, instrumented', () => {
  let plain: SuiteResult;
  it('runs plain', { timeout: 1_800_000 }, () => {
    plain = runZodSuite('plain');
    console.log(JSON.stringify({ plain }));
    expect(plain.passed).toBeGreaterThan(2000);
  });
  for (const configuration of ['default', 'variables', 'classes'] as const) {
    it(`passes exactly as plain with ${configuration}`, { timeout: 1_800_000 }, () => {
      const result = runZodSuite(configuration);
      console.log(JSON.stringify({ [configuration]: result }));
      expect(result.instrumentedFiles).toBeGreaterThan(50);
      expect(outcome(result, configuration)).toEqual(outcome(plain, 'plain'));
    });
  }
});
