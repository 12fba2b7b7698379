import { t } from './i18n.js';

// A hash router: '#/articles/abc/history?x=1' → the matching screen, mounted into <main>.
// A screen is (main, params, query) => cleanup function (optional, may be async).

const routes = [];
let cleanup = null;
let mainEl;
let fallback = '#/articles';
let generation = 0;

export function route(pattern, screen) {
  // '/articles/:id' → /^\/articles\/([^/]+)$/
  const names = [];
  const regex = new RegExp(
    `^${pattern.replace(/:(\w+)/g, (_, name) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  routes.push({ regex, names, screen });
}

export function startRouter(main, home) {
  mainEl = main;
  fallback = home;
  window.addEventListener('hashchange', render);
  return render();
}

export function currentRoute() {
  return location.hash.split('?')[0].slice(1) || '/';
}

export function navigate(hash, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', hash);
    return render();
  }
  location.hash = hash;
  return undefined;
}

export const query = () => new URLSearchParams(location.hash.split('?')[1] || '');

async function render() {
  const path = currentRoute();
  const found = routes
    .map((r) => ({ r, match: r.regex.exec(path) }))
    .find(({ match }) => match);
  if (!found) {
    history.replaceState(null, '', fallback);
    return render();
  }
  const params = Object.fromEntries(found.r.names.map((name, i) => [name, decodeURIComponent(found.match[i + 1])]));
  const previous = cleanup;
  cleanup = null;
  const mine = ++generation;
  if (previous) await previous();
  // Each screen gets its own container: one still loading when the route changed writes
  // into a detached element, never into the next screen.
  const view = document.createElement('div');
  view.className = 'view';
  mainEl.replaceChildren(view);
  const done = (await found.r.screen(view, params, query())) || null;
  if (mine !== generation) {
    if (done) await done();
    return undefined;
  }
  cleanup = done;
  // Focus moves to the new screen's heading, so screen readers hear where they are.
  const heading = view.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
    document.title = `${heading.textContent} · ${t('app.name')}`;
  }
  document.dispatchEvent(new CustomEvent('desk:routed'));
  return undefined;
}
