// For a crashed session: the error and its stack, the crumbs before it and the state at the crash.
import { api, sessionApi } from './api.js';
import { Failure } from './failure.js';
import { time } from './format.js';
import { html } from './html.js';
import { StateTree } from './state-tree.js';
import { useLoad } from './url.js';

const CRUMBS = 50;
const PAGES = 20;

/** The last CRUMBS crumbs and errors up to `until`: the API pages oldest first, so read to the end. */
async function lastCrumbs(id, until) {
  let kept = [];
  let cursor;
  for (let page = 0; page < PAGES; page++) {
    const answer = await api(sessionApi(id, '/timeline'), {
      kind: 'crumb,error',
      until,
      cursor,
      limit: 1000,
    });
    kept = kept.concat(answer.items).slice(-CRUMBS);
    cursor = answer.next;
    if (!cursor) return { crumbs: kept, complete: true };
  }
  return { crumbs: kept, complete: false };
}

export function Crash({ session, onPath }) {
  const at = session.ended ?? session.lastSeen;
  const { data, error } = useLoad(async () => {
    const [trail, state] = await Promise.all([
      lastCrumbs(session.id, at),
      api(sessionApi(session.id, '/state'), { at }),
    ]);
    return { ...trail, state };
  }, [session.id, at]);
  const e = session.error ?? {};
  return html`<section class="panel crash" id="crash">
    <h2>Crash at ${time(at)}</h2>
    <p class="error"><b>${e.name ?? 'Error'}</b>: ${e.message ?? ''}</p>
    ${e.stack && html`<pre class="stack">${e.stack}</pre>`}
    ${error && html`<${Failure} error=${error} />`}
    ${
      data &&
      html`<div class="columns">
      <div>
        <h3>Crumbs before it</h3>
        ${!data.complete && html`<p class="muted small">More than ${PAGES * 1000} crumbs: these are not the last ones.</p>`}
        <ol class="crumbs" id="crash-crumbs">
          ${data.crumbs.map(
            (c, i) => html`<li key=${i} class=${`kind-${c.kind}`}><span class="t">${time(c.time)}</span>
              ${c.kind === 'crumb' ? c.data.event : `${c.data.name ?? ''} ${c.data.message ?? ''}`}
              ${c.kind === 'crumb' && c.data.data !== undefined ? html` <span class="muted">${JSON.stringify(c.data.data)}</span>` : ''}</li>`,
          )}
        </ol>
      </div>
      <div>
        <h3>State at the crash</h3>
        <${StateTree} root=${{ $state: data.state.state, ...data.state.objects }} changed=${new Set()} onPath=${onPath} id="crash-state" />
      </div>
    </div>`
    }
  </section>`;
}
