// The newsroom's list: every article in any state, 50 a page, filtered, with each language's
// review state. Filters live in the hash (#/articles?status=draft) so a reload keeps them.
import { api } from '../api.js';
import { can } from '../auth.js';
import { clear, field, formatDate, h, select } from '../dom.js';
import { attempt, announce } from '../feedback.js';
import { LANGUAGES, lang, t } from '../i18n.js';
import { navigate } from '../router.js';
import { STATES, STATUSES, languageOptions, reviewBadge, statusBadge } from '../ui.js';

const PAGE = 50;
const FILTERS = ['status', 'lang', 'category', 'author', 'q', 'state'];

export async function articlesScreen(view, _params, query) {
  const chosen = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) || '']));
  const [categories, authors] = await Promise.all([
    attempt(() => api('/categories', { query: { lang: lang() } })),
    attempt(() => api('/authors', { query: { lang: lang() } })),
  ]);
  const any = ['', t('list.any')];
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('list.filters'), onsubmit: apply },
    field(t('list.search'), h('input', { type: 'search', name: 'q', value: chosen.q, maxlength: 200 })),
    field(t('list.status'), select({ name: 'status' }, [any, ...STATUSES.map((s) => [s, t(`statuses.${s}`)])], chosen.status)),
    field(t('list.source_language'), select({ name: 'lang' }, [any, ...languageOptions(LANGUAGES)], chosen.lang)),
    field(
      t('list.review_state'),
      select({ name: 'state' }, [any, ...STATES.filter((s) => s !== 'source').map((s) => [s, t(`states.${s}`)])], chosen.state),
      t('list.review_state_hint'),
    ),
    field(
      t('list.category'),
      select({ name: 'category' }, [any, ...(categories?.data.items || []).map((c) => [c.id, c.name])], chosen.category),
    ),
    field(
      t('list.author'),
      select({ name: 'author' }, [any, ...(authors?.data.items || []).map((a) => [a.name, a.name])], chosen.author),
    ),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', 'data-action': 'filter' }, t('list.apply'))),
  );
  for (const control of form.querySelectorAll('select')) control.addEventListener('change', apply);

  const summary = h('p', { class: 'list-summary', id: 'list-summary' });
  const table = h(
    'table',
    { class: 'articles', 'data-testid': 'articles', 'aria-describedby': 'list-summary' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [t('list.title'), t('list.status'), t('list.languages'), t('list.author'), t('list.updated')].map((label) =>
          h('th', { scope: 'col' }, label),
        ),
      ),
    ),
  );
  const body = h('tbody');
  table.append(body);
  const firstPage = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-action': 'first-page' }, t('list.first_page'));
  const nextPage = h('button', { type: 'button', hidden: true, 'data-action': 'next-page' }, t('list.next_page'));
  const pager = h('div', { class: 'pager' }, firstPage, nextPage);

  clear(
    view,
    h(
      'div',
      { class: 'screen-head' },
      h('h1', {}, t('list.heading')),
      can.write() ? h('a', { class: 'button', href: '#/articles/new', 'data-action': 'new-article' }, t('nav.new_article')) : null,
    ),
    form,
    summary,
    table,
    pager,
  );

  let cursor = null;
  firstPage.addEventListener('click', () => load(null));
  nextPage.addEventListener('click', () => load(cursor));
  await load(null);

  function apply(event) {
    event?.preventDefault();
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const name of FILTERS) if (data.get(name)) params.set(name, data.get(name));
    const hash = `#/articles${params.size ? `?${params}` : ''}`;
    if (hash !== location.hash) navigate(hash);
  }

  async function load(from) {
    table.setAttribute('aria-busy', 'true');
    const page = await attempt(() =>
      api('/newsroom/articles', {
        query: {
          limit: PAGE,
          cursor: from,
          status: chosen.status,
          lang: chosen.lang,
          category: chosen.category,
          author: chosen.author,
          q: chosen.q.trim(),
          review: chosen.state,
        },
      }),
    );
    table.removeAttribute('aria-busy');
    if (!page) return;
    const items = page.data.items;
    clear(body, items.map(row));
    if (!items.length) body.append(h('tr', {}, h('td', { colspan: 5 }, t('list.empty'))));
    summary.textContent = t('list.shown', { count: items.length });
    announce(summary.textContent);
    cursor = page.data.next_cursor;
    nextPage.hidden = !cursor;
    firstPage.hidden = !from;
  }
}

function row(article) {
  const languages = article.languages || {};
  const source = languages[article.source_lang] || {};
  const title = source.title || article.id;
  const ordered = [article.source_lang, ...Object.keys(languages).filter((code) => code !== article.source_lang).sort()];
  return h(
    'tr',
    { 'data-id': article.id },
    h('td', {}, h('a', { href: `#/articles/${encodeURIComponent(article.id)}`, lang: article.source_lang }, title)),
    h('td', {}, statusBadge(article.status)),
    h(
      'td',
      {},
      h(
        'ul',
        { class: 'badges' },
        ordered
          .filter((code) => languages[code])
          .map((code) =>
            h(
              'li',
              {},
              h(
                'a',
                { href: code === article.source_lang ? `#/articles/${article.id}` : `#/articles/${article.id}/languages/${code}` },
                reviewBadge(code, languages[code].state),
              ),
            ),
          ),
      ),
    ),
    h('td', {}, article.author || ''),
    h('td', {}, h('time', { datetime: article.updated_at }, formatDate(article.updated_at, lang()))),
  );
}
