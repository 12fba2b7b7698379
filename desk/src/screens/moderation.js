// The moderation queue: comments of one status across articles, oldest first, each with its
// article's title; one or many approved, rejected or deleted; keyboard shortcuts; on request,
// each comment in another language with a machine translation into the desk's language.
import { api, publicGet } from '../api.js';
import { clear, field, formatDate, h, safeUrl, select } from '../dom.js';
import { announce, attempt } from '../feedback.js';
import { lang, languageName, t } from '../i18n.js';
import { navigate } from '../router.js';

const STATUSES = ['pending', 'approved', 'rejected'];
// What can be done to a comment in each status.
const MOVES = { pending: ['approve', 'reject', 'delete'], approved: ['reject', 'delete'], rejected: ['approve', 'delete'] };
const titles = new Map(); // 'lang:article id' → {title, lang, url} (or null when not public)

export async function moderationScreen(view, _params, query) {
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : 'pending';
  const translated = query.get('translate') === '1';
  const translateButton = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-action': 'translate-comments',
      'aria-pressed': String(translated),
      onclick: () => navigate(`#/moderation?status=${status}${translated ? '' : '&translate=1'}`),
    },
    translated ? t('moderation.show_originals') : t('moderation.translate', { language: languageName(lang()) }),
  );
  const list = h('ol', { class: 'queue', tabindex: -1, 'data-testid': 'queue', 'aria-labelledby': 'queue-title', onkeydown: onKey });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-action': 'more-comments' }, t('common.more'));
  const selectAll = h('input', { type: 'checkbox', id: 'select-all', name: 'select-all', onchange: (e) => rows().forEach((r) => check(r, e.target.checked)) });
  const bulk = h(
    'div',
    { class: 'actions bulk', role: 'group', 'aria-label': t('moderation.bulk') },
    h('span', { class: 'check' }, selectAll, h('label', { for: 'select-all' }, t('moderation.select_all'))),
    MOVES[status].map((move) =>
      h('button', { type: 'button', class: move === 'delete' ? 'danger' : 'secondary', 'data-action': `bulk-${move}`, onclick: () => actOnSelected(move) }, t(`moderation.bulk_${move}`)),
    ),
  );
  const statusSelect = select(
    {
      name: 'status',
      id: 'moderation-status',
      onchange: (e) => navigate(`#/moderation?status=${e.target.value}${translated ? '&translate=1' : ''}`),
    },
    STATUSES.map((s) => [s, t(`moderation.status_${s}`)]),
    status,
  );
  clear(
    view,
    h('h1', { id: 'queue-title' }, t('moderation.heading')),
    h('div', { class: 'filters' }, field(t('moderation.show'), statusSelect), h('div', { class: 'filter-actions' }, translateButton)),
    h('p', { class: 'hint', id: 'shortcuts', 'data-testid': 'shortcuts' }, t('moderation.shortcuts')),
    bulk,
    list,
    more,
  );

  let cursor = null;
  more.addEventListener('click', load);
  await load();

  async function load() {
    list.setAttribute('aria-busy', 'true');
    const page = await attempt(() =>
      api('/comments', { query: { status, limit: 50, cursor, translate_to: translated ? lang() : null } }),
    );
    list.removeAttribute('aria-busy');
    if (!page) return;
    const items = page.data.items;
    await Promise.all([...new Set(items.map((c) => c.article_id))].map(titleOf));
    list.append(...items.map(row));
    cursor = page.data.next_cursor;
    more.hidden = !cursor;
    emptyNote();
    const first = rows()[0];
    if (first && !list.querySelector('[tabindex="0"]')) first.tabIndex = 0;
    announce(t('moderation.count', { count: rows().length }));
  }

  function emptyNote() {
    if (!rows().length && !list.querySelector('.empty')) list.append(h('li', { class: 'empty' }, t('moderation.empty')));
  }

  function row(comment) {
    const article = titles.get(`${lang()}:${comment.article_id}`);
    const href = article?.url && safeUrl(article.url);
    const box = h('input', {
      type: 'checkbox',
      name: 'selected',
      value: comment.id,
      'aria-label': t('moderation.select', { author: comment.author || '' }),
    });
    const item = h(
      'li',
      { class: 'comment', tabindex: -1, 'data-id': comment.id, 'data-article': comment.article_id, 'aria-label': t('moderation.comment_by', { author: comment.author || '' }) },
      h('div', { class: 'comment-select' }, box),
      h(
        'div',
        { class: 'comment-body' },
        h(
          'p',
          { class: 'comment-article' },
          t('moderation.on_article'),
          ' ',
          href
            ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', lang: article.lang }, article.title)
            : h('span', { lang: article?.lang }, article?.title || comment.article_id),
        ),
        h(
          'p',
          { class: 'comment-meta' },
          h('strong', {}, comment.author || t('moderation.no_author')),
          ' · ',
          h('span', { class: 'badge' }, languageName(comment.lang)),
          ' · ',
          h('time', { datetime: comment.created_at }, formatDate(comment.created_at, lang())),
          comment.parent_id ? ` · ${t('moderation.reply')}` : '',
        ),
        h('p', { class: 'comment-text', lang: comment.lang }, comment.text || ''),
        comment.translation
          ? h(
              'p',
              { class: 'comment-translation', 'data-testid': 'comment-translation' },
              h('span', { class: 'label' }, t('moderation.machine_translation', { language: languageName(comment.translation.lang) })),
              ' ',
              h('span', { lang: comment.translation.lang }, comment.translation.text),
            )
          : null,
        h(
          'div',
          { class: 'actions' },
          MOVES[status].map((move) =>
            h(
              'button',
              {
                type: 'button',
                class: move === 'approve' ? 'small' : move === 'delete' ? 'danger small' : 'secondary small',
                'data-action': move,
                onclick: () => act([item], move),
              },
              t(`moderation.${move}`),
            ),
          ),
        ),
      ),
    );
    item.addEventListener('focusin', () => focusRow(item, false));
    return item;
  }

  function rows() {
    return [...list.querySelectorAll('li.comment')];
  }
  function check(item, on) {
    const box = item.querySelector('input[name="selected"]');
    box.checked = on ?? !box.checked;
  }

  // One row in the tab order at a time (a roving tabindex); j and k move it.
  function focusRow(item, focus = true) {
    for (const r of rows()) r.tabIndex = r === item ? 0 : -1;
    if (focus) item.focus();
  }

  function onKey(event) {
    if (event.target.matches('input[type="text"], textarea, select') || event.altKey || event.ctrlKey || event.metaKey) return;
    const current = event.target.closest('li.comment');
    const all = rows();
    const index = all.indexOf(current);
    const key = event.key;
    if (key === 'j' || key === 'k') {
      const next = all[Math.min(all.length - 1, Math.max(0, index + (key === 'j' ? 1 : -1)))];
      if (next) focusRow(next);
    } else if (!current) {
      return;
    } else if (key === 'x') {
      check(current);
    } else if (key === 'a' && MOVES[status].includes('approve')) {
      act([current], 'approve');
    } else if (key === 'r' && MOVES[status].includes('reject')) {
      act([current], 'reject');
    } else if (key === 'Delete') {
      act([current], 'delete');
    } else {
      return;
    }
    event.preventDefault();
  }

  function actOnSelected(move) {
    const chosen = rows().filter((r) => r.querySelector('input[name="selected"]').checked);
    if (!chosen.length) return announce(t('moderation.none_selected'));
    return act(chosen, move);
  }

  async function act(items, move) {
    if (move === 'delete' && !window.confirm(t('moderation.confirm_delete', { count: items.length }))) return;
    const all = rows();
    const after = all.find((r, i) => i > all.indexOf(items[items.length - 1]) && !items.includes(r)) || all.filter((r) => !items.includes(r)).pop();
    let done = 0;
    for (const item of items) {
      const path = `/articles/${encodeURIComponent(item.dataset.article)}/comments/${encodeURIComponent(item.dataset.id)}`;
      const ok = await attempt(() => (move === 'delete' ? api(path, { method: 'DELETE' }) : api(`${path}/${move}`, { method: 'POST' })));
      if (!ok) break;
      item.remove();
      done += 1;
    }
    selectAll.checked = false;
    announce(t(`moderation.done_${move}`, { count: done }));
    if (after?.isConnected) focusRow(after);
    else list.focus();
    emptyNote();
  }
}

async function titleOf(articleId) {
  const key = `${lang()}:${articleId}`;
  if (titles.has(key)) return;
  try {
    const doc = await publicGet(`/articles/${encodeURIComponent(articleId)}`, { lang: lang() });
    titles.set(key, { title: doc.title, lang: doc.lang, url: doc.url });
  } catch {
    // Not public (a draft or unpublished): the newsroom can still say its title.
    const doc = await api(`/newsroom/articles/${encodeURIComponent(articleId)}`).catch(() => null);
    titles.set(key, doc ? { title: doc.data.title, lang: doc.data.lang } : null);
  }
}
