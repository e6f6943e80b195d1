/**
 * The session's worker thread, for the two things the main thread cannot do itself:
 * - notice that its event loop stopped turning: the main thread bumps a shared counter every
 *   `hangMs / 4`; when the worker sees it unchanged for `hangMs`, it POSTs a `hung` line to the
 *   collector while the main thread is still blocked, and `recovered` once it turns again;
 * - deliver the last batches while the process ends (process.exit(), a crash): the 'exit' event
 *   allows only synchronous work, so the main thread hands the batches over and waits on shared
 *   memory (Atomics.wait, bounded) while the worker sends them.
 * The worker is unref'd: it never keeps the process alive.
 */
import { optionalBuiltin } from '../platform';

const TICKS = 0; // Int32 slot the main thread bumps while its loop turns
const DONE = 1; // Int32 slot the worker bumps after each hand-over was answered

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { url, headers, session, hangMs } = workerData;
const flags = new Int32Array(workerData.shared);
let seen = Atomics.load(flags, ${TICKS});
let since = Date.now();
let hung = false;
const { randomUUID } = require('node:crypto');
function post(body, key = randomUUID()) {
  const h = { 'content-type': 'application/x-ndjson', ...headers, 'idempotency-key': key };
  return fetch(url, { method: 'POST', headers: h, body, redirect: 'manual', signal: AbortSignal.timeout(4000) })
    .then((r) => r.arrayBuffer().then(() => r.status >= 200 && r.status < 300), () => false)
    .catch(() => false);
}
function line(kind, fields) {
  return JSON.stringify({ schema: 1, kind, session, time: Date.now(), ...fields }) + '\\n';
}
setInterval(() => {
  const now = Atomics.load(flags, ${TICKS});
  if (now !== seen) {
    if (hung) void post(line('recovered', { ms: Date.now() - since }));
    seen = now;
    since = Date.now();
    hung = false;
  } else if (!hung && Date.now() - since >= hangMs) {
    hung = true;
    void post(line('hung', { ms: Date.now() - since }));
  }
}, Math.max(10, Math.floor(hangMs / 4)));
parentPort.on('message', async (batches) => {
  const ok = [];
  for (const b of batches) if (await post(b.body, b.key)) ok.push(b.key);
  workerData.port.postMessage(ok);
  Atomics.add(flags, ${DONE}, 1);
  Atomics.notify(flags, ${DONE});
});
`;

export interface Watchdog {
  /** Sends batches from the worker and waits (blocking, at most `waitMs`); returns the keys acknowledged. */
  sendSync(batches: ReadonlyArray<{ key: string; body: string }>, waitMs: number): Set<string>;
  stop(): void;
}

export function startWatchdog(
  url: string,
  headers: Record<string, string>,
  session: string,
  hangMs: number,
): Watchdog | null {
  const threads = optionalBuiltin('node:worker_threads');
  if (threads === undefined || typeof SharedArrayBuffer === 'undefined') return null;
  const shared = new SharedArrayBuffer(8);
  const flags = new Int32Array(shared);
  // Replies come through a port of our own: receiveMessageOnPort reads it without the event loop.
  const { port1, port2 } = new threads.MessageChannel();
  port1.unref();
  const worker = new threads.Worker(WORKER, {
    eval: true,
    workerData: { url, headers, session, hangMs, shared, port: port2 },
    transferList: [port2],
    stdout: false,
    stderr: false,
  });
  worker.unref();
  worker.on('error', () => {}); // a broken watchdog must not take the program down
  const beat = setInterval(() => Atomics.add(flags, TICKS, 1), Math.max(5, Math.floor(hangMs / 4)));
  beat.unref?.();
  return {
    sendSync(batches, waitMs) {
      if (batches.length === 0) return new Set();
      const done = Atomics.load(flags, DONE);
      worker.postMessage(batches);
      const deadline = Date.now() + waitMs;
      while (Atomics.load(flags, DONE) === done && Date.now() < deadline) {
        Atomics.wait(flags, DONE, done, deadline - Date.now());
      }
      const answer = threads.receiveMessageOnPort(port1);
      return new Set<string>(Array.isArray(answer?.message) ? answer.message : []);
    },
    stop() {
      clearInterval(beat);
      void worker.terminate();
    },
  };
}
