/**
 * An app that keeps writing, for outage.test.ts: `node --import tsx writing-app.ts <collector> <spillDir>`.
 * Prints its session id, then `recorded <changes>` every tick; a @tracked Counter and a track()ed
 * object change every tick. When stdin closes it stops writing, prints `done <changes>` and ends
 * normally (the event loop empties: the session's `end` goes out with the last batches).
 */
import { tracked } from '../../../decorators/index';
import { startSession, track } from '../../../src/index';

const TICK_MS = 50;
const PER_TICK = 20; // changes of the Counter per tick: ~400/s, so an outage of a minute overflows the exporter's memory queue

@tracked
class Counter {
  n = 0;
}

const [collector, spillDir] = process.argv.slice(2);
const session = startSession({ product: 'outage', collector: collector!, spillDir, heartbeatMs: 1000 });
process.stdout.write(`${session.id}\n`);
const counter = new Counter();
const progress = track({ ticks: 0 }, { label: 'progress' });
const changes = () => counter.n + progress.ticks;

const tick = setInterval(() => {
  for (let i = 0; i < PER_TICK; i++) counter.n++;
  progress.ticks++;
  process.stdout.write(`recorded ${changes()}\n`);
}, TICK_MS);

process.stdin.on('end', () => {
  clearInterval(tick);
  process.stdout.write(`done ${changes()}\n`);
});
process.stdin.resume();
