// The client router: the server answers one shell for every page and this picks the page by path.
// Links are ordinary links (a reload or a shared URL reproduces the view); filters live in the query.

import { render } from 'preact';
import { Compare } from './compare.js';
import { html } from './html.js';
import { Login } from './login.js';
import { Overview } from './overview.js';
import { Races } from './races.js';
import { Session } from './session.js';
import { Sessions } from './sessions.js';

function page(pathname) {
  if (pathname === '/') return html`<${Overview} />`;
  if (pathname === '/sessions') return html`<${Sessions} />`;
  if (pathname.startsWith('/sessions/'))
    return html`<${Session} id=${decodeURIComponent(pathname.slice(10))} />`;
  if (pathname === '/compare') return html`<${Compare} />`;
  if (pathname === '/races') return html`<${Races} />`;
  if (pathname === '/login') return html`<${Login} />`;
  return html`<p>No page here.</p>`;
}

function Layout({ children }) {
  return html`
    <header class="top">
      <a class="brand" href="/">statetrail</a>
      <nav>
        <a href="/">Overview</a>
        <a href="/sessions">Sessions</a>
        <a href="/compare">Compare</a>
      </nav>
      ${
        location.pathname !== '/login' &&
        html`<form method="post" action="/v1/logout"><button type="submit" class="link">Log out</button></form>`
      }
    </header>
    <main>${children}</main>
  `;
}

export function renderApp() {
  render(html`<${Layout}>${page(location.pathname)}<//>`, document.getElementById('app'));
}

addEventListener('popstate', renderApp);
renderApp();
