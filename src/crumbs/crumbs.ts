/**
 * Breadcrumbs for crash dumps: explicit events (crumb()) interleaved with the most recent
 * changes. Changes are not copied here: they are read from the global history when crumbs are
 * asked for, and the history keeps at least `limit` of them (global.ts), so recording a change
 * costs the crumbs nothing. A count limit and a byte cap both apply, as does `beforeCrumb`.
 */

import { utf8Length } from '../bytes';
import { config } from '../config';
import { currentTrace, type Trace } from '../context/scope';
import { expectBoolean, expectCount, expectFunction, expectPlainOptions, typeError } from '../errors';
import type { Change } from '../history/change';
import { now } from '../history/clock';
import { global, retainAtLeast } from '../history/global';
import { safeStringify, toSerializable } from '../serialize/json';
import { materialize } from '../tracking/materialize';

export interface Crumb {
  readonly kind: 'event' | 'change';
  readonly time: number;
  /** The event name (kind "event"); "change" for changes. */
  readonly event: string;
  /** The event's data, serialised when the crumb was made (kind "event"). */
  readonly data?: unknown;
  /** The change (kind "change"). */
  readonly change?: Change;
  /** The trace the event crumb was made in (kind "event"; changes carry their own). */
  readonly trace?: Trace;
}

interface Stored {
  readonly crumb: Crumb;
  readonly bytes: number;
  /** The newest change seq when the crumb was made: orders crumbs among changes. */
  readonly afterSeq: number;
}

export interface CrumbOptions {
  /** How many crumbs to keep (default 100). */
  limit?: number;
  /** Total serialised size kept (default 256 KiB); the oldest crumbs go first. */
  maxBytes?: number;
  /** Also show every recorded change as a crumb (default true). */
  changes?: boolean;
  /** Inspect or rewrite each event crumb before it is kept; return null to drop it. */
  beforeCrumb?: ((crumb: Crumb) => Crumb | null) | null;
}

const settings = {
  limit: 100,
  maxBytes: 256 * 1024,
  changes: true,
  beforeCrumb: null as CrumbOptions['beforeCrumb'],
};
let events: Stored[] = [];
let eventBytes = 0;
/** Changes up to this seq were cleared from the crumbs. */
let clearedSeq = 0;

retainAtLeast(settings.limit);

/** Called with every event crumb kept (the collector client forwards them); must not throw. */
export const crumbSinks = new Set<(crumb: Crumb) => void>();

export function configureCrumbs(options: CrumbOptions): void {
  if (options === undefined) throw typeError('configureCrumbs', 'options', 'an options object', options);
  expectPlainOptions('configureCrumbs', 'options', options, ['limit', 'maxBytes', 'changes', 'beforeCrumb']);
  if (options.limit !== undefined) expectCount('configureCrumbs', 'limit', options.limit, 1);
  if (options.maxBytes !== undefined) expectCount('configureCrumbs', 'maxBytes', options.maxBytes, 64);
  if (options.changes !== undefined) expectBoolean('configureCrumbs', 'changes', options.changes);
  if (options.beforeCrumb != null) expectFunction('configureCrumbs', 'beforeCrumb', options.beforeCrumb);
  Object.assign(settings, options);
  retainAtLeast(settings.limit);
  trim();
}

function trim(): void {
  while (events.length > settings.limit || (eventBytes > settings.maxBytes && events.length > 0)) {
    eventBytes -= events.shift()!.bytes;
  }
}

/** Records an event crumb. Never throws, whatever it is given. */
export function crumb(event: string, data?: unknown): void {
  try {
    const trace = currentTrace();
    let c: Crumb | null = {
      kind: 'event',
      time: now(),
      event: typeof event === 'string' ? event : `(invalid event: ${safeStringify(event)})`,
      // data is cut to half the byte cap, so the newest crumb always fits
      ...(data === undefined
        ? {}
        : {
            data: toSerializable(data, {
              maxBytes: Math.min(config.maxValueBytes, Math.floor(settings.maxBytes / 2)),
            }),
          }),
      ...(trace === undefined ? {} : { trace }),
    };
    if (settings.beforeCrumb) c = settings.beforeCrumb(c);
    if (c === null || typeof c !== 'object') return;
    const bytes = utf8Length(safeStringify(c));
    const kept = Object.freeze(c);
    events.push({ crumb: kept, bytes, afterSeq: global.lastSeq });
    eventBytes += bytes;
    trim();
    for (const sink of crumbSinks) sink(kept);
  } catch {
    // a crumb is best effort by contract: the caller is usually on an error path already
  }
}

/** The crumbs, oldest first: events and (with `changes: true`) recent changes, interleaved. */
export function crumbs(): Crumb[] {
  const merged: Stored[] = [];
  if (settings.changes) {
    const log = global.log;
    for (let i = Math.max(0, log.size - settings.limit); i < log.size; i++) {
      const { c, i: k } = log.locate(i);
      if (c.seq[k]! <= clearedSeq) continue;
      const change = materialize(c, k);
      merged.push({
        crumb: { kind: 'change', time: change.time, event: 'change', change },
        bytes: 0,
        afterSeq: change.seq - 0.5,
      });
    }
  }
  merged.push(...events);
  merged.sort((a, b) => a.afterSeq - b.afterSeq);
  const out: Crumb[] = [];
  let bytes = 0;
  for (let i = merged.length - 1; i >= 0 && out.length < settings.limit; i--) {
    const s = merged[i]!;
    bytes += s.bytes || utf8Length(safeStringify(s.crumb.change));
    if (bytes > settings.maxBytes && out.length > 0) break;
    out.push(s.crumb);
  }
  return out.reverse();
}

export function clearCrumbs(): void {
  events = [];
  eventBytes = 0;
  clearedSeq = global.lastSeq;
}
