// An article's revisions: who, when, what; any two compared word by word; restore.
import { api } from '../api.js';
import { can } from '../auth.js';
import { clear, formatDate, h } from '../dom.js';
import { announce, attempt } from '../feedback.js';
import { lang, languageName, t } from '../i18n.js';
import { changed, wordDiff } from '../ui.js';

export async function historyScreen(view, { id }) {
  const path = `/articles/${encodeURIComponent(id)}`;
  const loaded = await attempt(() => api(`/newsroom${path}`));
  if (!loaded) return clear(view, h('h1', {}, t('write.not_found')));
  let article = loaded.data;
  let etag = loaded.etag;
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-action': 'more-revisions' }, t('common.more'));
  const compare = h('button', { type: 'submit', 'data-action': 'compare' }, t('history.compare'));
  const result = h('section', { class: 'diff-result', 'aria-live': 'polite', 'data-testid': 'diff' });
  const form = h(
    'form',
    { onsubmit: showDiff },
    h(
      'table',
      { class: 'revisions', 'data-testid': 'revisions' },
      h('caption', { class: 'visually-hidden' }, t('history.caption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [
            t('history.older'),
            t('history.newer'),
            t('history.revision'),
            t('history.when'),
            t('history.who'),
            t('history.action'),
            t('history.languages'),
            t('history.fields'),
            can.publish() ? t('history.restore') : null,
          ]
            .filter(Boolean)
            .map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      body,
    ),
    h('div', { class: 'actions' }, compare, more),
  );
  clear(
    view,
    h('h1', {}, t('history.heading'), ': ', h('span', { lang: article.source_lang }, article.title)),
    h(
      'nav',
      { class: 'subnav', 'aria-label': t('write.article_nav') },
      h('a', { href: `#/articles/${id}` }, t('langs.back_to_article')),
      h('a', { href: `#/articles/${id}/languages` }, t('write.languages')),
    ),
    h('p', { class: 'hint' }, t('history.hint')),
    form,
    result,
  );

  let cursor = null;
  more.addEventListener('click', load);
  await load();
  // The two newest are chosen to start with: "what did the last write change".
  const radios = (name) => form.querySelectorAll(`input[name="${name}"]`);
  if (radios('against')[1]) radios('against')[1].checked = true;
  if (radios('revision')[0]) radios('revision')[0].checked = true;

  async function load() {
    const page = await attempt(() => api(`${path}/revisions`, { query: { limit: 50, cursor } }));
    if (!page) return;
    body.append(...page.data.items.map(row));
    cursor = page.data.next_cursor;
    more.hidden = !cursor;
  }

  function row(r) {
    const label = t('history.revision_n', { n: r.revision });
    return h(
      'tr',
      { 'data-revision': r.revision },
      h('td', {}, h('input', { type: 'radio', name: 'against', value: r.revision, 'aria-label': `${t('history.older')}: ${label}` })),
      h('td', {}, h('input', { type: 'radio', name: 'revision', value: r.revision, 'aria-label': `${t('history.newer')}: ${label}` })),
      h('td', {}, r.revision),
      h('td', {}, h('time', { datetime: r.at }, formatDate(r.at, lang()))),
      h('td', {}, r.by_name || r.by || ''),
      h('td', {}, t(`actions.${r.action}`)),
      h('td', {}, (r.langs || []).map((code) => code.toUpperCase()).join(', ')),
      h('td', {}, (r.fields || []).map(fieldName).join(', ')),
      can.publish()
        ? h(
            'td',
            {},
            h(
              'button',
              { type: 'button', class: 'secondary small', 'data-action': 'restore', 'aria-label': `${t('history.restore')}: ${label}`, onclick: () => restore(r.revision) },
              t('history.restore'),
            ),
          )
        : null,
    );
  }

  async function showDiff(event) {
    event.preventDefault();
    const data = new FormData(form);
    const older = Number(data.get('against'));
    const newer = Number(data.get('revision'));
    if (!older || !newer || older === newer) {
      clear(result, h('p', {}, t('history.pick_two')));
      return;
    }
    const diff = await attempt(() => api(`${path}/revisions/${newer}/diff`, { query: { against: older } }));
    if (!diff) return;
    const sections = [];
    for (const [code, fields] of Object.entries(diff.data.langs || {})) {
      const shown = Object.entries(fields).filter(([, parts]) => changed(parts));
      if (!shown.length) continue;
      sections.push(
        h(
          'section',
          { 'data-lang': code },
          h('h3', {}, languageName(code)),
          shown.map(([name, parts]) => h('div', { class: 'diff-field' }, h('h4', {}, fieldName(name)), wordDiff(parts, code))),
        ),
      );
    }
    const meta = Object.entries(diff.data.fields || {}).map(([name, change]) =>
      h('tr', {}, h('th', { scope: 'row' }, fieldName(name)), h('td', {}, shown(change.from)), h('td', {}, shown(change.to))),
    );
    if (meta.length) {
      sections.push(
        h(
          'section',
          {},
          h('h3', {}, t('history.details')),
          h(
            'table',
            { class: 'meta-diff' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('write.field')), h('th', { scope: 'col' }, t('history.from')), h('th', { scope: 'col' }, t('history.to')))),
            h('tbody', {}, meta),
          ),
        ),
      );
    }
    clear(
      result,
      h('h2', {}, t('history.diff_heading', { older, newer })),
      sections.length ? sections : h('p', {}, t('history.no_difference')),
    );
  }

  async function restore(number) {
    if (!window.confirm(t('history.confirm_restore', { n: number }))) return;
    const done = await attempt(() => api(`${path}/revisions/${number}/restore`, { method: 'POST', etag }));
    if (!done) {
      // A stale ETag: read the article again so the next try can go through.
      const fresh = await attempt(() => api(`/newsroom${path}`));
      if (fresh) ({ data: article, etag } = fresh);
      return;
    }
    ({ data: article, etag } = done);
    announce(t('history.restored', { n: number }));
    cursor = null;
    body.replaceChildren();
    await load();
  }
}

function fieldName(name) {
  const key = `fields.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

function shown(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
