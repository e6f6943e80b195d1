import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo, tempDir } from './run';

const root = tempDir('st-build-');

function project(name: string): string {
  const dir = path.join(root, name);
  fs.cpSync(path.join(repo, 'test/fixtures/transformer/tsc'), dir, { recursive: true });
  return dir;
}

describe('statetrail build', { timeout: 120_000 }, () => {
  it('emits the project instrumented; diagnostics carry no ANSI colour when stderr is not a terminal', async () => {
    const dir = project('plain');
    fs.appendFileSync(path.join(dir, 'src/account.ts'), '\nexport const wrong: number = "x";\n');
    const r = await cli(['build', '-p', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error TS2322');
    expect(r.err).not.toContain('\x1b[');
    expect(fs.readFileSync(path.join(dir, 'dist/account.js'), 'utf8')).toContain(
      '__st$a$(__st$s$ + 1, amount - fee)',
    );
    const coloured = await cli(['build', '-p', dir], { color: true });
    expect(coloured.err).toContain('\x1b[');
  });

  it('--noEmitOnError emits nothing when there are errors', async () => {
    const dir = project('no-emit');
    fs.appendFileSync(path.join(dir, 'src/account.ts'), '\nexport const wrong: number = "x";\n');
    const r = await cli(['build', '-p', dir, '--noEmitOnError']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('emit skipped (1 error(s), --noEmitOnError)');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('--watch rebuilds when a source changes, until stopped', async () => {
    const dir = project('watch');
    const stop = new AbortController();
    const account = path.join(dir, 'src/account.ts');
    const built = path.join(dir, 'dist/account.js');
    const watching = cli(['build', '-w', '-p', dir], { signal: stop.signal });
    // what it wrote tells when a build is done
    const waitFor = (test: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => (test() ? resolve() : setTimeout(check, 50));
        check();
      });
    await waitFor(() => fs.existsSync(built));
    fs.appendFileSync(account, '\nexport const added = 1;\n');
    await waitFor(() => fs.readFileSync(built, 'utf8').includes('added'));
    stop.abort();
    const r = await watching;
    expect(r.code).toBe(0);
    expect(r.err.match(/Watching for file changes/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('says which tsconfig it could not read', async () => {
    const r = await cli(['build', '-p', path.join(root, 'none')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot read ${path.join(root, 'none')}`);
  });
});
