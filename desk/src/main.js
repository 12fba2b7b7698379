// The desk's start: config, UI strings, sign-in, then the header and the screens.
import { setApiBase, apiBase } from './api.js';
import * as auth from './auth.js';
import { clear, h, select } from './dom.js';
import { announce, hideError, mountFeedback, showError } from './feedback.js';
import { LANGUAGES, chosenLanguage, lang, languageName, loadLanguage, ownName, t } from './i18n.js';
import { currentRoute, route, startRouter } from './router.js';
import { articlesScreen } from './screens/articles.js';
import { historyScreen } from './screens/history.js';
import { languagesScreen } from './screens/languages.js';
import { mediaScreen } from './screens/media.js';
import { moderationScreen } from './screens/moderation.js';
import { peopleScreen } from './screens/people.js';
import { writeScreen } from './screens/write.js';
import { keepUnsaved } from './unsaved.js';

const main = document.getElementById('main');
const masthead = document.getElementById('masthead');

async function start() {
  mountFeedback(document.getElementById('status'), document.getElementById('alert'));
  const config = await (await fetch('/desk/config.json', { cache: 'no-store' })).json();
  setApiBase(config.api);
  await loadLanguage(apiBase(), chosenLanguage());
  setUpSkipLink();
  await auth.setUp(config);
  if (auth.isCallback()) {
    await auth.completeSignIn();
  } else if (auth.wasSignedOut()) {
    return signedOutPage();
  } else {
    return auth.signIn();
  }
  renderMasthead();
  route('/articles', articlesScreen);
  route('/articles/new', writeScreen);
  route('/articles/:id', writeScreen);
  route('/articles/:id/languages', languagesScreen);
  route('/articles/:id/languages/:lang', languagesScreen);
  route('/articles/:id/history', historyScreen);
  route('/moderation', moderationScreen);
  route('/media', mediaScreen);
  route('/media/:id', mediaScreen);
  route('/people', peopleScreen);
  document.addEventListener('desk:routed', markCurrentLink);
  return startRouter(main, auth.can.newsroom() || !auth.can.moderate() ? '#/articles' : '#/moderation');
}

function setUpSkipLink() {
  const skip = document.getElementById('skip-link');
  skip.textContent = t('app.skip');
  skip.hidden = false;
  // The hash belongs to the router: the skip link moves focus itself.
  skip.onclick = (event) => {
    event.preventDefault();
    main.focus();
  };
}

function navLinks() {
  const links = [
    auth.can.newsroom() && ['#/articles', 'nav.articles', 'articles'],
    auth.can.write() && ['#/articles/new', 'nav.new_article', 'new-article'],
    auth.can.moderate() && ['#/moderation', 'nav.moderation', 'moderation'],
    auth.can.newsroom() && ['#/media', 'nav.media', 'media'],
    auth.can.manage() && ['#/people', 'nav.people', 'people'],
  ].filter(Boolean);
  return links.map(([href, key, name]) => h('li', {}, h('a', { href, 'data-nav': name }, t(key))));
}

function renderMasthead() {
  const chooser = select(
    { id: 'desk-lang', name: 'desk-lang', onchange: (event) => switchLanguage(event.target.value) },
    LANGUAGES.map((code) => [code, ownName(code)]),
    lang(),
  );
  clear(
    masthead,
    h('p', { class: 'brand' }, h('a', { href: '#/articles' }, t('app.name'))),
    h('nav', { 'aria-label': t('nav.label') }, h('ul', {}, navLinks())),
    h(
      'div',
      { class: 'account' },
      h('label', { for: 'desk-lang' }, t('app.language')),
      chooser,
      h('span', { class: 'user', 'data-testid': 'user-name' }, auth.userName()),
      h('span', { class: 'visually-hidden' }, t('app.roles', { roles: auth.roles().join(', ') })),
      h('button', { type: 'button', class: 'secondary', 'data-action': 'sign-out', onclick: () => auth.signOut() }, t('app.sign_out')),
    ),
  );
  markCurrentLink();
}

function markCurrentLink() {
  const path = `#${currentRoute()}`;
  for (const link of masthead.querySelectorAll('nav a')) {
    const href = link.getAttribute('href');
    const current = href === path || (href === '#/articles' && path.startsWith('#/articles/') && path !== '#/articles/new');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function switchLanguage(code) {
  keepUnsaved(); // the screen is drawn again in the new language, with what was typed
  await loadLanguage(apiBase(), code);
  hideError();
  renderMasthead();
  setUpSkipLink();
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  announce(t('app.language_changed', { language: languageName(code) }));
  document.getElementById('desk-lang').focus();
}

function signedOutPage() {
  clear(
    main,
    h(
      'div',
      { class: 'signed-out' },
      h('h1', {}, t('app.signed_out')),
      h('p', {}, t('app.signed_out_text')),
      h('button', { type: 'button', 'data-action': 'sign-in', onclick: () => auth.signIn() }, t('app.sign_in')),
    ),
  );
  masthead.append(h('p', { class: 'brand' }, t('app.name')));
}

start().catch((error) => {
  showError(error);
  clear(
    main,
    h('h1', {}, t('app.start_failed')),
    h('button', { type: 'button', 'data-action': 'retry', onclick: () => location.reload() }, t('app.retry')),
  );
});
