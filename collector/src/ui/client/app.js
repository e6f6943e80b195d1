// The client router: the server answers one shell for every page and this picks the page by path.
// Links are ordinary links (a reload or a shared URL reproduces the view); filters live in the query.
import { render } from 'preact';
import { html } from './html.js';

// Each page's module is imported when it is shown, so a page parses only what it uses (the sessions
// list never loads uPlot).
const PAGES = {
  overview: () => import('./overview.js').then((m) => m.Overview),
  sessions: () => import('./sessions.js').then((m) => m.Sessions),
  session: () => import('./session.js').then((m) => m.Session),
  compare: () => import('./compare.js').then((m) => m.Compare),
  races: () => import('./races.js').then((m) => m.Races),
  login: () => import('./login.js').then((m) => m.Login),
};

function route(pathname) {
  if (pathname === '/') return { page: 'overview', props: {} };
  if (pathname === '/sessions') return { page: 'sessions', props: {} };
  if (pathname.startsWith('/sessions/'))
    return { page: 'session', props: { id: decodeURIComponent(pathname.slice(10)) } };
  if (pathname === '/compare') return { page: 'compare', props: {} };
  if (pathname === '/races') return { page: 'races', props: {} };
  if (pathname === '/login') return { page: 'login', props: {} };
  return undefined;
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

export async function renderApp() {
  const target = route(location.pathname);
  const Page = target && (await PAGES[target.page]());
  const body = Page ? html`<${Page} ...${target.props} />` : html`<p>No page here.</p>`;
  render(html`<${Layout}>${body}<//>`, document.getElementById('app'));
}

addEventListener('popstate', renderApp);
renderApp();
