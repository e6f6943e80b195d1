// One session: header, zoomable histogram, virtualised timeline with item detail, the state scrubber
// with its tree, path history, metrics, the crash view and the live tail. The zoom range, the kind
// filter, the scrubber's seq and the open path are URL parameters.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query, sessionApi } from './api.js';
import { Crash } from './crash.js';
import { changedPaths } from './diff.js';
import { Failure } from './failure.js';
import { duration, time } from './format.js';
import { BUCKETS, Histogram } from './histogram.js';
import { html } from './html.js';
import { Live, useLive } from './live.js';
import { Metrics } from './metrics.js';
import { PathHistory } from './path-history.js';
import { StateTree } from './state-tree.js';
import { Detail, Timeline } from './timeline.js';
import { setParams, useLoad, useParams } from './url.js';

const KINDS = ['change', 'state', 'event', 'error', 'crumb', 'metric'];

/** The timeline's change filters (the API hides other kinds while one is set). */
const CHANGE_FILTERS = ['label', 'path', 'actor', 'tx'];

const pick = (params, keys) => Object.fromEntries(keys.filter((k) => params[k]).map((k) => [k, params[k]]));

const rootOf = (answer) => ({ $state: answer.state, ...answer.objects });

/**
 * The seq range the scrubber spans (the session's first change and its latest; `first` undefined when it
 * has none) and the state now, which is also the scrubber's first view when the URL names no seq.
 */
async function seqRange(id) {
  const [first, now] = await Promise.all([
    api(sessionApi(id, '/timeline'), { kind: 'change', limit: 1 }),
    api(sessionApi(id, '/state')),
  ]);
  const firstSeq = first.items[0]?.data.seq;
  return { first: firstSeq, last: Math.max(firstSeq ?? 0, now.seq ?? 0), now };
}

export function Session({ id }) {
  const params = useParams();
  const session = useLoad(() => api(sessionApi(id)), [id]);
  const range = useLoad(() => seqRange(id), [id]);
  const zoom = { since: params.since, until: params.until, kind: params.kind };
  const [selected, setSelected] = useState(null);
  const [timelineReady, setTimelineReady] = useState(false);
  // The histogram is the slowest question on a big session; asked after the first timeline page so
  // the list and the state are not queued behind it.
  const histogram = useLoad(
    async () =>
      timelineReady ? api(sessionApi(id, '/histogram'), { buckets: BUCKETS, ...zoom }) : undefined,
    [id, zoom.since, zoom.until, zoom.kind, timelineReady],
  );
  const live = useLive(id, session.data);
  const scrub = useScrubber(id, range.data, params.seq);
  const [rendered, setRendered] = useState(false);

  // Read by collector/bench/ui-session.ts: the page is usable (header, timeline, state tree); the
  // histogram follows (its own mark, in histogram.js).
  useEffect(() => {
    if (rendered || !session.data || !timelineReady || scrub.view.seq === undefined) return;
    setRendered(true);
    performance.mark('statetrail:first-render');
  });

  if (session.error) return html`<${Failure} error=${session.error} />`;
  // Everything but the header asks its own questions: none waits for the session record.
  const s = session.data;
  const openPath = (label, keys) => setParams({ ...params, plabel: label, ppath: JSON.stringify(keys) });
  const kinds = params.kind ? params.kind.split(',') : [];
  const toggleKind = (kind) => {
    const next = kinds.includes(kind) ? kinds.filter((k) => k !== kind) : kinds.concat(kind);
    setParams({ ...params, kind: next.join(',') });
  };
  const filterChanges = (event) => {
    event.preventDefault();
    setParams({ ...params, ...Object.fromEntries(new FormData(event.currentTarget)) });
  };
  const selectItem = (item) => {
    setSelected(item);
    if (item.kind === 'change' && typeof item.data.seq === 'number') scrub.go(item.data.seq);
  };

  return html`
    ${s ? html`<${Header} session=${s} />` : html`<p class="muted">Loading…</p>`}
    ${s?.status === 'crashed' && html`<${Crash} session=${s} onPath=${openPath} />`}
    <section class="panel">
      <h2>Timeline
        ${
          (params.since || params.until) &&
          html` <a id="reset-zoom" href=${`/sessions/${encodeURIComponent(id)}${query({ ...params, since: '', until: '' })}`}>reset zoom</a>`
        }
      </h2>
      <div class="kinds" id="kinds">
        ${KINDS.map(
          (k) =>
            html`<label key=${k}><input type="checkbox" name=${k} checked=${kinds.includes(k)} onChange=${() => toggleKind(k)} /> ${k}</label>`,
        )}
        <span class="muted small">none checked = all kinds · drag on the chart to zoom</span>
      </div>
      <form class="filters" id="change-filters" onSubmit=${filterChanges}>
        ${CHANGE_FILTERS.map(
          (f) => html`<label key=${f}>${f} <input name=${f} value=${params[f] ?? ''} /></label>`,
        )}
        <button type="submit">Filter changes</button>
      </form>
      ${histogram.error && html`<${Failure} error=${histogram.error} />`}
      ${
        histogram.data &&
        html`<${Histogram} data=${histogram.data} marker=${scrub.view.at}
        onZoom=${(since, until) => setParams({ ...params, since, until })} />`
      }
      <div class="columns">
        <${Timeline}
          id=${id}
          filter=${{ kind: params.kind, since: params.since, until: params.until, ...pick(params, CHANGE_FILTERS) }}
          live=${live.items}
          selected=${selected}
          onSelect=${selectItem}
          onReady=${() => setTimelineReady(true)}
        />
        <${Detail} item=${selected} onPath=${openPath} />
      </div>
    </section>
    ${
      params.ppath !== undefined &&
      html`<${PathHistory} id=${id} label=${params.plabel} keys=${JSON.parse(params.ppath)} onSeq=${scrub.go}
      onClose=${() => setParams({ ...params, plabel: '', ppath: '' })} />`
    }
    <section class="panel" id="scrubber">
      <h2>State at seq ${scrub.view.seq ?? '—'} ${scrub.view.at != null && html`<span class="muted small">${time(scrub.view.at)}</span>`}</h2>
      ${
        range.data?.first !== undefined &&
        html`<input type="range" id="scrub" min=${range.data.first} max=${Math.max(range.data.last, live.lastSeq ?? 0)}
        value=${scrub.seq ?? range.data.last} onInput=${(e) => scrub.go(Number(e.currentTarget.value))} />`
      }
      ${range.data?.first === undefined && html`<p class="muted">No changes: the tree shows the latest state.</p>`}
      ${scrub.error && html`<${Failure} error=${scrub.error} />`}
      <${StateTree} root=${scrub.view.root} changed=${scrub.view.changed} onPath=${openPath} />
    </section>
    ${rendered && s?.counts?.metrics > 0 && html`<${Metrics} id=${id} />`}
    ${live.open && html`<${Live} items=${live.items} connected=${live.connected} />`}
  `;
}

