// uPlot is imported when the first chart is drawn, not with the page: the session page shows its
// timeline and state before the 145 kB chart module is fetched and parsed.
import { useEffect, useRef } from 'preact/hooks';

let loading;
const loadUplot = () => (loading ??= import('uplot').then((m) => m.default));

/**
 * Draws `make(uPlot)` → `[options, data]` into the element `box` whenever `deps` change; answers a ref
 * to the current plot. A chart unmounted before uPlot arrived is never drawn.
 */
export function usePlot(box, make, deps) {
  const plot = useRef(null);
  useEffect(() => {
    let live = true;
    loadUplot().then((uPlot) => {
      if (!live) return;
      const [options, data] = make(uPlot);
      plot.current = new uPlot(options, data, box.current);
    });
    return () => {
      live = false;
      plot.current?.destroy();
      plot.current = null;
    };
  }, deps);
  return plot;
}
