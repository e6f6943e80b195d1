// observers.ts — run with npx tsx observers.ts
import assert from 'node:assert/strict';
import { ChangeCollector, changeStream, observe, subscribe, track } from 'statetrail';

const settings = track({ theme: 'light', limits: { daily: 10 } });

const recent = new ChangeCollector({ capacity: 100 });
const stopAll = subscribe(recent); // every change anywhere
const stopOne = observe(settings.limits, (change) => {
  assert.deepEqual(change.path, ['limits', 'daily']); // paths are from the root
});
const stream = changeStream({ op: 'set' }, { capacity: 1000 });

settings.limits.daily = 20;
settings.theme = 'dark';

assert.equal(recent.asList().length, 2);
assert.equal((await stream.next()).value.value, 20);
stream.close();
stopOne();
stopAll();
