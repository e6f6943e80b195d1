/**
 * Race detection, public side: `configure({ races: true })` for a whole run, `detectRaces(fn)` for
 * one function, `races()`, `onRace()` for exporters, `expectNoRaces()` and a matcher for tests.
 */
import { config, onConfigure } from '../config';
import { expectBoolean, expectFunction, expectPlainOptions, typeError } from '../errors';
import { access } from '../tracking/access';
import { onRead, onWrite, resetSlots, settings } from './detector';
import { start, stop } from './events';
import type { Race } from './report';

export interface DetectOptions {
  /** Capture the async stack (and site) of every access: default true (one stack capture each). */
  stacks?: boolean;
}

/** Races found in `configure({ races: true })` mode; the oldest go beyond this many. */
const KEPT = 1000;
const found: Race[] = [];
const sessions = new Set<Race[]>();
const listeners = new Set<(race: Race) => void>();
let users = 0;
let stackUsers = 0;
let configured = false;

settings.report = (race) => {
  if (configured) {
    if (found.length >= KEPT) found.shift();
    found.push(race);
  }
  for (const s of sessions) s.push(race);
  for (const l of listeners) {
    try {
      l(race);
    } catch (error) {
      config.onObserverError?.(error, { observer: l });
    }
  }
};

function engage(stacks: boolean): void {
  if (stacks) stackUsers++;
  settings.stacks = stackUsers > 0 || config.captureStack;
  if (users === 0) start(); // throws outside Node, before anything is counted
  if (users++ > 0) return;
  access.read = onRead;
  access.write = onWrite;
  access.on = true;
}

function disengage(stacks: boolean): void {
  if (stacks) stackUsers--;
  settings.stacks = stackUsers > 0 || config.captureStack;
  if (--users > 0) return;
  access.on = false;
  stop();
  resetSlots();
}

onConfigure(() => {
  if (config.races === configured) return;
  configured = config.races;
  if (configured) engage(false);
  else disengage(false);
});

/** Runs `fn` (sync or async) with race detection on; resolves to the races found meanwhile. */
export async function detectRaces(fn: () => unknown, options?: DetectOptions): Promise<Race[]> {
  expectFunction('detectRaces', 'fn', fn);
  expectPlainOptions('detectRaces', 'options', options, ['stacks']);
  if (options?.stacks !== undefined) expectBoolean('detectRaces', 'options.stacks', options.stacks);
  const stacks = options?.stacks ?? true;
  const session: Race[] = [];
  engage(stacks);
  sessions.add(session);
  try {
    await fn();
  } finally {
    sessions.delete(session);
    disengage(stacks);
  }
  return session;
}

/** The races found so far in `configure({ races: true })` mode, oldest first. */
export function races(): Race[] {
  return [...found];
}

export function clearRaces(): void {
  found.length = 0;
}

/** Calls `listener` with every race found (in either mode); returns the unsubscribe function. */
export function onRace(listener: (race: Race) => void): () => void {
  expectFunction('onRace', 'listener', listener);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The text of a list of races, one paragraph each. */
export function formatRaces(list: readonly Race[]): string {
  if (!Array.isArray(list as unknown)) throw typeError('formatRaces', 'list', 'an array of races', list);
  return list
    .map((r) => {
      const sites = r.accesses
        .map(
          (a) =>
            `  ${a.op}${a.actor ? ` by ${a.actor}` : ''}${a.site ? ` at ${a.site.file}:${a.site.line}` : ''}`,
        )
        .join('\n');
      return `${r.kind} on ${r.label}.${r.path.map(String).join('.')}: ${r.why}\n${sites}`;
    })
    .join('\n\n');
}

/** Test helper: runs `fn` like detectRaces() and throws naming every race found. */
export async function expectNoRaces(fn: () => unknown, options?: DetectOptions): Promise<void> {
  const list = await detectRaces(fn, options);
  if (list.length > 0)
    throw new Error(`statetrail: expected no races, found ${list.length}:\n${formatRaces(list)}`);
}

/** `expect.extend(raceMatchers)` (Vitest, Jest): `await expect(fn).toHaveNoRaces()`. */
export const raceMatchers = {
  async toHaveNoRaces(received: unknown) {
    if (typeof received !== 'function') throw typeError('toHaveNoRaces', 'received', 'a function', received);
    const list = await detectRaces(received as () => unknown);
    return {
      pass: list.length === 0,
      message: () =>
        list.length === 0
          ? 'expected races, found none'
          : `expected no races, found ${list.length}:\n${formatRaces(list)}`,
    };
  },
};
