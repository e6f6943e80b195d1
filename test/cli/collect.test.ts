import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCollector } from '../../cli/commands/collect';
import { cli, tempDir } from './run';

const dir = tempDir('st-collect-');

describe('statetrail collect', () => {
  it('checks its flags before loading the collector', async () => {
    const cases: [string[], string][] = [
      [['--port', '70000'], '--port must be a whole number from 0 to 65535, got "70000"'],
      [
        ['--port', '-1'],
        "Option '--port' argument is ambiguous. Did you forget to specify the option argument for '--port'? To specify an option argument starting with a dash use '--port=-XYZ'.",
      ],
      [['--port', 'http'], '--port must be a whole number from 0 to 65535, got "http"'],
      [
        ['--retention', '30 days'],
        '--retention must be a whole number with m, h or d (90m, 12h, 30d), got "30 days"',
      ],
      [['--retention', '0d'], '--retention must be a whole number with m, h or d'],
      [
        ['--tokens', 'none.json'],
        `--tokens must name a tokens file, and ${path.join(dir, 'none.json')} does not exist`,
      ],
      [['--db', ''], '--db must be a SQLite file, :memory: or a postgres:// URL, got ""'],
      [['--prot', '1'], 'unknown option --prot; did you mean --port?'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['collect', ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
    }
  });

  it('tells a missing collector package apart from a failure inside it', async () => {
    expect(await loadCollector('@statetrail/collector-not-installed')).toBeUndefined();
    // a package that is there but misses its own dependency: that error is shown as it is
    const broken = path.join(dir, 'broken.mjs');
    fs.writeFileSync(
      broken,
      "import 'statetrail-no-such-dependency';\nexport const startCollector = () => {};\n",
    );
    await expect(loadCollector(pathToFileURL(broken).href)).rejects.toThrow(/statetrail-no-such-dependency/);
  });
});
