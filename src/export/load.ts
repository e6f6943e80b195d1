/**
 * loadObservers(): observers and exporters from configuration — a JSON list of
 * `{ "type": ..., "options": {...} }`, given as a value or as the path of a JSON file. The shape
 * of every entry is checked before anything is built; options are checked by each factory. Errors
 * name the entry, the field and the accepted values, and when an entry fails the observers built
 * for earlier entries are shut down again.
 */
import { describe, readArg } from '../errors';
import { nodeBuiltin } from '../platform';
import type { ChangeObserver } from '../tracking/dispatch';
import { httpExporter } from './http';
import { jsonlExporter } from './jsonl';
import { consoleExporter, pinoExporter } from './loggers';
import { otelExporter } from './otel';

export interface ObserverConfig {
  type: 'jsonl' | 'http' | 'otel' | 'console' | 'pino';
  options?: Record<string, unknown>;
}

const FACTORIES: Record<ObserverConfig['type'], (options: any) => ChangeObserver> = {
  jsonl: (o) => jsonlExporter(o),
  http: (o) => httpExporter(o),
  otel: (o) => otelExporter(o),
  console: (o) => consoleExporter(o),
  pino: (o) => {
    const { logger, ...rest } = o ?? {};
    return pinoExporter(logger, rest);
  },
};
const TYPES = Object.keys(FACTORIES) as Array<ObserverConfig['type']>;
/** Types whose options are required. */
const REQUIRED: Partial<Record<ObserverConfig['type'], string>> = {
  jsonl: '{ "path": ... }',
  http: '{ "url": ... }',
  pino: '{ "logger": <a pino logger> } (pass the list as a value: a JSON file cannot hold a logger)',
};
const FN = 'loadObservers';

function fail(where: string, message: string): never {
  throw new TypeError(`statetrail: ${FN}: ${where}: ${message}`);
}

function readList(config: unknown): { list: unknown; source: string } {
  if (typeof config !== 'string') return { list: config, source: 'config' };
  const fs = nodeBuiltin('node:fs');
  let text: string;
  try {
    text = fs.readFileSync(config, 'utf8');
  } catch (error) {
    throw new Error(`statetrail: ${FN}: cannot read ${config}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return { list: JSON.parse(text), source: config };
  } catch (error) {
    throw new SyntaxError(`statetrail: ${FN}: ${config} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Builds the observers a configuration lists, in order; subscribe each (or pass them to your
 * own filters). Accepts the list itself, `{ "observers": [...] }`, or a JSON file holding either.
 */
export function loadObservers(
  config: string | readonly ObserverConfig[] | { observers: readonly ObserverConfig[] },
): ChangeObserver[] {
  const { list: raw, source } = readList(config);
  const list = readArg('loadObservers', 'config', () =>
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'observers' in raw
      ? (raw as { observers: unknown }).observers
      : raw,
  );
  if (!Array.isArray(list)) {
    fail(
      source,
      `must be a list of { "type", "options" } entries (or { "observers": [...] }), got ${describe(list)}`,
    );
  }
  const entries = list.map((entry: unknown, i: number) => {
    const where = `${source === 'config' ? '' : `${source} `}entry ${i}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      fail(
        where,
        `must be an object like { "type": "jsonl", "options": { "path": "audit.jsonl" } }, got ${describe(entry)}`,
      );
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (key !== 'type' && key !== 'options')
        fail(where, `unknown field ${JSON.stringify(key)}; fields are type, options`);
    }
    if (typeof e.type !== 'string' || !TYPES.includes(e.type as ObserverConfig['type'])) {
      fail(
        where,
        `type must be one of ${TYPES.map((t) => JSON.stringify(t)).join(', ')}, got ${describe(e.type)}`,
      );
    }
    const type = e.type as ObserverConfig['type'];
    if (
      e.options !== undefined &&
      (typeof e.options !== 'object' || e.options === null || Array.isArray(e.options))
    ) {
      fail(`${where} (type "${type}")`, `options must be an object, got ${describe(e.options)}`);
    }
    if (e.options === undefined && REQUIRED[type] !== undefined) {
      fail(`${where} (type "${type}")`, `options are required: ${REQUIRED[type]}`);
    }
    return { where: `${where} (type "${type}")`, type, options: e.options };
  });
  const built: ChangeObserver[] = [];
  try {
    for (const { where, type, options } of entries) {
      try {
        built.push(FACTORIES[type](options));
      } catch (error) {
        const message = String((error as Error)?.message ?? error).replace(/^statetrail: /, '');
        throw new TypeError(`statetrail: ${FN}: ${where}: ${message}`, { cause: error });
      }
    }
  } catch (error) {
    // Nothing half-built stays behind: close what the earlier entries opened.
    for (const o of built) void Promise.resolve(o.shutdown?.()).catch(() => undefined);
    throw error;
  }
  return built;
}
