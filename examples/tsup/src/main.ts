// The tsc, tsup and vite examples share this file on purpose: each is a project a user copies whole, and
// the three differ only in how they build it (examples/tsup/package.json).
import { history } from 'statetrail';
import { restock, sell } from './inventory.js';

sell('apple', 2, 'till-1');
restock('pear', 5);
restock('kiwi', 1);

for (const c of history.changes()) {
  const where = c.site ? `${c.site.file}:${c.site.line}:${c.site.column}  ${c.site.code}` : '(no site)';
  console.log(`${c.path.join('.')} ${JSON.stringify(c.old)} -> ${JSON.stringify(c.value)}  at ${where}`);
}
