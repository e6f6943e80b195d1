/** `npm run demo`: runs every example end to end and prints its audit trail. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run as collectorReport } from './collector/report';
import { run as coreAudit } from './core/order-audit';
import { main as decoratorsAudit } from './decorators/audit';

const section = (title: string) =>
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}\n`);

section('track(): an order edited by two actors, then reverted');
coreAudit();

section('@tracked classes: an order and its customer, per actor');
for (const [actor, lines] of Object.entries(decoratorsAudit())) {
  console.log(actor);
  for (const line of lines) console.log(`  ${line}`);
}

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
