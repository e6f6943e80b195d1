// The sessions list. Every filter, the sort and the page cursor are URL parameters, passed through to
// GET /v1/sessions unchanged: the URL is the query.
import { useEffect } from 'preact/hooks';
import { api, query } from './api.js';
import { Failure } from './failure.js';
import { duration, time } from './format.js';
import { html } from './html.js';
import { setParams, useLoad, useParams } from './url.js';

const FILTERS = [
  ['product', 'Product', 'shop'],
  ['version', 'Version', '1.2.0'],
  ['status', 'Status', 'active,crashed'],
  ['host', 'Host', 'web-1'],
  ['tag', 'Tag', 'region=eu'],
  ['actor', 'Actor', 'alice'],
  ['event', 'Event name', 'checkout'],
  ['state', 'State ever had', 'order.status="paid"'],
  ['since', 'Started after', '2026-12-01T00:00'],
  ['until', 'Started before', '2026-12-02T00:00'],
];

export function Sessions() {
  const params = useParams();
  const { data, error, loading } = useLoad(() => api('/v1/sessions', params), [location.search]);
  useEffect(() => {
    if (!data) return;
    // Read by collector/bench/ui-sessions.ts: list shown, after a load or after Apply.
    performance.mark('statetrail:sessions-rendered');
    if (performance.getEntriesByName('statetrail:sessions-apply').length > 0) {
      performance.measure('statetrail:sessions', 'statetrail:sessions-apply');
      performance.clearMarks('statetrail:sessions-apply');
    }
  }, [data]);
  const submit = (event) => {
    event.preventDefault();
    performance.mark('statetrail:sessions-apply');
    const form = Object.fromEntries(new FormData(event.currentTarget));
    setParams({ ...form, cursor: '' });
  };
  return html`
    <h1>Sessions</h1>
    <form class="filters" id="filters" onSubmit=${submit}>
      ${FILTERS.map(
        ([name, label, example]) => html`<label key=${name}>${label}
          <input name=${name} value=${params[name] ?? ''} placeholder=${example} /></label>`,
      )}
      <label>Sort
        <select name="sort" value=${params.sort ?? '-started'}>
          <option value="-started">newest first</option>
          <option value="started">oldest first</option>
        </select></label>
      <input type="hidden" name="limit" value=${params.limit ?? ''} />
      <button type="submit">Apply</button>
      <a href="/sessions">Clear</a>
    </form>
    ${error && html`<${Failure} error=${error} />`}
    ${loading && !data && html`<p class="muted">Loading…</p>`}
    ${
      data &&
      html`<${SessionTable} sessions=${data.sessions} />
      <nav class="pager">
        ${params.cursor && html`<a href=${`/sessions${query({ ...params, cursor: '' })}`}>First page</a>`}
        ${data.next && html`<a id="next-page" href=${`/sessions${query({ ...params, cursor: data.next })}`}>Next page</a>`}
      </nav>`
    }
  `;
}

function SessionTable({ sessions }) {
  if (sessions.length === 0) return html`<p class="muted" id="no-sessions">No session matches.</p>`;
  return html`<table class="grid" id="sessions">
    <thead><tr><th>Started</th><th>Product</th><th>Version</th><th>Host</th><th>Status</th><th>Duration</th><th>Tags</th></tr></thead>
    <tbody>
      ${sessions.map(
        (s) => html`<tr key=${s.id} data-id=${s.id}>
          <td><a href=${`/sessions/${encodeURIComponent(s.id)}`}>${time(s.started)}</a></td>
          <td>${s.product ?? '(unknown)'}</td>
          <td>${s.version ?? '—'}</td>
          <td>${s.host ?? '—'}</td>
          <td><span class=${`status status-${s.status}`}>${s.status}</span></td>
          <td>${duration((s.ended ?? s.lastSeen) - s.started)}</td>
          <td>${Object.entries(s.tags ?? {}).map(([k, v]) => html`<span class="tag" key=${k}>${k}=${v}</span>`)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
