/**
 * installCrashHandler(): dumps the crumbs when the process dies of an uncaught exception or an
 * unhandled rejection. It listens to 'uncaughtExceptionMonitor', which Node emits before its own
 * handling and which cannot change it: the usual message, stack and exit code stay the same, and
 * handlers installed before or after this one keep working (statecrumbs chained the hook that
 * existed at import time instead). Install it inside a worker thread to cover that thread.
 */
import { expectPlainOptions, typeError } from '../errors';
import { nodeBuiltin } from '../platform';
import { type Crumb, crumbs } from './crumbs';
import { formatJson, formatText } from './format';

export type CrashTarget = 'stderr' | 'file' | 'none' | ((crumbs: Crumb[], error: unknown) => void);

export interface CrashHandlerOptions {
  to?: CrashTarget;
  /** The file for `to: 'file'`. */
  file?: string;
}

function dump(to: CrashTarget, file: string | undefined, error: unknown): void {
  const list = crumbs();
  if (typeof to === 'function') {
    to(list, error);
    return;
  }
  const fs = nodeBuiltin('node:fs');
  if (to === 'file') {
    fs.writeFileSync(file, formatJson(list));
    return;
  }
  if (to === 'stderr') {
    fs.writeSync(
      2,
      `\nstatetrail: the last ${list.length} crumbs before the crash (oldest first):\n${formatText(list)}\n`,
    );
  }
}

export function installCrashHandler(options: CrashHandlerOptions = {}): () => void {
  if (typeof options !== 'object' || options === null) {
    throw typeError('installCrashHandler', 'options', 'an object like { to, file }', options);
  }
  expectPlainOptions('installCrashHandler', 'options', options, ['to', 'file']);
  const { to = 'stderr', file } = options;
  if (typeof to !== 'function' && !['stderr', 'file', 'none'].includes(to)) {
    throw typeError('installCrashHandler', 'options.to', "'stderr', 'file', 'none' or a function", to);
  }
  if (to === 'file' && (typeof file !== 'string' || file === '')) {
    throw typeError('installCrashHandler', 'options.file', "a file path when to is 'file'", file);
  }
  const proc = (globalThis as { process?: NodeJS.Process }).process;
  if (proc?.on === undefined) return () => {};
  const listener = (error: unknown): void => {
    try {
      dump(to, file, error);
    } catch (failure) {
      try {
        nodeBuiltin('node:fs').writeSync(2, `statetrail: could not dump crumbs: ${String(failure)}\n`);
      } catch {
        // nothing left to try; Node's own report of the crash follows regardless
      }
    }
  };
  proc.on('uncaughtExceptionMonitor', listener);
  return () => {
    proc.off('uncaughtExceptionMonitor', listener);
  };
}
