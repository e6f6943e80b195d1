/**
 * Exit hooks: every live exporter is drained synchronously when the process ends, however it
 * ends. `process.exit()` and uncaught exceptions leave room only for synchronous work (the
 * 'exit' event, 'uncaughtExceptionMonitor'), so each exporter registers a `drainSync()`.
 *
 * Signals: Node ends the process on SIGINT/SIGTERM/SIGHUP/SIGQUIT/SIGUSR2 only while nobody listens. If statetrail's
 * listener is the only one, it drains, removes itself and raises the signal again, so the
 * process dies of the same signal with the same exit status as without statetrail. If the
 * program listens too, statetrail drains and leaves the decision to the program.
 *
 * Hooks are installed with the first exporter and removed with the last one. Outside Node
 * (no `process.on`) nothing is installed: call `flush()` yourself.
 */

export interface Drainable {
  /** Writes or spills everything buffered, synchronously. Must not throw. */
  drainSync(reason: ExitReason): void;
  /** The event loop is about to empty on a normal end: asynchronous work may still start. */
  beforeExit?(): void;
}

export type ExitReason = 'exit' | 'uncaughtException' | (typeof SIGNALS)[number];

const live = new Set<Drainable>();
// Every signal whose default action ends the process and that a listener can catch (SIGKILL,
// SIGSTOP and process.abort()'s SIGABRT cannot be drained: what is buffered then is lost).
// SIGUSR2: nodemon's restart; SIGQUIT: the terminal's Ctrl-\.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'] as const;
let installed = false;
/** Set once the process is ending: exporters then write each change synchronously. */
export const ending = { now: false };

type Proc = NodeJS.Process;
function proc(): Proc | undefined {
  const p = (globalThis as { process?: Proc }).process;
  return typeof p?.on === 'function' ? p : undefined;
}

export function drainAll(reason: ExitReason): void {
  for (const d of [...live]) {
    try {
      d.drainSync(reason);
    } catch {
      // drainSync reports its own failures; one exporter must not stop the others
    }
  }
}

const onExit = (): void => {
  ending.now = true;
  drainAll('exit');
};
const onBeforeExit = (): void => {
  for (const d of [...live]) {
    try {
      d.beforeExit?.();
    } catch {
      // the 'exit' drain follows regardless
    }
  }
};
const onCrash = (): void => {
  drainAll('uncaughtException');
};
const onSignal = (signal: (typeof SIGNALS)[number]): void => {
  drainAll(signal);
  const p = proc();
  if (p === undefined) return;
  // The program has a listener of its own: it decides what happens next.
  if (p.listenerCount(signal) > 1) return;
  ending.now = true;
  p.off(signal, onSignal);
  // With no listener left, Node restores the default action: die of the signal as without us.
  p.kill(p.pid, signal);
};

function install(): void {
  const p = proc();
  if (p === undefined || installed) return;
  installed = true;
  p.on('exit', onExit);
  p.on('beforeExit', onBeforeExit);
  p.on('uncaughtExceptionMonitor', onCrash);
  // First in line: the program's own listeners still count when statetrail decides whether to
  // re-raise (a `process.once('SIGTERM', shutdown)` is removed before it is called, so a listener
  // after it would find itself alone and kill the process in the middle of the program's cleanup).
  for (const s of SIGNALS) p.prependListener(s, onSignal as NodeJS.SignalsListener);
}

function uninstall(): void {
  const p = proc();
  if (p === undefined || !installed) return;
  installed = false;
  p.off('exit', onExit);
  p.off('beforeExit', onBeforeExit);
  p.off('uncaughtExceptionMonitor', onCrash);
  for (const s of SIGNALS) p.off(s, onSignal);
}

/** Drains `d` at process end until the returned function is called. */
export function atExit(d: Drainable): () => void {
  live.add(d);
  install();
  return () => {
    live.delete(d);
    if (live.size === 0) uninstall();
  };
}
