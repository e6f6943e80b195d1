/**
 * A real third-party TypeScript code base whose tests we did not write: zod@4.6.7 ships its .ts sources
 * and 196 test files (vitest) in its npm package. It is installed at run time into .tmp/zod (npm, cached),
 * copied, and its own test suite is run with vitest once per configuration: plain, and with every .ts
 * file (sources and tests) instrumented by statetrail/vite with default options, with `variables`, and
 * with `variables` + `classes` on every file. Nothing of zod is committed here.
 * (immer's and mobx's npm packages ship no tests, and their sources are not reachable from here.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repo, tmp } from './fixture';

export const ZOD = 'zod@4.6.7';

export function installZod(): string {
  const dir = path.join(tmp, 'zod');
  const pkg = path.join(dir, 'node_modules/zod/package.json');
  if (!fs.existsSync(pkg)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"zod-cache","private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ZOD], {
      cwd: dir,
      stdio: 'ignore',
    });
  }
  return path.dirname(pkg);
}

export interface SuiteResult {
  files: number;
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
  seconds: number;
  instrumentedFiles: number;
}

export const CONFIGURATIONS = {
  plain: undefined,
  default: {},
  variables: { variables: true },
  classes: { variables: true, classes: 'src/**/*.ts' },
} as const;
export type Configuration = keyof typeof CONFIGURATIONS;

export function runZodSuite(configuration: Configuration): SuiteResult {
  const source = installZod();
  const dir = path.join(tmp, `zod-run-${configuration}`);
  const options = CONFIGURATIONS[configuration];
  const instrumented = options !== undefined;
  const pluginOptions = JSON.stringify({ root: dir, ...options });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(source, dir, { recursive: true });
  const counter = path.join(dir, 'instrumented-files.txt');
  const config = path.join(dir, 'vitest.statetrail.config.mts');
  fs.writeFileSync(
    config,
    `import fs from 'node:fs';
import { defineConfig } from 'vitest/config';
${instrumented ? `import statetrail from ${JSON.stringify(path.join(repo, 'transformer/vite.ts'))};\nimport { instrument } from ${JSON.stringify(path.join(repo, 'transformer/instrument.ts'))};` : ''}
const count = ${instrumented ? `{ name: 'count-instrumented', enforce: 'pre', transform(code, id) { if (id.endsWith('.ts') && !id.includes('node_modules') && instrument(code, id, ${pluginOptions}).changed) fs.appendFileSync(${JSON.stringify(counter)}, id + '\\n'); return null; } }` : 'null'};
export default defineConfig({
  root: ${JSON.stringify(dir)},
  plugins: ${instrumented ? `[count, statetrail(${pluginOptions})]` : '[]'},
  resolve: {
    conditions: ['@zod/source'],
    alias: [
      { find: /^statetrail\\/runtime$/, replacement: ${JSON.stringify(process.env.STATETRAIL_RUNTIME ?? path.join(repo, 'src/runtime.ts'))} },
      { find: /^statetrail$/, replacement: ${JSON.stringify(path.join(repo, 'src/index.ts'))} },
    ],
  },
  test: { include: ['src/**/*.test.ts'], typecheck: { enabled: false }, pool: 'threads', maxWorkers: 2, testTimeout: 60000 },
});
`,
  );
  const report = path.join(dir, 'report.json');
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      path.join(repo, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      config,
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 },
  );
  const seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(
    path.join(dir, 'vitest.log'),
    `${run.stdout}\n${run.stderr}\nstatus ${run.status} signal ${run.signal}`,
  );
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  const failures: string[] = [];
  for (const file of json.testResults) {
    if (file.status === 'failed' && file.assertionResults.length === 0)
      failures.push(`${path.relative(dir, file.name)}: ${file.message}`);
    for (const t of file.assertionResults)
      if (t.status === 'failed') failures.push(`${path.relative(dir, file.name)} > ${t.fullName}`);
  }
  const instrumentedFiles = fs.existsSync(counter)
    ? new Set(fs.readFileSync(counter, 'utf8').trim().split('\n')).size
    : 0;
  return {
    files: json.numTotalTestSuites ?? json.testResults.length,
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests + (json.numTodoTests ?? 0),
    failures: failures.sort(),
    seconds,
    instrumentedFiles,
  };
}
