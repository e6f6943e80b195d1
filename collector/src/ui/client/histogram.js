// The zoomable overview of a session: /histogram buckets (server-side downsampling, at most `BUCKETS`
// points per kind whatever the session's size) drawn by uPlot on one canvas. Dragging selects a range.

import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';
import { usePlot } from './plot.js';

export const BUCKETS = 400;

const KINDS = [
  ['changes', '#3366cc'],
  ['events', '#109618'],
  ['crumbs', '#999999'],
  ['errors', '#dc3912'],
  ['metrics', '#ff9900'],
];

/** `onZoom(since, until)` in ms; `marker` is the time the scrubber stands at (a vertical line). */
export function Histogram({ data, marker, onZoom }) {
  const box = useRef(null);
  const markerRef = useRef(marker);
  markerRef.current = marker;

  const plot = usePlot(
    box,
    (uPlot) => {
      // A short session gets buckets of the minimum width past its end: draw only up to `to`.
      const buckets = data.buckets.filter((b) => b.t <= data.to);
      const columns = [buckets.map((b) => b.t / 1000), ...KINDS.map(([k]) => buckets.map((b) => b[k]))];
      const opts = {
        width: box.current.clientWidth || 800,
        height: 160,
        cursor: { drag: { x: true, y: false, setScale: false } },
        select: { show: true },
        scales: { x: { time: true } },
        series: [
          {},
          ...KINDS.map(([label, stroke]) => ({
            label,
            stroke,
            width: 1,
            points: { show: false },
            paths: uPlot.paths.stepped({ align: 1 }),
          })),
        ],
        hooks: {
          ready: [
            () =>
              performance.getEntriesByName('statetrail:histogram').length ||
              performance.mark('statetrail:histogram'),
          ],
          setSelect: [
            (u) => {
              if (u.select.width < 3) return;
              const since = u.posToVal(u.select.left, 'x') * 1000;
              const until = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
              onZoom(Math.floor(since), Math.ceil(until));
            },
          ],
          draw: [
            (u) => {
              const at = markerRef.current;
              if (at === undefined || at === null) return;
              const x = u.valToPos(at / 1000, 'x', true);
              const { ctx } = u;
              ctx.save();
              ctx.strokeStyle = '#d62728';
              ctx.lineWidth = 2;
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.restore();
            },
          ],
        },
      };
      return [opts, columns];
    },
    [data],
  );

  useEffect(() => plot.current?.redraw(false, false), [marker]);

  return html`<div class="histogram" id="histogram" ref=${box}></div>`;
}
