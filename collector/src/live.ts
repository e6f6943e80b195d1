/** Records of a session as they are committed, for the Server-Sent Events stream (this process's ingests only). */
import type { IngestRecord } from './ingest/records';

type Listener = (record: IngestRecord) => void;

export class Live {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(session: string, fn: Listener): () => void {
    let set = this.listeners.get(session);
    if (!set) this.listeners.set(session, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(session);
    };
  }

  publish(records: readonly IngestRecord[]): void {
    if (this.listeners.size === 0) return;
    for (const r of records) for (const fn of this.listeners.get(r.session) ?? []) fn(r);
  }
}
