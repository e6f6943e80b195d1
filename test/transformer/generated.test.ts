/**
 * Generated differential corpus: random assignment expressions over the traced object graph of the
 * harness (fast-check). Every sample runs with and without the transformer, as script and module.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { program } from './corpus/generated';
import { differential } from './harness';

describe('differential corpus (generated)', () => {
  it('random write expressions behave exactly as uninstrumented', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(program, async ({ code, mode }) => {
        const { plain, instrumented } = await differential(code, mode, { variables: true });
        expect({
          code,
          result: instrumented.result,
          error: instrumented.error,
          trace: instrumented.trace,
        }).toEqual({
          code,
          result: plain.result,
          error: plain.error,
          trace: plain.trace,
        });
      }),
      {
        numRuns: Number(process.env.STATETRAIL_FC_RUNS ?? 400),
        seed: Number(process.env.STATETRAIL_FC_SEED ?? 20261122),
      },
    );
  });
});
