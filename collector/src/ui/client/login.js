// Shown when the collector has read tokens and the browser has none. The form posts to /v1/login,
// which sets the HttpOnly, SameSite=Strict cookie; script only adds a message for a wrong token.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { readParams } from './url.js';

function safeNext(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function Login() {
  const next = safeNext(readParams().next);
  const [error, setError] = useState('');
  const submit = async (event) => {
    event.preventDefault();
    const token = new FormData(event.currentTarget).get('token');
    const response = await fetch('/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token, next }),
    });
    if (response.ok) location.assign(next);
    else
      setError(response.status === 401 ? 'That token is not valid for reading.' : `HTTP ${response.status}`);
  };
  return html`
    <section class="login">
      <h1>Sign in</h1>
      <p>This collector needs a token with the <code>read</code> scope.</p>
      <form method="post" action="/v1/login" onSubmit=${submit}>
        <input type="hidden" name="next" value=${next} />
        <label>Token <input name="token" type="password" autocomplete="current-password" required /></label>
        <button type="submit">Sign in</button>
      </form>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </section>
  `;
}
