// The timeline list, virtualised: however many items are loaded (pages of 200 from /timeline, more as
// the reader scrolls), only the rows in view plus a margin are in the DOM — a few dozen nodes.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, sessionApi } from './api.js';
import { Failure } from './failure.js';
import { path, site, time, value } from './format.js';
import { html } from './html.js';

const ROW = 26;
const MARGIN = 12;
const PAGE = 200;

export function summary(item) {
  const d = item.data ?? {};
  switch (item.kind) {
    case 'change':
    case 'state':
      return `${d.label ?? ''} ${path(d.path)} ${d.op ?? ''} ${d.op === 'delete' ? '' : value(d.value, 60)}`;
    case 'event':
    case 'error':
      return `${d.name ?? ''}${d.message ? `: ${d.message}` : ''}${d.error ? ` — ${d.error.name ?? ''} ${d.error.message ?? ''}` : ''}`;
    case 'crumb':
      return `${d.event ?? ''} ${d.data === undefined ? '' : value(d.data, 60)}`;
    case 'metric':
      return `${d.name ?? ''} = ${d.value ?? ''}${d.unit ? ` ${d.unit}` : ''}`;
    case 'end':
      return `${d.status ?? 'ended'}${d.exitCode !== undefined ? ` exit ${d.exitCode}` : ''}${d.signal ? ` ${d.signal}` : ''}`;
    case 'race':
      return `${d.race?.kind ?? ''} ${d.race?.label ?? ''} ${path(d.race?.path)}`;
    default:
      return '';
  }
}

/** Pages through /timeline for `filter`; `live` items (from the stream) follow once the end is loaded. */
export function Timeline({ id, filter, live, selected, onSelect, onReady }) {
  const [items, setItems] = useState([]);
  const [next, setNext] = useState(undefined);
  const [error, setError] = useState(undefined);
  const [scrollTop, setScrollTop] = useState(0);
  const loading = useRef(false);
  const box = useRef(null);
  const key = JSON.stringify(filter);

  const load = useCallback(
    async (cursor, reset) => {
      loading.current = true;
      try {
        const page = await api(sessionApi(id, '/timeline'), { ...filter, cursor, limit: PAGE });
        setItems((old) => (reset ? page.items : old.concat(page.items)));
        setNext(page.next);
        setError(undefined);
        if (reset) onReady?.();
      } catch (e) {
        setError(e);
      } finally {
        loading.current = false;
      }
    },
    [id, key],
  );

  useEffect(() => {
    setItems([]);
    setNext(undefined);
    if (box.current) box.current.scrollTop = 0;
    setScrollTop(0);
    load(undefined, true);
  }, [load]);

  const all = next === null ? items.concat(live) : items;
  const height = box.current?.clientHeight || 520;
  const first = Math.max(0, Math.floor(scrollTop / ROW) - MARGIN);
  const last = Math.min(all.length, Math.ceil((scrollTop + height) / ROW) + MARGIN);

  useEffect(() => {
    if (next && !loading.current && last >= items.length - MARGIN) load(next, false);
  }, [last, next, items.length]);

  const rows = [];
  for (let i = first; i < last; i++) {
    const item = all[i];
    rows.push(html`<div
      key=${i}
      class=${`row kind-${item.kind}${selected === item ? ' selected' : ''}`}
      style=${{ top: `${i * ROW}px` }}
      onClick=${() => onSelect(item)}
    >
      <span class="t">${time(item.time)}</span>
      <span class="k">${item.kind}</span>
      <span class="s">${summary(item)}</span>
      ${item.data?.site && html`<span class="site">${site(item.data.site)}</span>`}
    </div>`);
  }
  return html`
    <div class="timeline-wrap">
      <div class="muted small">${all.length}${next ? '+' : ''} items loaded${next ? ' (scroll for more)' : ''}</div>
      ${error && html`<${Failure} error=${error} />`}
      <div class="timeline" id="timeline" ref=${box} onScroll=${(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div class="spacer" style=${{ height: `${all.length * ROW}px` }}>${rows}</div>
      </div>
    </div>
  `;
}

/** What one timeline item says: a change as old → new with its source site, an event with its error. */
export function Detail({ item, onPath }) {
  if (!item) return html`<p class="muted">Click an item in the timeline to see it.</p>`;
  const d = item.data ?? {};
  if (item.kind === 'change' || item.kind === 'state')
    return html`<${ChangeDetail} change=${d} onPath=${onPath} />`;
  return html`<div class="detail" id="detail">
    <h3>${item.kind} · ${time(item.time)}</h3>
    ${d.name && html`<p><b>${d.name}</b> ${d.level ? `(${d.level})` : ''} ${d.message ?? ''}</p>`}
    ${d.error && html`<p class="error">${d.error.name ?? 'Error'}: ${d.error.message ?? ''}</p><pre class="stack">${d.error.stack ?? ''}</pre>`}
    <pre class="json">${JSON.stringify(d, null, 2)}</pre>
  </div>`;
}

function ChangeDetail({ change, onPath }) {
  const c = change;
  return html`<div class="detail" id="detail">
    <h3>
      <button type="button" class="link" id="detail-path" onClick=${() => onPath(c.label, c.path ?? [])}>
        ${c.label} ${path(c.path)}
      </button>
      ${' '}· ${c.op} · seq ${c.seq ?? '—'} · ${time(c.time)}
    </h3>
    <div class="diff">
      <div class="old"><span class="muted">old</span> ${'old' in c ? value(c.old, 2000) : '∅ (new key)'}</div>
      <div class="new"><span class="muted">new</span> ${c.op === 'delete' ? '∅ (deleted)' : value(c.value, 2000)}</div>
      ${c.op === 'splice' && html`<div>at ${c.index}, removed ${value(c.removed, 500)}</div>`}
    </div>
    ${c.site && html`<div class="site-block"><b>${site(c.site)}</b><pre class="code">${c.site.code}</pre></div>`}
    <dl>
      ${c.actor && html`<dt>actor</dt><dd>${c.actor}</dd>`}
      ${c.tx && html`<dt>transaction</dt><dd>${c.tx.name} #${c.tx.id}</dd>`}
      ${c.trace && html`<dt>trace</dt><dd>${c.trace.traceId} / ${c.trace.spanId}</dd>`}
      ${c.context && html`<dt>context</dt><dd><pre class="json">${JSON.stringify(c.context, null, 2)}</pre></dd>`}
    </dl>
    ${c.stack && html`<pre class="stack">${c.stack}</pre>`}
  </div>`;
}
