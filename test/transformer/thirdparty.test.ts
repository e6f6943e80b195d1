/**
 * zod@4.6.7's own test suite (196 files shipped in its npm package), run plain and instrumented (every
 * .ts file through statetrail/vite, variables on): the same tests must pass. Takes several minutes and
 * needs the npm registry, so it runs only with STATETRAIL_THIRDPARTY=1:
 *
 *   STATETRAIL_THIRDPARTY=1 npx vitest run test/transformer/thirdparty.test.ts
 */
import { describe, expect, it } from 'vitest';
import { runZodSuite } from './thirdparty';

describe.runIf(process.env.STATETRAIL_THIRDPARTY === '1')('zod@4.6.7 test suite, instrumented', () => {
  it('passes exactly as it does uninstrumented', { timeout: 1_800_000 }, () => {
    const plain = runZodSuite(false);
    const instrumented = runZodSuite(true);
    console.log(JSON.stringify({ plain, instrumented }, null, 1));
    expect(plain.passed).toBeGreaterThan(2000);
    expect(instrumented.instrumentedFiles).toBeGreaterThan(50);
    expect({
      passed: instrumented.passed,
      failed: instrumented.failed,
      failures: instrumented.failures.map((f) => f.replace('zod-run-instrumented', 'zod-run-plain')),
    }).toEqual({
      passed: plain.passed,
      failed: plain.failed,
      failures: plain.failures,
    });
  });
});
