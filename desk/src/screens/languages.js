// One article's source and one target language side by side, block by block; what changed
// in the source since the target was made; approve, edit by hand, or ask the machine again.
import { api } from '../api.js';
import { can } from '../auth.js';
import { clear, field, h } from '../dom.js';
import { announce, attempt, hideError, showError } from '../feedback.js';
import { bodyOf, createEditor, toolbar } from '../editor.js';
import { LANGUAGES, languageName, t } from '../i18n.js';
import { pickMedia } from '../media-picker.js';
import { currentRoute, navigate } from '../router.js';
import { segments } from '../segments.js';
import { changed, reviewBadge, wordDiff } from '../ui.js';
import { takeUnsaved, trackUnsaved } from '../unsaved.js';

const REFRESH_POLL_MS = 2000;
const REFRESH_POLLS = 15;

export async function languagesScreen(view, { id, lang: target }) {
  const route = currentRoute();
  const path = `/articles/${encodeURIComponent(id)}`;
  const loaded = await attempt(() => api(`/newsroom${path}`));
  if (!loaded) return clear(view, h('h1', {}, t('write.not_found')));
  const source = loaded.data;
  let etag = loaded.etag;
  const sourceLang = source.source_lang;
  const targets = LANGUAGES.filter((code) => code !== sourceLang);
  if (!target || !targets.includes(target)) {
    navigate(`#/articles/${id}/languages/${targets[0]}`, { replace: true });
    return undefined;
  }
  const [targetLoaded, history] = await Promise.all([
    attempt(() => api(`/newsroom${path}`, { query: { lang: target } })),
    revisionsOf(path),
  ]);
  if (!targetLoaded) return undefined;
  const doc = targetLoaded.data;
  const hasText = doc.lang === target;
  const state = source.review?.[target] || (hasText ? 'machine' : null);
  // Reporters translate their drafts only; translators and editors any article.
  const mayTranslate = can.approve() || (can.translate() && source.status === 'draft');

  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': t('langs.actions') });
  const editArea = h('section', { class: 'translation-edit', 'aria-labelledby': 'edit-title', hidden: true });
  let editor = null;
  let untrack = () => {};

  clear(
    view,
    h('h1', {}, t('langs.heading'), ': ', h('span', { lang: sourceLang }, source.title)),
    h(
      'nav',
      { class: 'subnav', 'aria-label': t('write.article_nav') },
      h('a', { href: `#/articles/${id}` }, t('langs.back_to_article')),
      h('a', { href: `#/articles/${id}/history` }, t('write.history')),
    ),
    h(
      'nav',
      { class: 'tabs', 'aria-label': t('langs.choose_language') },
      h(
        'ul',
        {},
        targets.map((code) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: `#/articles/${id}/languages/${code}`, 'aria-current': code === target ? 'page' : null, 'data-lang': code },
              languageName(code),
              source.review?.[code] ? h('span', { class: 'tab-state' }, ` (${t(`states.${source.review[code]}`)})`) : null,
            ),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'state-line', 'data-testid': 'review-state' },
      state ? reviewBadge(target, state) : t('langs.no_translation'),
      ' ',
      stateExplanation(doc, hasText, state),
    ),
    actions,
    sourceChanges(),
    editArea,
    sideBySide(),
  );
  drawActions();
  const kept = takeUnsaved(route);
  if (kept) {
    openEditor(kept.values);
    announce(t('write.restored'));
  }

  function drawActions() {
    clear(
      actions,
      can.approve() && state === 'machine'
        ? h('button', { type: 'button', 'data-action': 'approve', onclick: approve }, t('langs.approve'))
        : null,
      mayTranslate
        ? h('button', { type: 'button', class: 'secondary', 'data-action': 'edit-translation', onclick: () => openEditor() }, t('langs.edit'))
        : null,
      can.approve()
        ? h('button', { type: 'button', class: 'secondary', 'data-action': 'refresh-translation', onclick: refresh }, t('langs.refresh'))
        : null,
    );
  }

  function stateExplanation(targetDoc, exists, reviewState) {
    if (!exists) return t('langs.served_in_source', { language: languageName(sourceLang) });
    const info = targetDoc.translation || {};
    const parts = [t(`langs.origin_${info.origin || 'machine'}`)];
    if (info.provider) parts.push(t('langs.provider', { provider: info.provider }));
    if (info.stale || reviewState === 'outdated') parts.push(t('langs.stale'));
    return parts.join(' · ');
  }

  function sideBySide() {
    const left = [
      { label: t('write.title'), text: source.title },
      { label: t('write.summary'), text: source.summary },
      ...segments(source.body).map((s) => ({ label: t(`blocks.${s.tag}`), text: s.text, media: s.media })),
    ];
    const right = hasText
      ? [
          { text: doc.title },
          { text: doc.summary },
          ...segments(doc.body).map((s) => ({ text: s.text, media: s.media, tag: s.tag })),
        ]
      : [];
    const rows = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
      const a = left[i] || {};
      const b = right[i] || {};
      return h(
        'tr',
        { 'data-segment': i },
        h('th', { scope: 'row' }, a.label || (b.tag ? t(`blocks.${b.tag}`) : '')),
        h('td', { lang: sourceLang }, a.media ? t('editor.figure', { id: a.media }) : a.text || ''),
        h('td', { lang: target }, b.media ? t('editor.figure', { id: b.media }) : b.text || (hasText ? '' : '—')),
      );
    });
    return h(
      'section',
      { 'aria-labelledby': 'segments-title' },
      h('h2', { id: 'segments-title' }, t('langs.segments')),
      h(
        'table',
        { class: 'segments', 'data-testid': 'segments' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('langs.segment')),
            h('th', { scope: 'col' }, t('langs.source_column', { language: languageName(sourceLang) })),
            h('th', { scope: 'col' }, t('langs.target_column', { language: languageName(target) })),
          ),
        ),
        h('tbody', {}, rows),
      ),
    );
  }

  // The source's word diff from the revision that last wrote the target to the newest one.
  function sourceChanges() {
    const section = h(
      'section',
      { class: 'source-changes', 'aria-labelledby': 'changes-title', 'data-testid': 'source-changes' },
      h('h2', { id: 'changes-title' }, t('langs.changes_heading', { language: languageName(sourceLang) })),
    );
    const items = history || [];
    const latest = items[0]?.revision;
    const made = items.find((r) => (r.langs || []).includes(target));
    const sourceSince = made && items.some((r) => r.revision > made.revision && (r.langs || []).includes(sourceLang));
    if (!made || !sourceSince) {
      section.append(h('p', {}, made ? t('langs.no_changes') : t('langs.no_history')));
      return section;
    }
    section.append(h('p', {}, t('langs.changes_since', { from: made.revision, to: latest })));
    const body = h('div', { 'aria-busy': 'true' });
    section.append(body);
    attempt(() => api(`${path}/revisions/${latest}/diff`, { query: { against: made.revision } })).then((diff) => {
      body.removeAttribute('aria-busy');
      const fields = diff?.data.langs?.[sourceLang] || {};
      const shown = ['title', 'summary', 'body'].filter((name) => fields[name] && changed(fields[name]));
      if (!shown.length) return clear(body, h('p', {}, t('langs.no_changes')));
      return clear(
        body,
        shown.map((name) => h('div', { class: 'diff-field' }, h('h3', {}, t(`write.${name}`)), wordDiff(fields[name], sourceLang))),
      );
    });
    return section;
  }

  async function approve() {
    const done = await attempt(() => api(`${path}/translations/${target}/approve`, { method: 'POST', etag }));
    if (!done) return;
    announce(t('langs.approved', { language: languageName(target) }));
    rerender();
  }

  async function refresh() {
    if (!window.confirm(t('langs.confirm_refresh'))) return;
    const before = (await revisionsOf(path, 1))?.[0]?.revision || 0;
    const done = await attempt(() => api(`${path}/translations/${target}/refresh`, { method: 'POST' }));
    if (!done) return;
    announce(t('langs.refresh_requested'));
    for (let i = 0; i < REFRESH_POLLS; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, REFRESH_POLL_MS));
      if (!view.isConnected) return;
      const newest = (await revisionsOf(path, 1))?.[0];
      if (newest && newest.revision > before && (newest.langs || []).includes(target)) {
        announce(t('langs.refreshed'));
        rerender();
        return;
      }
    }
    announce(t('langs.refresh_pending'));
  }

  function openEditor(kept) {
    const start = kept || (hasText ? doc : source);
    const title = h('input', { name: 'translation-title', id: 'translation-title', maxlength: 200, lang: target, value: start.title || '' });
    const summary = h('textarea', { name: 'translation-summary', id: 'translation-summary', rows: 3, maxlength: 600, lang: target });
    summary.value = start.summary || '';
    const host = h('div', { class: 'editor-host' });
    editor?.destroy();
    editor = createEditor(host, { html: start.body || '', label: t('langs.body_in', { language: languageName(target) }), lang: target });
    const cancel = () => {
      editor?.destroy();
      editor = null;
      untrack();
      editArea.hidden = true;
      clear(editArea);
      actions.querySelector('[data-action="edit-translation"]')?.focus();
    };
    clear(
      editArea,
      h('h2', { id: 'edit-title' }, t('langs.edit_heading', { language: languageName(target) })),
      hasText || kept ? null : h('p', { class: 'hint' }, t('langs.starts_from_source')),
      h(
        'form',
        { onsubmit: save },
        field(t('write.title'), title),
        field(t('write.summary'), summary),
        h('div', { class: 'field' }, h('span', { class: 'label' }, t('write.body')), toolbar(editor, { pickFigure: pickMedia }), host),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', 'data-action': 'save-translation' }, t('langs.save')),
          h('button', { type: 'button', class: 'secondary', 'data-action': 'cancel-translation', onclick: cancel }, t('editor.cancel')),
        ),
      ),
    );
    editArea.hidden = false;
    title.focus();
    untrack();
    untrack = trackUnsaved(() => ({ route, values: { title: title.value, summary: summary.value, body: bodyOf(editor) } }));

    async function save(event) {
      event.preventDefault();
      const rendition = { title: title.value.trim(), summary: summary.value.trim(), body: bodyOf(editor) };
      // PUT /articles/{id} with translations only (a translator may): it takes If-Match,
      // so a translation is never saved over a change someone else made meanwhile.
      try {
        await api(path, { method: 'PUT', body: { translations: { [target]: rendition } }, etag });
      } catch (error) {
        if (error.status !== 412) {
          if (error.name !== 'Leaving') showError(error);
          return;
        }
        const fresh = await attempt(() => api(`/newsroom${path}`));
        if (fresh) etag = fresh.etag;
        showError({ message: t('langs.conflict') });
        return;
      }
      hideError();
      untrack();
      announce(t('langs.saved', { language: languageName(target) }));
      rerender();
    }
  }

  function rerender() {
    untrack();
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }

  return () => {
    untrack();
    editor?.destroy();
  };
}

// The article's revisions, newest first (a few pages at most: enough to find the last
// write of a language).
async function revisionsOf(path, limit = 50, pages = 4) {
  const all = [];
  let cursor = null;
  for (let i = 0; i < pages; i += 1) {
    const page = await attempt(() => api(`${path}/revisions`, { query: { limit, cursor } }));
    if (!page) break;
    all.push(...page.data.items);
    cursor = page.data.next_cursor;
    if (!cursor || limit < 50) break;
  }
  return all;
}
