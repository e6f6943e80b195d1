// The races found in one session: the conflicting accesses with their sites and async stacks.
import { api } from './api.js';
import { Failure } from './failure.js';
import { path, site, time } from './format.js';
import { html } from './html.js';
import { useLoad, useParams } from './url.js';

export function Races() {
  const { session } = useParams();
  const { data, error } = useLoad(() => api('/v1/races', { session }), [session]);
  return html`
    <h1>Races ${session && html`in <a href=${`/sessions/${encodeURIComponent(session)}`}>${session}</a>`}</h1>
    ${error && html`<${Failure} error=${error} />`}
    ${data && data.races.length === 0 && html`<p class="muted">No race recorded.</p>`}
    ${data?.races.map(
      ({ time: t, race }, i) => html`<section class="panel race" key=${i}>
        <h2>${race.kind} · ${race.label} ${path(race.path)} <span class="muted small">${time(t)}</span></h2>
        <p>${race.why}</p>
        <ol>
          ${race.accesses.map(
            (a, j) => html`<li key=${j}>
              <b>${a.op}</b> ${a.actor ? `by ${a.actor}` : ''} ${a.site ? html`at <code>${site(a.site)}</code> <code>${a.site.code}</code>` : ''}
              ${a.trace && html` <span class="muted">trace ${a.trace.traceId}</span>`}
              ${a.stack && html`<pre class="stack">${a.stack}</pre>`}
            </li>`,
          )}
        </ol>
      </section>`,
    )}
  `;
}
