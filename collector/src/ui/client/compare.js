// Two sessions side by side: the state diff at their ends or at a chosen time each, and one metric
// across sessions grouped by version with its percentiles. Everything is in the URL.
import { api, sessionApi } from './api.js';
import { diff } from './diff.js';
import { Failure } from './failure.js';
import { html } from './html.js';
import { setParams, useLoad, useParams } from './url.js';

function stateOf(id, at) {
  return api(sessionApi(id, '/state'), { at }).then((s) => ({ $state: s.state, ...s.objects }));
}

export function Compare() {
  const params = useParams();
  const submit = (event) => {
    event.preventDefault();
    setParams(Object.fromEntries(new FormData(event.currentTarget)));
  };
  return html`
    <h1>Compare</h1>
    <form class="filters" id="compare-form" onSubmit=${submit}>
      <label>Session A <input name="a" value=${params.a ?? ''} placeholder="session id" /></label>
      <label>at <input name="atA" value=${params.atA ?? ''} placeholder="end, or a time" /></label>
      <label>Session B <input name="b" value=${params.b ?? ''} placeholder="session id" /></label>
      <label>at <input name="atB" value=${params.atB ?? ''} placeholder="end, or a time" /></label>
      <label>Metric <input name="metric" value=${params.metric ?? ''} placeholder="latency" /></label>
      <label>Product <input name="product" value=${params.product ?? ''} /></label>
      <button type="submit">Compare</button>
    </form>
    ${params.a && params.b && html`<${StateDiff} ...${params} />`}
    ${params.metric && html`<${MetricByVersion} name=${params.metric} product=${params.product} />`}
  `;
}

function StateDiff({ a, b, atA, atB }) {
  const { data, error } = useLoad(() => Promise.all([stateOf(a, atA), stateOf(b, atB)]), [a, b, atA, atB]);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<p class="muted">Loading…</p>`;
  const rows = diff(data[0], data[1]);
  return html`<section class="panel" id="state-diff">
    <h2>State: ${rows.length} difference${rows.length === 1 ? '' : 's'}</h2>
    <table class="grid">
      <thead><tr><th>Path</th><th>A</th><th>B</th></tr></thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr key=${r.path} class=${`diff-${r.kind}`} data-path=${r.path}>
            <td>${r.path}</td><td>${r.a ?? '∅'}</td><td>${r.b ?? '∅'}</td></tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

const STATS = ['count', 'avg', 'min', 'p50', 'p95', 'p99', 'max', 'stddev'];

function MetricByVersion({ name, product }) {
  const { data, error } = useLoad(
    () => api('/v1/metrics', { name, product, groupBy: 'version' }),
    [name, product],
  );
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<p class="muted">Loading…</p>`;
  const num = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : '—');
  return html`<section class="panel" id="metric-by-version">
    <h2>${data.name} by version <span class="muted small">${data.type ?? ''} ${data.unit ?? ''}</span></h2>
    <table class="grid">
      <thead><tr><th>Version</th>${STATS.map((s) => html`<th key=${s}>${s}</th>`)}</tr></thead>
      <tbody>
        ${data.groups.map(
          (g) =>
            html`<tr key=${String(g.key)}><td>${g.key ?? '—'}</td>${STATS.map((s) => html`<td key=${s}>${num(g[s])}</td>`)}</tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
