// Release health per product and version (Sentry's view): each row links to its filtered list.
import { api, query } from './api.js';
import { Failure } from './failure.js';
import { percent } from './format.js';
import { html } from './html.js';
import { useLoad } from './url.js';

export function Overview() {
  const { data, error, loading } = useLoad(() => api('/v1/health'), []);
  if (error) return html`<${Failure} error=${error} />`;
  if (loading && !data) return html`<p class="muted">Loading…</p>`;
  const releases = data.releases;
  return html`
    <h1>Overview</h1>
    ${releases.length === 0 && html`<p class="muted">No sessions yet.</p>`}
    <table class="grid" id="releases">
      <thead>
        <tr><th>Product</th><th>Version</th><th>Sessions</th><th>Active now</th><th>Crashed</th><th>Hung</th>
          <th>Lost</th><th>Crash-free</th><th>Hung rate</th></tr>
      </thead>
      <tbody>
        ${releases.map(
          (r) => html`<tr key=${`${r.product}\u0000${r.version}`}>
            <td><a href=${`/sessions${query({ product: r.product })}`}>${r.product ?? '(unknown)'}</a></td>
            <td><a href=${`/sessions${query({ product: r.product, version: r.version })}`}>${r.version ?? '—'}</a></td>
            <td>${r.sessions}</td>
            <td><a href=${`/sessions${query({ product: r.product, version: r.version, status: 'active' })}`}>${r.active}</a></td>
            <td><a href=${`/sessions${query({ product: r.product, version: r.version, status: 'crashed' })}`}>${r.crashed}</a></td>
            <td>${r.hung}</td>
            <td>${r.lost}</td>
            <td>${percent(r.crashFreeRate)}</td>
            <td>${percent(r.hungRate)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  `;
}
