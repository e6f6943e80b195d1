// crumbs.ts — run with npx tsx crumbs.ts
import assert from 'node:assert/strict';
import { configureCrumbs, crumb, crumbs, formatText, installCrashHandler, track } from 'statetrail';

configureCrumbs({ limit: 200, maxBytes: 64 * 1024 }); // a count limit and a byte cap
const uninstall = installCrashHandler({ to: 'stderr' }); // dumps crumbs on a crash, changes nothing else

const job = track({ state: 'queued' }, { label: 'job-42' });
crumb('job picked', { worker: 3 });
job.state = 'running';

const text = formatText(crumbs());
assert.match(text, /job picked {2}\{"worker":3\}/);
assert.match(text, /job-42\.state: "queued" -> "running"/);
uninstall();
