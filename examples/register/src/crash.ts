/**
 * node --import statetrail/register src/crash.ts
 *
 * Dies of an uncaught error; the crash handler prints the crumbs first (each change with its site),
 * then Node reports the error as usual, its stack naming the .ts line.
 */
import { crumb, installCrashHandler, withActor } from 'statetrail';
import { add, applyCoupon } from './cart.js';

installCrashHandler();
crumb('request', { path: '/checkout' });
withActor('ann', () => add('ink', 1));
applyCoupon('');
