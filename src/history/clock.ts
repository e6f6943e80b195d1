/**
 * A wall clock that costs one shared-memory load and one compare instead of a precise reading
 * (`performance.timeOrigin + performance.now()`) per change.
 *
 * Measured on the 2-core CI machine kind (Node 20, AMD EPYC): `Date.now()` ~41 ns,
 * `performance.timeOrigin + performance.now()` ~62 ns, `now()` below ~1 ns (bench/tools/clocks.ts).
 * A worker thread writes the epoch time (ms, with fraction) into shared memory every 0.25 ms, so a
 * reading is at most ~0.3 ms old while the ticking thread gets CPU time. The worker computes the
 * time from the main thread's offset over the process-wide monotonic clock, so a tick is never
 * earlier than a precise reading the main thread made before it.
 *
 * Zero in the shared slot means "no ticked time": not started, unavailable (no workers or
 * SharedArrayBuffer: every reading is precise), or asleep. Once a second the worker writes zero and
 * sleeps; the next reading takes the precise clock and wakes it, and the readings until its first tick
 * repeat that reading, for up to 50 ms (a fresh precise reading there could be later than a tick the
 * worker computed before it and stores after it: seen 7 µs back on a loaded machine). So the
 * worker is unref'd (never keeps the process alive) and stops within a second of the last reading.
 * Readings do not go back in time: the offset is within a sample's width of the true one
 * (clockOffset), and the last precise reading is a floor for the ticks after it, so the microseconds
 * that width leaves do not show at the switch from precise readings back to ticks (10 µs steps back
 * were seen before the floor). Left: while the worker boots (the first milliseconds of the process),
 * readings are precise, and one that falls between the first tick's read of the floor and its store
 * can be later than that tick (0.7-1.0 µs seen; 0.23 ms once on a loaded machine).
 */

const TICK_MS = 0.25;
const TICKS_AWAKE = 4000; // one second, then the worker sleeps until a reader wakes it
// Int32 slots after the Float64 time, then the Float64 floor: the last precise reading
const WOKEN = 0; // set by a reader that found the worker asleep
const NEVER = 1; // a slot that never changes: the worker waits on it to sleep for one tick
const SLEPT = 2; // set by the worker before its first sleep: a wake-up is an answer, not a boot
const WAKE_WAIT_MS = 50;

const TICKER = `
const { workerData } = require('node:worker_threads');
const time = new Float64Array(workerData.shared, 0, 1);
const flags = new Int32Array(workerData.shared, 8, 4);
const floor = new Float64Array(workerData.shared, 24, 1);
const offset = workerData.offset;
for (;;) {
  for (let i = 0; i < ${TICKS_AWAKE}; i++) {
    const t = offset + Number(process.hrtime.bigint()) / 1e6;
    time[0] = t > floor[0] ? t : floor[0];
    Atomics.wait(flags, ${NEVER}, 0, ${TICK_MS});
  }
  Atomics.store(flags, ${SLEPT}, 1);
  Atomics.store(flags, ${WOKEN}, 0);
  time[0] = 0;
  Atomics.wait(flags, ${WOKEN}, 0);
}`;

const precise: () => number =
  typeof performance !== 'undefined' ? () => performance.timeOrigin + performance.now() : Date.now;

const shared = typeof SharedArrayBuffer === 'undefined' ? null : new SharedArrayBuffer(32);
/** The ticked time, or 0 (see above). */
const time = new Float64Array(shared ?? new ArrayBuffer(8), 0, 1);
let flags: Int32Array | null = null;
const floor = new Float64Array(shared ?? new ArrayBuffer(8), shared === null ? 0 : 24, 1);

/**
 * The epoch time minus the monotonic clock, as precise readings see it. One sample is too small by
 * however long this thread was preempted between its two reads (49 ms was seen on a loaded machine,
 * and every tick then came out earlier than the precise readings before it); each sample is at most the
 * true offset, so the largest of a few is within a sample's width of it.
 */
export function clockOffset(monotonic: () => number, samples = 16): number {
  let best = -Infinity;
  for (let i = 0; i < samples; i++) best = Math.max(best, precise() - monotonic());
  return best;
}

function start(): void {
  const builtin = (globalThis as { process?: { getBuiltinModule?: (id: string) => any } }).process
    ?.getBuiltinModule;
  const threads = builtin?.('node:worker_threads');
  const hrtime = (globalThis as { process?: { hrtime?: { bigint(): bigint } } }).process?.hrtime;
  if (!threads || !hrtime || shared === null) return;
  try {
    const offset = clockOffset(() => Number(hrtime.bigint()) / 1e6);
    const worker = new threads.Worker(TICKER, {
      eval: true,
      workerData: { shared, offset },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    worker.on('error', () => {
      flags = null; // the worker is gone: from now on every reading is precise
      time[0] = 0;
    });
    flags = new Int32Array(shared, 8, 4);
  } catch {
    flags = null;
  }
}

/**
 * Milliseconds since the epoch. The array is a const of the reader's factory, so optimised code
 * embeds it (a module binding would be loaded and map-checked per reading, see record.ts).
 */
function reader(ticked: Float64Array, slow: () => number): () => number {
  const slot = ticked;
  const fallback = slow;
  return () => {
    const t = slot[0]!;
    return t !== 0 ? t : fallback();
  };
}

export const now: () => number = reader(time, wake);

function wake(): number {
  const t = precise();
  // Woken from a sleep and its first tick not stored yet: repeat the reading that woke it, since a newer
  // one could be later than that tick (computed before it, stored after it: 7 µs back under load). For
  // at most WAKE_WAIT_MS, so that a worker that never ticks again cannot stop the clock.
  if (
    flags !== null &&
    Atomics.load(flags, WOKEN) === 1 &&
    Atomics.load(flags, SLEPT) === 1 &&
    t - floor[0]! < WAKE_WAIT_MS
  )
    return floor[0]!;
  floor[0] = t; // before the wake-up, so the worker's first tick reads it
  if (flags !== null) {
    Atomics.store(flags, WOKEN, 1);
    Atomics.notify(flags, WOKEN);
  }
  return t;
}

// Started with the module, not at the first reading: the worker needs some milliseconds to boot, and
// readings taken until it ticks would teach V8 to inline the precise clock into every writer.
start();
