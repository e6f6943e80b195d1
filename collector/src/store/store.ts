/**
 * The Store: everything the HTTP layer asks of the database, one interface for both engines.
 * `openStore` picks the driver from the `db` option; the SQL lives in the modules named after
 * what they answer (ingest, sessions, timeline, state, metrics, sweeps).
 */
import type { IngestRecord } from '../ingest/records';
import { KnownActors } from './actors';
import { Checkpoints } from './checkpoints';
import type { Db } from './db';
import { ingestRecords } from './ingest';
import { metricSummary } from './metrics';
import { migrate } from './migrate';
import { getSession, health, listSessions } from './sessions';
import { stateAt } from './state';
import { sweepLost, sweepRetention } from './sweeps';
import { histogram, pathHistory, races, timeline, traceChanges } from './timeline';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: never[];
  replayed?: true;
}

export interface Session {
  id: string;
  product: string | null;
  version: string | null;
  host: string | null;
  machineId: string | null;
  pid: number | null;
  runtime: string | null;
  tags: Record<string, string> | null;
  started: number;
  ended: number | null;
  lastSeen: number;
  status: 'active' | 'ended' | 'crashed' | 'hung' | 'lost';
  exitCode: number | null;
  signal: string | null;
  error: unknown;
  heartbeatMs: number | null;
}

export interface SessionQuery {
  product?: string;
  version?: string;
  status?: string[];
  host?: string;
  tag?: [string, string];
  actor?: string;
  event?: string;
  state?: { path: string; value: string };
  since?: number;
  until?: number;
  sort: 'started' | '-started';
  cursor?: [number, string];
  limit: number;
}

export interface TimelineQuery {
  kinds?: string[];
  path?: string;
  label?: string;
  actor?: string;
  tx?: number;
  since?: number;
  until?: number;
  cursor?: [number, number, number];
  limit: number;
}

export interface TimelineItem {
  kind: string;
  time: number;
  data: unknown;
  /** Position for the cursor: [time, source rank, id]. */
  at: [number, number, number];
}

export interface MetricQuery {
  name: string;
  product?: string;
  version?: string;
  session?: string;
  since?: number;
  until?: number;
  groupBy: 'version' | 'session' | 'none';
}

export class Store {
  private readonly caches = { checkpoints: new Checkpoints(), actors: new KnownActors() };
  constructor(readonly db: Db) {}

  get engine(): 'sqlite' | 'postgres' {
    return this.db.engine;
  }

  migrate = () => migrate(this.db);
  ingest = (records: IngestRecord[], key: string | undefined, now: number): Promise<IngestResult> =>
    ingestRecords(this.db, this.caches, records, key, now);
  listSessions = (q: SessionQuery) => listSessions(this.db, q);
  getSession = (id: string) => getSession(this.db, id);
  timeline = (id: string, q: TimelineQuery) => timeline(this.db, id, q);
  stateAt = (id: string, target: { at?: number; seq?: number }) => stateAt(this.db, id, target);
  pathHistory = (id: string, q: { path: string; label?: string; cursor?: number; limit: number }) =>
    pathHistory(this.db, id, q);
  histogram = (id: string, q: { buckets: number; since?: number; until?: number; kinds?: string[] }) =>
    histogram(this.db, id, q);
  traceChanges = (traceId: string, q: { cursor?: [number, number]; limit: number }) =>
    traceChanges(this.db, traceId, q);
  metrics = (q: MetricQuery) => metricSummary(this.db, q);
  health = (product?: string) => health(this.db, product);
  races = (session?: string) => races(this.db, session);
  sweepLost = (now: number) => sweepLost(this.db, now);
  sweepRetention = (cutoff: number, stopped: () => boolean) => sweepRetention(this.db, cutoff, stopped);
  close = () => this.db.close();
}

export async function openStore(db: string): Promise<Store> {
  const driver = /^postgres(ql)?:\/\//i.test(db)
    ? (await import('./postgres')).openPostgres(db)
    : (await import('./sqlite')).openSqlite(db);
  const store = new Store(driver);
  try {
    await store.migrate();
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
  return store;
}
