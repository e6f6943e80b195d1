/**
 * node --import statetrail/register src/main.ts
 *
 * Prints each change with the file:line that made it, then the stack frame of an error: the .ts line.
 */
import { history } from 'statetrail';
import { add, applyCoupon, Checkout } from './cart.js';

add('pen', 2);
new Checkout().pay();
applyCoupon('WELCOME');

for (const c of history.changes()) {
  const where = c.site ? `${c.site.file}:${c.site.line}` : '(no site)';
  console.log(`${where}  ${c.label}.${c.path.join('.')}: ${c.site?.code}`);
}
try {
  applyCoupon('');
} catch (e) {
  console.log((e as Error).stack?.split('\n')[1]?.trim());
}
