// Filters live in the URL: a page reads them from location.search and writes them with pushState,
// so a reload or a shared link shows the same view.
import { useEffect, useState } from 'preact/hooks';

export function readParams() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

/** Replaces the query with `params` (empty values dropped) and tells every useParams() hook. */
export function setParams(params, { replace = false } = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  const url = location.pathname + (text ? `?${text}` : '');
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  dispatchEvent(new Event('statetrail:params'));
}

export function useParams() {
  const [params, set] = useState(readParams);
  useEffect(() => {
    const update = () => set(readParams());
    addEventListener('statetrail:params', update);
    addEventListener('popstate', update);
    return () => {
      removeEventListener('statetrail:params', update);
      removeEventListener('popstate', update);
    };
  }, []);
  return params;
}

/** Runs `load` whenever `deps` change; answers `{ data, error, loading }`; drops stale answers. */
export function useLoad(load, deps) {
  const [state, set] = useState({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    let current = true;
    set((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && set({ data, error: undefined, loading: false }),
      (error) => current && set({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}