/**
 * The scrubber: `go(seq)` asks /state?seq= and keeps the answer with what changed since the previous
 * step; a slower answer to an older step never overwrites a newer one. Each step is measured
 * (performance measure `statetrail:scrub`, from the input to the rendered tree).
 */
function useScrubber(id, range, initial) {
  const [seq, setSeq] = useState(null);
  const [view, setView] = useState({
    root: {},
    changed: new Set(),
    seq: undefined,
    at: undefined,
    asked: null,
  });
  const [error, setError] = useState(undefined);
  const latest = useRef(0);
  const measuring = useRef(false);

  const go = (n) => {
    performance.mark('statetrail:scrub-start');
    measuring.current = true;
    setSeq(n);
    setParams({ ...Object.fromEntries(new URLSearchParams(location.search)), seq: n }, { replace: true });
  };

  const show = (answer, asked) => {
    const root = rootOf(answer);
    setView((prev) => ({
      root,
      changed: prev.seq === undefined ? new Set() : changedPaths(prev.root, root),
      seq: answer.seq,
      at: answer.at,
      asked,
    }));
    setError(undefined);
  };

  useEffect(() => {
    if (range === undefined) return;
    if (initial === undefined || range.first === undefined) show(range.now, undefined);
    else setSeq(Number(initial));
  }, [range]);

  useEffect(() => {
    if (seq === null) return;
    const ticket = ++latest.current;
    api(sessionApi(id, '/state'), { seq }).then(
      (answer) => ticket === latest.current && show(answer, seq),
      (e) => ticket === latest.current && setError(e),
    );
  }, [id, seq]);

  useEffect(() => {
    if (!measuring.current || view.asked !== seq) return;
    measuring.current = false;
    performance.measure('statetrail:scrub', 'statetrail:scrub-start');
  }, [view]);

  return { seq, view, error, go };
}

function Header({ session: s }) {
  const exit = s.exitCode !== null ? `exit ${s.exitCode}` : s.signal ? `signal ${s.signal}` : '—';
  return html`<section class="session-header" id="session-header">
    <h1>${s.product ?? '(unknown product)'} <span class="muted">${s.version ?? ''}</span>
      <span class=${`status status-${s.status}`}>${s.status}</span></h1>
    <dl class="facts">
      <dt>host</dt><dd>${s.host ?? '—'}</dd>
      <dt>pid</dt><dd>${s.pid ?? '—'}</dd>
      <dt>runtime</dt><dd>${s.runtime ?? '—'}</dd>
      <dt>started</dt><dd>${time(s.started)}</dd>
      <dt>duration</dt><dd>${duration((s.ended ?? s.lastSeen) - s.started)}</dd>
      <dt>exit</dt><dd>${exit}</dd>
      <dt>counts</dt><dd>${Object.entries(s.counts ?? {})
        .map(([k, v]) => `${v} ${k}`)
        .join(' · ')}</dd>
      ${
        Object.keys(s.tags ?? {}).length > 0 &&
        html`<dt>tags</dt><dd>${Object.entries(s.tags).map(([k, v]) => html`<span class="tag" key=${k}>${k}=${v}</span>`)}</dd>`
      }
    </dl>
    <p class="links">
      <a href=${`/races${query({ session: s.id })}`}>Races</a>
      <a href=${`/compare${query({ a: s.id })}`}>Compare with…</a>
      <a href=${`/sessions${query({ product: s.product, version: s.version })}`}>Sessions of this release</a>
    </p>
  </section>`;
}
