// The live tail of an active session: Server-Sent Events from /stream, appended without a reload.
import { useEffect, useState } from 'preact/hooks';
import { sessionApi } from './api.js';
import { time } from './format.js';
import { html } from './html.js';
import { summary } from './timeline.js';

const KINDS = ['change', 'crumb', 'event', 'metric', 'state', 'hung', 'recovered', 'end', 'race'];
const KEEP = 10_000;

export function useLive(id, session) {
  const [items, setItems] = useState([]);
  const [lastSeq, setLastSeq] = useState(undefined);
  const [connected, setConnected] = useState(false);
  const open = session !== undefined && (session.status === 'active' || session.status === 'hung');
  useEffect(() => {
    if (!open) return;
    const source = new EventSource(sessionApi(id, '/stream'));
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const receive = (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      const kind =
        event.type === 'event' && (data.error || data.level === 'error' || data.level === 'fatal')
          ? 'error'
          : event.type;
      setItems((old) => old.concat({ kind, time: data.time ?? Date.now(), data }).slice(-KEEP));
      if (kind === 'change' && typeof data.seq === 'number') setLastSeq((s) => Math.max(s ?? 0, data.seq));
    };
    for (const kind of KINDS) source.addEventListener(kind, receive);
    return () => source.close();
  }, [id, open]);
  return { items, lastSeq, open, connected };
}

export function Live({ items, connected }) {
  return html`<section class="panel" id="live" data-connected=${connected ? 'yes' : 'no'}>
    <h2>Live tail <span class="muted small">${connected ? 'connected' : 'connecting…'} · ${items.length} new since the page opened</span></h2>
    <ol class="live">
      ${items.slice(-50).map(
        (item, i) => html`<li key=${i} class=${`kind-${item.kind}`}><span class="t">${time(item.time)}</span>
          <span class="k">${item.kind}</span> <span class="s">${summary(item)}</span></li>`,
      )}
    </ol>
  </section>`;
}
