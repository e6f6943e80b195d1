// One chart per metric the session reported: its points from /v1/metrics?session=, drawn by uPlot.

import { useRef } from 'preact/hooks';
import { api, sessionApi } from './api.js';
import { html } from './html.js';
import { usePlot } from './plot.js';
import { useLoad } from './url.js';

function Chart({ name, points, unit }) {
  const box = useRef(null);
  usePlot(
    box,
    () => [
      {
        width: box.current.clientWidth || 600,
        height: 140,
        // One point alone would stretch the time axis over years: give it a second either side.
        scales: {
          x: { time: true, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
        },
        series: [{}, { label: unit ? `${name} (${unit})` : name, stroke: '#3366cc', width: 1 }],
      },
      [points.map((p) => p.time / 1000), points.map((p) => p.value)],
    ],
    [points],
  );
  return html`<div class="chart" ref=${box}></div>`;
}

export function Metrics({ id }) {
  const { data } = useLoad(async () => {
    const page = await api(sessionApi(id, '/timeline'), { kind: 'metric', limit: 1000 });
    const names = [...new Set(page.items.map((i) => i.data.name))].slice(0, 12);
    return Promise.all(
      names.map((name) =>
        api('/v1/metrics', { name, session: id, groupBy: 'none' }).then((m) => ({ name, ...m })),
      ),
    );
  }, [id]);
  if (!data || data.length === 0) return null;
  return html`<section class="panel" id="metrics">
    <h2>Metrics</h2>
    ${data.map(
      (m) => html`<div key=${m.name}>
        <h3>${m.name} <span class="muted small">${m.type}${m.groups?.[0] ? ` · avg ${m.groups[0].avg?.toFixed?.(2)} · p95 ${m.groups[0].p95}` : ''}</span></h3>
        ${m.points?.length > 0 && html`<${Chart} name=${m.name} unit=${m.unit} points=${m.points.filter((p) => p.value !== null)} />`}
      </div>`,
    )}
  </section>`;
}
