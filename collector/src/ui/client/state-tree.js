// The reconstructed state as a collapsible tree. Only expanded nodes are rendered and each shows at most
// SHOW children at a time, so a state of any size costs the DOM what the reader opened. Paths that
// changed since the previous scrub step carry the class `changed`; clicking a key opens its history.
import { useState } from 'preact/hooks';
import { value as show } from './format.js';
import { html } from './html.js';

const SHOW = 100;

function Node({ name, value, keys, depth, changed, onPath }) {
  const dot = keys.join('.');
  const isObject = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < 2 || changed.has(dot));
  const mark = changed.has(dot) ? ' changed' : '';
  const label = html`<button type="button" class="key link" data-path=${dot} onClick=${() => onPath(keys[0], keys.slice(1))}>
    ${name}
  </button>`;
  if (!isObject) {
    return html`<li class=${`leaf${mark}`} data-path=${dot}>${label}: <span class="v">${show(value, 300)}</span></li>`;
  }
  const entries = Object.keys(value);
  return html`<li class=${`branch${mark}`} data-path=${dot}>
    <button type="button" class="toggle" aria-expanded=${open} onClick=${() => setOpen(!open)}>${open ? '▾' : '▸'}</button>
    ${label} <span class="muted">${Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}</span>
    ${open && html`<${Children} value=${value} keys=${keys} depth=${depth + 1} changed=${changed} onPath=${onPath} />`}
  </li>`;
}

/** The entries of one object, SHOW at a time; `keys` is its path (empty for the root). */
function Children({ value, keys, depth, changed, onPath, id }) {
  const [limit, setLimit] = useState(SHOW);
  const entries = Object.keys(value);
  return html`<ul class=${depth === 0 ? 'tree' : ''} id=${id}>
    ${entries
      .slice(0, limit)
      .map(
        (k) =>
          html`<${Node} key=${k} name=${k} value=${value[k]} keys=${keys.concat(k)} depth=${depth} changed=${changed} onPath=${onPath} />`,
      )}
    ${
      entries.length > limit &&
      html`<li><button type="button" class="link" onClick=${() => setLimit(limit + SHOW)}>${entries.length - limit} more…</button></li>`
    }
  </ul>`;
}

/** `root` maps each label (`$state` for the session state) to its value. */
export function StateTree({ root, changed, onPath, id = 'state-tree' }) {
  if (Object.keys(root).length === 0) return html`<p class="muted">No state yet at this point.</p>`;
  return html`<${Children} value=${root} keys=${[]} depth=${0} changed=${changed} onPath=${onPath} id=${id} />`;
}
