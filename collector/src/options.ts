/** Validation of startCollector()/createServer() options; every message names the option and what was expected. */
import { isIP } from 'node:net';
import { optionError } from './errors';

export interface CollectorOptions {
  /** 7340 by default; 0 = any free port. */
  port?: number;
  /** 127.0.0.1 by default; a non-loopback host needs `tokens`. */
  host?: string;
  /** A SQLite file path, ':memory:', or a postgres:// URL; default .statetrail/collector.db. */
  db?: string;
  /** Path of the tokens file: JSON `[{ "token": "…", "scopes": ["ingest", "read"] }]`. */
  tokens?: string;
  /** How long records are kept: `<n>m`, `<n>h` or `<n>d`; default '30d'. */
  retention?: string;
}

export interface Limits {
  /** Largest request body, also after gunzip. */
  bodyBytes: number;
  /** Largest NDJSON line. */
  lineBytes: number;
  /** Ingest requests in flight before 429. */
  concurrentIngests: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 16 * 1024 * 1024,
  lineBytes: 1024 * 1024,
  concurrentIngests: 8,
};

const KNOWN = ['port', 'host', 'db', 'tokens', 'retention', 'store', 'limits', 'lostAfterMs', 'sweepMs'];

export function checkOptions(fn: string, options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`@statetrail/collector: ${fn}: options must be an object, got ${typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) throw optionError(fn, key, `one of ${KNOWN.join(', ')} (unknown option)`, key);
  }
  const o = options as Record<string, unknown>;
  if (
    o.port !== undefined &&
    !(Number.isInteger(o.port) && (o.port as number) >= 0 && (o.port as number) <= 65535)
  ) {
    throw optionError(fn, 'port', 'a whole number from 0 to 65535', o.port);
  }
  for (const name of ['host', 'db', 'tokens'] as const) {
    if (o[name] !== undefined && (typeof o[name] !== 'string' || o[name] === '')) {
      throw optionError(fn, name, 'a non-empty string', o[name]);
    }
  }
  if (
    o.db !== undefined &&
    /^[a-z]+:\/\//i.test(o.db as string) &&
    !/^postgres(ql)?:\/\//i.test(o.db as string)
  ) {
    throw optionError(fn, 'db', 'a SQLite file path or a postgres:// URL', o.db);
  }
  if (o.retention !== undefined) retentionMs(fn, o.retention);
}

/** '30d' → ms. */
export function retentionMs(fn: string, value: unknown): number {
  const m = typeof value === 'string' ? /^(\d+)([mhd])$/.exec(value) : null;
  if (!m || Number(m[1]) === 0)
    throw optionError(fn, 'retention', "a duration like '90m', '12h' or '30d'", value);
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
