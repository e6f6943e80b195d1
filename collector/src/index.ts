/**
 * @statetrail/collector: receives sessions, changes, crumbs, events, metrics and state from many
 * processes, stores them (SQLite or PostgreSQL) and answers the query API (docs/collector.md).
 *
 * Map: options.ts (validation) · server.ts (the fastify app) · routes/ (ingest, query, login) ·
 * ingest/records.ts (NDJSON checks) · store/ (the Store, one module per question, a driver per
 * engine) · state/patch.ts (deep-merge patches as path changes) · ui/ (the web UI, issue 10).
 */
import { optionError } from './errors';
import { type CollectorOptions, checkOptions, isLoopback } from './options';
import { createServer } from './server';

export type { CollectorOptions, Limits } from './options';
export { createServer, type ServerOptions } from './server';
export { openStore, Store } from './store/store';

export interface Collector {
  /** http://host:port it listens on. */
  url: string;
  close(): Promise<void>;
}

export async function startCollector(options: CollectorOptions = {}): Promise<Collector> {
  checkOptions('startCollector', options);
  const host = options.host ?? '127.0.0.1';
  if (options.tokens === undefined && !isLoopback(host)) {
    throw optionError(
      'startCollector',
      'tokens',
      `a tokens file to listen on the non-loopback host ${host}`,
      undefined,
    );
  }
  const { port, host: _host, ...rest } = options;
  const app = await createServer(rest);
  try {
    await app.listen({ port: port ?? 7340, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${actual}`, close: () => app.close() };
}
