/**
 * `statetrail collect`: runs the collector of the separate package `@statetrail/collector` (a server, a
 * database driver and a web UI that library users never install). Checks the flags, starts it, prints
 * its URL, closes it on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stringFlag, UsageError } from '../args';
import type { Command, CommandIO, Parsed } from '../command';
import { untilStopped } from '../stop';

export const COLLECTOR_PACKAGE = '@statetrail/collector';

/**
 * The options of the collector's startCollector(), restated: the library must not import the optional
 * collector package, not even its types (collector/src/options.ts is the source of truth).
 */
export interface CollectorOptions {
  port?: number;
  host?: string;
  db?: string;
  tokens?: string;
  retention?: string;
}

interface CollectorModule {
  startCollector(options: CollectorOptions): Promise<{ url: string; close(): Promise<void> | void }>;
}

export const command: Command = {
  name: 'collect',
  help: `usage: statetrail collect [--port 7340] [--host 127.0.0.1] [--db <file|postgres://…>] [--tokens <file>] [--retention 30d]

Runs the statetrail collector: ingest, storage, query API and web UI (npm i -D ${COLLECTOR_PACKAGE}).

options:
  --port <n>          port to listen on, 0-65535; 0 = any free port (default 7340)
  --host <address>    address to listen on (default 127.0.0.1; other than loopback needs --tokens)
  --db <file|url>     a SQLite file (default .statetrail/collector.db), :memory:, or a postgres:// URL
  --tokens <file>     the tokens file (JSON); without it the API is open
  --retention <age>   how long records are kept: a whole number with m, h or d (default 30d)
  -h, --help          this text`,
  flags: {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    tokens: { type: 'string' },
    retention: { type: 'string' },
  },
  positionals: false,
  async run(args, io) {
    const options = collectorOptions(args, io.cwd);
    const collector = await loadCollector(COLLECTOR_PACKAGE);
    if (collector === undefined) {
      io.err(
        `statetrail collect: the collector is a separate package, ${COLLECTOR_PACKAGE}, and it is not installed.\n` +
          `Install it next to statetrail:  npm i -D ${COLLECTOR_PACKAGE}`,
      );
      return 1;
    }
    return serve(collector, options, io);
  },
};

/** The flags as startCollector's options; only those given (the collector owns the defaults). */
export function collectorOptions(args: Parsed, cwd: string): CollectorOptions {
  const options: CollectorOptions = {};
  const port = stringFlag(args, 'port');
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65535)
      throw new UsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(port)}`);
    options.port = Number(port);
  }
  const host = stringFlag(args, 'host');
  if (host !== undefined) {
    if (host === '') throw new UsageError('--host must be an address, got ""');
    options.host = host;
  }
  const db = stringFlag(args, 'db');
  if (db !== undefined) {
    if (db === '') throw new UsageError('--db must be a SQLite file, :memory: or a postgres:// URL, got ""');
    options.db = /^postgres(?:ql)?:\/\//.test(db) || db === ':memory:' ? db : path.resolve(cwd, db);
  }
  const tokens = stringFlag(args, 'tokens');
  if (tokens !== undefined) {
    const file = path.resolve(cwd, tokens);
    if (!existsSync(file))
      throw new UsageError(`--tokens must name a tokens file, and ${file} does not exist`);
    options.tokens = file;
  }
  const retention = stringFlag(args, 'retention');
  if (retention !== undefined) {
    if (!/^[1-9]\d*[mhd]$/.test(retention))
      throw new UsageError(
        `--retention must be a whole number with m, h or d (90m, 12h, 30d), got ${JSON.stringify(retention)}`,
      );
    options.retention = retention;
  }
  return options;
}

/**
 * The collector package, or undefined when that package itself is missing (a missing dependency
 * *inside* it, or any other failure, is an error to show as it is).
 */
export async function loadCollector(specifier: string): Promise<CollectorModule | undefined> {
  try {
    return (await import(specifier)) as CollectorModule;
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    const missing =
      (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND') &&
      error.message.includes(`'${specifier}'`);
    if (missing) return undefined;
    throw e;
  }
}

async function serve(collector: CollectorModule, options: CollectorOptions, io: CommandIO): Promise<number> {
  let running: Awaited<ReturnType<CollectorModule['startCollector']>>;
  try {
    running = await collector.startCollector(options);
  } catch (e) {
    // the collector names the bad option in a TypeError or RangeError
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  io.out(`statetrail collector listening on ${running.url}  (Ctrl-C to stop)`);
  await untilStopped(io.signal);
  await running.close();
  io.err('statetrail collect: closed');
  return 0;
}
