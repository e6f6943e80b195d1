/** Race reports (DESIGN.md, "Causal tracing and races") and the collector's `race` line. */

import type { Frame, Trace } from '../context/scope';
import { typeError } from '../errors';
import type { Site } from '../history/sites';
import { SCHEMA, safeStringify } from '../serialize/json';

export type RaceKind = 'lost-update' | 'check-then-act' | 'unordered-writes';

export interface Access {
  readonly op: 'read' | 'write';
  readonly actor?: string;
  readonly trace?: Trace;
  /** The first frame outside statetrail (needs stacks: detectRaces() takes them by default). */
  readonly site?: Site;
  /** The async stack of the access (V8's `at async` frames included). */
  readonly stack?: string;
}

export interface Race {
  readonly kind: RaceKind;
  readonly label: string;
  readonly path: readonly unknown[];
  /** lost-update / check-then-act: the read, the other write, the write; unordered-writes: both writes. */
  readonly accesses: readonly Access[];
  readonly why: string;
}

/** Who made an access, for `why`: the actor, else the trace, else the async context. */
export function describeAccess(frame: Frame | undefined, event: number): string {
  if (frame?.actor !== undefined) return `actor "${frame.actor}"`;
  if (frame?.trace !== undefined) return `trace ${frame.trace.traceId} span ${frame.trace.spanId}`;
  return `async context #${event}`;
}

const FRAME = /^\s*at (?:.*? \()?(?:async )?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/;

let readSource: ((file: string) => string | undefined) | undefined;

/** The source line of a stack frame, read once per file (Node only; elsewhere the code is empty). */
function sourceLine(file: string, line: number): string {
  if (readSource === undefined) {
    const fs = (
      globalThis as { process?: { getBuiltinModule?: (id: string) => any } }
    ).process?.getBuiltinModule?.('node:fs');
    const cache = new Map<string, string | undefined>();
    readSource = (f) => {
      if (!cache.has(f)) {
        let text: string | undefined;
        try {
          text = fs?.readFileSync(f.startsWith('file://') ? new URL(f) : f, 'utf8');
        } catch {
          text = undefined;
        }
        cache.set(f, text);
      }
      return cache.get(f);
    };
  }
  return readSource(file)?.split('\n')[line - 1]?.trim() ?? '';
}

/** The site of the first frame of a captured stack. */
export function siteOf(stack: string): Site | undefined {
  for (const l of stack.split('\n')) {
    const m = FRAME.exec(l);
    if (m === null || m[1]!.startsWith('node:')) continue;
    const line = Number(m[2]);
    return { file: m[1]!, line, column: Number(m[3]), code: sourceLine(m[1]!, line) };
  }
  return undefined;
}

/** The collector's NDJSON line for a race: `{ schema, kind: "race", time, race }`. */
export function encodeRace(race: Race, time = Date.now()): string {
  if (typeof race !== 'object' || race === null) throw typeError('encodeRace', 'race', 'a race report', race);
  if (!Number.isFinite(time)) throw typeError('encodeRace', 'time', 'ms since the epoch', time);
  return `{"schema":${SCHEMA},"kind":"race","time":${time},"race":${safeStringify(race)}}`;
}
