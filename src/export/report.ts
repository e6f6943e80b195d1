/**
 * Export-time failures are reported, never thrown into the program: to `onObserverError`
 * (configure) when set, else one console.error per exporter and kind of failure. Counting is
 * the exporter's job (its `stats`), so nothing is lost silently even when reports are muted.
 */
import { config } from '../config';

const seen = new WeakMap<object, Set<string>>();

export function reportError(exporter: object, kind: string, error: unknown): void {
  const handler = config.onObserverError;
  if (handler !== undefined) {
    try {
      handler(error, { observer: exporter });
    } catch {
      // a failing handler must not break the exporter either
    }
    return;
  }
  let kinds = seen.get(exporter);
  if (kinds === undefined) seen.set(exporter, (kinds = new Set()));
  if (kinds.has(kind)) return;
  kinds.add(kind);
  try {
    console.error(`statetrail: ${kind} (later errors of this kind are counted, not printed):`, error);
  } catch {
    // no console: the counters still tell
  }
}
