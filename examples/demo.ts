/**
 * `npm run demo`: the core with its actors, `file:line` sites through the register hook, `@tracked`
 * classes, a crash dump, the JSON Lines file and the collector, each from an example in examples/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Change, describeChange, subscribe } from 'statetrail';
import { run as collectorReport } from './collector/report';
import { run as coreAudit } from './core/order-audit';
import { main as decoratorsAudit } from './decorators/audit';

const section = (title: string) =>
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}\n`);
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs an example in its own process with the register hook, on statetrail's sources (tsx loads
 * those; the hook compiles and instruments the example): what `node --import statetrail/register`
 * does in a project.
 */
function registered(example: string) {
  return spawnSync(
    process.execPath,
    ['--conditions', 'statetrail-source', '--import', 'tsx', '--import', 'statetrail/register', example],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
}

section('track(): an order edited by two actors, then reverted');
coreAudit();

section('file:line on every change: node --import statetrail/register');
const sites = registered('examples/register/src/main.ts');
process.stdout.write(sites.stdout);
if (sites.status !== 0) throw new Error(`examples/register/src/main.ts failed:\n${sites.stderr}`);

section('@tracked classes: an order and its customer, per actor');
// described as each change is made: a value recorded by reference (the customer) changes later
const byActor: Record<string, string[]> = {};
const stop = subscribe((c: Change) => (byActor[c.actor ?? 'unknown'] ??= []).push(describeChange(c)));
decoratorsAudit();
stop();
for (const [actor, lines] of Object.entries(byActor)) {
  console.log(actor);
  for (const line of lines) console.log(`  ${line}`);
}

section('installCrashHandler: a process dies, its last changes are dumped first');
const crash = registered('examples/register/src/crash.ts');
// the dump, then the first lines of Node's own report (the stack names the .ts line)
const report = crash.stderr.split('\n');
const dump = report.findIndex((l) => l.startsWith('statetrail: '));
const error = report.findIndex((l) => l.startsWith('Error: '));
console.log(`exit code ${crash.status}, stderr:`);
console.log(
  [...report.slice(dump, report.indexOf('', dump)), '…', ...report.slice(error, error + 2)].join('\n'),
);

section('jsonlExporter + statetrail show: the audit trail on disk');
// its own process: the exporter drains at exit, as in a real program
execFileSync(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('export/audit-trail.ts', import.meta.url))],
  {
    stdio: 'inherit',
  },
);

section('startSession + the collector: one process reporting, the query API answering');
await collectorReport();
console.log('\nTo browse sessions in the web UI: npx statetrail collect, then open the URL it prints.');
