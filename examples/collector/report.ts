/**
 * The collector in one process: starts an embedded collector on a free port with a temporary
 * SQLite file, runs app.ts against it as a real child process, then prints what the query API
 * answers about that session.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startCollector } from '../../collector/src/index';

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'statetrail-demo-'));
  const collector = await startCollector({ port: 0, db: join(dir, 'collector.db') });
  try {
    const app = fileURLToPath(new URL('app.ts', import.meta.url));
    // Asynchronously: the collector runs on this process's event loop, so a blocking execFileSync
    // would leave every request of the app unanswered until it gave up and exited.
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', app, collector.url]);
    process.stdout.write(child.stdout);
    process.stderr.write(child.stderr);
    const get = async (path: string) => (await fetch(new URL(path, collector.url))).json() as Promise<any>;
    const { sessions } = await get('/v1/sessions?product=shop');
    const session = sessions[0];
    console.log(`session ${session.id}: ${session.product} ${session.version}, ${session.status}`);
    const state = await get(`/v1/sessions/${session.id}/state`);
    console.log('state now:', JSON.stringify(state.state), '| order:', JSON.stringify(state.objects.order));
    const { changes } = await get(`/v1/sessions/${session.id}/paths?path=status&label=order`);
    for (const c of changes)
      console.log(`order.status ${JSON.stringify(c.old)} -> ${JSON.stringify(c.value)} by ${c.actor}`);
    const { items } = await get(`/v1/sessions/${session.id}/timeline?kind=event,metric`);
    for (const item of items) console.log(`${item.kind}: ${item.data.name}`);
    const { releases } = await get('/v1/health?product=shop');
    for (const r of releases)
      console.log(
        `health ${r.product} ${r.version}: ${r.sessions} session(s), crash-free ${r.crashFreeRate}`,
      );
  } finally {
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
