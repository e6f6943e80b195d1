/**
 * The (session, actor) pairs this process has committed to session_actors, so that a batch whose
 * actors are all known skips that insert (a round trip on PostgreSQL). A known pair stays stored:
 * retention removes a session's rows with its sid, and a sid is never handed out again.
 */
const MAX_PAIRS = 100_000;

export class KnownActors {
  private readonly pairs = new Set<string>();

  /** The pairs of `found` (keyed `${sid} ${actor}`) not known to be stored. */
  unknown(found: Map<string, [number, string]>): Map<string, [number, string]> {
    const fresh = new Map<string, [number, string]>();
    for (const [key, pair] of found) if (!this.pairs.has(key)) fresh.set(key, pair);
    return fresh;
  }

  /** After the transaction that inserted them committed. */
  remember(keys: Iterable<string>): void {
    for (const key of keys) {
      if (this.pairs.size >= MAX_PAIRS) this.pairs.clear(); // forgetting only costs an insert that finds the row
      this.pairs.add(key);
    }
  }
}
