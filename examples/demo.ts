/** `npm run demo`: runs every example end to end and prints its audit trail. */
import { run as coreAudit } from './core/order-audit';

const section = (title: string) =>
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}\n`);

section('track(): an order edited by two actors, then reverted');
coreAudit();
