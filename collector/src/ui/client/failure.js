import { html } from './html.js';

/** An API error as the collector explained it (its `message`, and `field`/`expected` when given). */
export function Failure({ error }) {
  const body = error?.body;
  return html`<p class="error" role="alert">
    ${error?.message ?? String(error)}${body?.field ? ` (${body.field}: expected ${body.expected})` : ''}
  </p>`;
}
