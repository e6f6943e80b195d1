/**
 * An audit trail on disk: every change to an order and an account goes to a JSON Lines file
 * (with who and in which transaction), then `statetrail show` prints it.
 *
 *   node --import tsx examples/export/audit-trail.ts [file.jsonl]
 *   npx statetrail show <file.jsonl> --actor bob --timeline
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonlExporter, subscribe, track, transaction, withActor } from 'statetrail';
import { main, processIO } from '../../cli/main';

const given = process.argv[2];
const file = given ?? path.join(os.tmpdir(), `statetrail-audit-${process.pid}.jsonl`);

// One exporter for the whole process; it drains itself at exit, however the process ends.
const audit = jsonlExporter({ path: file, rotate: { maxBytes: 10 * 1024 * 1024, keep: 3 } });
subscribe(audit);

const order = track(
  { status: 'open', lines: [{ sku: 'BOOK-1', qty: 1 }], total: 12 },
  { label: 'Order#1001' },
);
const account = track({ balance: 100 }, { label: 'Account#7' });

withActor('ann', () => {
  order.lines[0]!.qty = 2;
  order.total = 24;
  audit.crumb('cart updated', { order: 1001 });
});

transaction('checkout', () =>
  withActor('bob', () => {
    account.balance -= order.total;
    order.status = 'paid';
  }),
);

await audit.flush();
console.log(`audit trail: ${file} (${audit.stats.written} lines)\n`);
process.exitCode = await main(['show', file], processIO());
if (given === undefined) fs.rmSync(file); // a trail of the demo's own, not the caller's
