// Every change of one path: who, when, from which source site — "where did this change come from?".
import { api, sessionApi } from './api.js';
import { Failure } from './failure.js';
import { path as showPath, site, time, value } from './format.js';
import { html } from './html.js';
import { useLoad } from './url.js';

/** Dotted when that is unambiguous, else the JSON array of keys (the API takes both). */
function pathParam(keys) {
  const dotted = keys.length > 0 && keys.every((k) => !String(k).includes('.') && String(k) !== '');
  return dotted ? keys.join('.') : JSON.stringify(keys);
}

export function PathHistory({ id, label, keys, onSeq, onClose }) {
  const p = pathParam(keys);
  const { data, error, loading } = useLoad(
    () => api(sessionApi(id, '/paths'), { path: p, label, limit: 1000 }),
    [id, label, p],
  );
  return html`<section class="panel" id="path-history">
    <h2>History of ${label} ${showPath(keys)} <button type="button" class="link" onClick=${onClose}>close</button></h2>
    ${error && html`<${Failure} error=${error} />`}
    ${loading && !data && html`<p class="muted">Loading…</p>`}
    ${data && data.changes.length === 0 && html`<p class="muted">No change of this exact path.</p>`}
    ${
      data &&
      html`<table class="grid">
      <thead><tr><th>Time</th><th>Seq</th><th>Op</th><th>Old → new</th><th>Actor</th><th>Site</th><th>Tx</th></tr></thead>
      <tbody>
        ${data.changes.map(
          (c, i) => html`<tr key=${i}>
            <td>${time(c.time)}</td>
            <td>${c.seq === null || c.seq === undefined ? '—' : html`<button type="button" class="link" onClick=${() => onSeq(c.seq)}>${c.seq}</button>`}</td>
            <td>${c.op}</td>
            <td>${'old' in c ? value(c.old, 80) : '∅'} → ${c.op === 'delete' ? '∅' : value(c.value, 80)}</td>
            <td>${c.actor ?? '—'}</td>
            <td class="site">${c.site ? html`<span title=${c.site.code}>${site(c.site)}</span><code>${c.site.code}</code>` : '—'}</td>
            <td>${c.tx ? `${c.tx.name} #${c.tx.id}` : '—'}</td>
          </tr>`,
        )}
      </tbody>
    </table>`
    }
    ${data?.next && html`<p class="muted">Showing the first 1,000 changes.</p>`}
  </section>`;
}
