/** The query API as the reliability tests read it: GET as JSON, poll until a condition holds, page through a timeline. */

export async function getJson(base: string, route: string): Promise<any> {
  const response = await fetch(`${base}${route}`);
  if (!response.ok) throw new Error(`GET ${route}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The session as the query API has it, or null while the collector does not know it. */
export async function sessionOf(base: string, id: string): Promise<any | null> {
  const response = await fetch(`${base}/v1/sessions/${id}`);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET session ${id}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Calls `probe` every `everyMs` until it returns something other than undefined/false/null; fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      last = error; // e.g. the collector restarting: try again
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Every timeline item of the given kinds (comma list), all pages, in the timeline's order. */
export async function timelineOf(base: string, id: string, kinds: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await getJson(
      base,
      `/v1/sessions/${id}/timeline?kind=${kinds}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.next;
  } while (cursor !== null);
  return items;
}

/** Every change of one path of one label, all pages, in the order the collector stored them. */
export async function pathHistoryOf(base: string, id: string, path: string, label: string): Promise<any[]> {
  const changes: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await getJson(
      base,
      `/v1/sessions/${id}/paths?path=${encodeURIComponent(path)}&label=${encodeURIComponent(label)}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    changes.push(...page.changes);
    cursor = page.next;
  } while (cursor !== null);
  return changes;
}
