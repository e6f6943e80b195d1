/** `npm run demo`: runs every example end to end and prints its audit trail. */
import { run as coreAudit } from './core/order-audit';
import { main as decoratorsAudit } from './decorators/audit';

const section = (title: string) => console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}\n`);

section('track(): an order edited by two actors, then reverted');
coreAudit();

section('@tracked classes: an order and its customer, per actor');
for (const [actor, lines] of Object.entries(decoratorsAudit())) {
  console.log(actor);
  for (const line of lines) console.log(`  ${line}`);
}
