// Writing an article: its source-language text and its details. A draft saves itself a few
// seconds after typing stops; every save sends If-Match, and a 412 shows both versions and
// lets the editor choose (nothing is overwritten silently).
import { api } from '../api.js';
import { can } from '../auth.js';
import { clear, field, formatDate, h, safeUrl, select } from '../dom.js';
import { announce, attempt, hideError, showError } from '../feedback.js';
import { bodyOf, createEditor, setBody, toolbar } from '../editor.js';
import { LANGUAGES, lang, languageName, t } from '../i18n.js';
import { pickMedia } from '../media-picker.js';
import { currentRoute, navigate } from '../router.js';
import { bodyText } from '../segments.js';
import { languageOptions, statusBadge } from '../ui.js';
import { takeUnsaved, trackUnsaved } from '../unsaved.js';

const AUTOSAVE_MS = 3000;
const FIELDS = ['title', 'summary', 'body', 'category', 'tags', 'authors', 'image', 'comments_open', 'published_at'];

export async function writeScreen(view, { id }) {
  const route = currentRoute();
  const isNew = !id;
  let timer = null;
  let saving = false;
  let inConflict = false;
  let lastSaved = null;
  let article = null;
  let etag = null;
  if (!isNew) {
    const loaded = await attempt(() => api(`/newsroom/articles/${encodeURIComponent(id)}`));
    if (!loaded) return clear(view, h('h1', {}, t('write.not_found')));
    article = loaded.data;
    etag = loaded.etag;
  }
  const [categories, authors] = await Promise.all([
    attempt(() => api('/categories', { query: { lang: lang() } })),
    attempt(() => api('/authors', { query: { lang: lang() } })),
  ]);
  const mayEdit = () => (isNew ? can.write() : can.publish() || (can.write() && article.status === 'draft'));
  const sourceLang = article?.source_lang || lang();

  // The form's controls.
  const title = h('input', { name: 'title', id: 'title', required: true, maxlength: 200, lang: sourceLang, autocomplete: 'off' });
  const summary = h('textarea', { name: 'summary', id: 'summary', required: true, maxlength: 600, rows: 3, lang: sourceLang });
  const editorHost = h('div', { class: 'editor-host', id: 'body' });
  const editor = createEditor(editorHost, { html: article?.body || '', label: t('write.body'), onChange: changed, lang: sourceLang });
  const sourceSelect = select({ name: 'source_lang', id: 'source_lang' }, languageOptions(LANGUAGES), sourceLang);
  const categorySelect = select(
    { name: 'category', id: 'category', required: true },
    [['', t('write.choose')], ...(categories?.data.items || []).map((c) => [c.id, c.name])],
    article?.category || '',
  );
  const tags = h('input', { name: 'tags', id: 'tags', autocomplete: 'off', pattern: '[a-z0-9\\-, ]*' });
  const authorList = (authors?.data.items || []).map((a) => ({ id: a.id, name: a.name }));
  let chosenAuthors = (article?.authors || []).map((a) => a.id);
  const authorBoxes = h(
    'fieldset',
    { class: 'checks', id: 'authors' },
    h('legend', {}, t('write.authors')),
    authorList.map((a) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          name: 'authors',
          value: a.id,
          checked: chosenAuthors.includes(a.id),
          onchange: (event) => {
            // The byline follows the order in which authors were ticked.
            chosenAuthors = event.target.checked ? [...chosenAuthors, a.id] : chosenAuthors.filter((x) => x !== a.id);
            changed();
          },
        }),
        a.name,
      ),
    ),
  );
  const image = h('input', { name: 'image', id: 'image', autocomplete: 'off', pattern: '[a-z0-9]*' });
  const imagePreview = h('div', { class: 'lead-preview' });
  const comments = h('input', { type: 'checkbox', name: 'comments_open', id: 'comments_open' });
  const publishedAt = h('input', { type: 'datetime-local', name: 'published_at', id: 'published_at' });

  function values() {
    return {
      title: title.value.trim(),
      summary: summary.value.trim(),
      body: bodyOf(editor),
      category: categorySelect.value,
      tags: tags.value.split(',').map((s) => s.trim()).filter(Boolean),
      authors: [...chosenAuthors],
      image: image.value.trim() || null,
      comments_open: comments.checked,
      published_at: publishedAt.value ? new Date(publishedAt.value).toISOString() : null,
    };
  }

  function fill(doc) {
    if (isNew && doc.source_lang) sourceSelect.value = doc.source_lang;
    title.value = doc.title || '';
    summary.value = doc.summary || '';
    setBody(editor, doc.body);
    categorySelect.value = doc.category || '';
    tags.value = (doc.tags || []).join(', ');
    chosenAuthors = (doc.authors || []).map((a) => (typeof a === 'string' ? a : a.id));
    for (const box of authorBoxes.querySelectorAll('input')) box.checked = chosenAuthors.includes(box.value);
    image.value = typeof doc.image === 'string' ? doc.image : doc.image?.id || '';
    showLeadImage(doc.image?.src || null);
    comments.checked = doc.comments_open ?? true;
    publishedAt.value = doc.published_at ? toLocalInput(doc.published_at) : '';
  }

  function showLeadImage(src) {
    const url = src && safeUrl(src);
    clear(imagePreview, url ? h('img', { src: url, alt: t('write.lead_image_preview') }) : null);
  }

  // The state the server has, in the form's terms: what differs from it is unsaved.
  let baseline = null;
  const dirtyFields = () => FIELDS.filter((name) => JSON.stringify(values()[name]) !== JSON.stringify(baseline?.[name]));

  const saveState = h('p', { class: 'save-state', id: 'save-state', 'data-testid': 'save-state' });
  const statusLine = h('p', { class: 'status-line' });
  const previewLinks = h('div', { class: 'preview-links', 'data-testid': 'preview-links' });
  const conflictArea = h('div', { class: 'conflict-area' });
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': t('write.actions') });
  const corrections = h('section', { class: 'corrections', 'aria-labelledby': 'corrections-title' });

  const form = h(
    'form',
    { class: 'write-form', id: 'write-form', novalidate: true, onsubmit: (event) => event.preventDefault() },
    h(
      'div',
      { class: 'write-main' },
      field(t('write.title'), title),
      field(t('write.summary'), summary),
      h(
        'div',
        { class: 'field' },
        h('span', { class: 'label', id: 'body-label' }, t('write.body')),
        toolbar(editor, { pickFigure: pickMedia }),
        editorHost,
      ),
    ),
    h(
      'fieldset',
      { class: 'write-details' },
      h('legend', {}, t('write.details')),
      isNew ? field(t('write.source_language'), sourceSelect) : h('p', {}, `${t('write.source_language')}: `, languageName(sourceLang)),
      field(t('write.category'), categorySelect),
      field(t('write.tags'), tags, t('write.tags_hint')),
      authorBoxes,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'image' }, t('write.lead_image')),
        h(
          'div',
          { class: 'inline' },
          image,
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-action': 'choose-image',
              onclick: async () => {
                const chosen = await pickMedia();
                if (chosen) {
                  image.value = chosen.id;
                  showLeadImage(chosen.src);
                  changed();
                }
                image.focus();
              },
            },
            t('write.choose_image'),
          ),
        ),
        imagePreview,
      ),
      h('div', { class: 'field check' }, comments, h('label', { for: 'comments_open' }, t('write.comments_open'))),
      field(t('write.published_at'), publishedAt, t('write.published_at_hint')),
    ),
  );
  for (const control of [title, summary, categorySelect, tags, image, comments, publishedAt]) {
    control.addEventListener('input', changed);
    control.addEventListener('change', changed);
  }

  clear(
    view,
    h('h1', { lang: isNew ? null : sourceLang }, isNew ? t('write.new_heading') : article.title),
    h(
      'div',
      { class: 'write-meta' },
      statusLine,
      saveState,
      isNew
        ? null
        : h(
            'nav',
            { class: 'subnav', 'aria-label': t('write.article_nav') },
            h('a', { href: `#/articles/${id}/languages`, 'data-nav': 'languages' }, t('write.languages')),
            h('a', { href: `#/articles/${id}/history`, 'data-nav': 'history' }, t('write.history')),
          ),
    ),
    conflictArea,
    form,
    actions,
    previewLinks,
    corrections,
  );

  if (article) fill(article);
  else comments.checked = true;
  baseline = values();
  const kept = takeUnsaved(route);
  if (kept) {
    fill(kept.values);
    announce(t('write.restored'));
  }
  setEditable();
  drawStatus();
  drawActions();
  drawCorrections();
  updateSaveState();
  if (kept) changed(); // a draft saves what was put back
  const untrack = trackUnsaved(() =>
    dirtyFields().length ? { route, values: { ...values(), source_lang: sourceSelect.value } } : null,
  );

  function changed() {
    updateSaveState();
    if (isNew || !mayEdit() || inConflict || article.status !== 'draft') return;
    clearTimeout(timer);
    timer = setTimeout(() => save(), AUTOSAVE_MS);
  }

  function updateSaveState() {
    const dirty = baseline && dirtyFields().length > 0;
    saveState.dataset.state = saving ? 'saving' : dirty ? 'dirty' : 'saved';
    saveState.textContent = saving
      ? t('write.saving')
      : dirty
        ? t('write.unsaved')
        : lastSaved
          ? t('write.saved_at', { time: lastSaved })
          : isNew
            ? ''
            : t('write.up_to_date');
  }

  function setEditable() {
    const editable = mayEdit();
    editor.setEditable(editable);
    for (const control of form.querySelectorAll('input, textarea, select, button')) control.disabled = !editable;
    form.classList.toggle('read-only', !editable);
  }

  function drawStatus() {
    if (isNew) return clear(statusLine, statusBadge('draft'));
    return clear(
      statusLine,
      statusBadge(article.status),
      ' ',
      t('write.version', { version: article.version }),
      article.published_at && ['published', 'scheduled'].includes(article.status)
        ? ` · ${t(`write.${article.status}_on`, { date: formatDate(article.published_at, lang()) })}`
        : '',
      mayEdit() ? '' : ` · ${t('write.read_only')}`,
    );
  }

  function button(action, label, run, cls) {
    return h('button', { type: 'button', class: cls || null, 'data-action': action, onclick: run }, label);
  }

  function drawActions() {
    if (isNew) {
      return clear(actions, can.write() ? button('create', t('write.create'), create) : null);
    }
    const status = article.status;
    const editor_ = can.publish();
    return clear(
      actions,
      mayEdit() ? button('save', status === 'draft' ? t('write.save_now') : t('write.save'), () => save()) : null,
      button('preview', t('write.preview'), preview, 'secondary'),
      editor_ && ['draft', 'unpublished', 'scheduled'].includes(status) ? button('publish', t('write.publish'), publish) : null,
      editor_ && ['draft', 'scheduled'].includes(status) ? button('schedule', t('write.schedule'), schedule, 'secondary') : null,
      editor_ && ['published', 'scheduled'].includes(status) ? button('unpublish', t('write.unpublish'), unpublish, 'danger') : null,
    );
  }

  function drawCorrections() {
    if (isNew || article.status !== 'published') return clear(corrections);
    const list = (article.corrections || []).map((c) =>
      h('li', { lang: c.lang }, h('time', { datetime: c.at }, formatDate(c.at, lang())), ': ', c.text),
    );
    const text = h('textarea', { name: 'correction', id: 'correction', rows: 3, maxlength: 1000, lang: sourceLang });
    const correctionLang = select({ name: 'correction_lang', id: 'correction_lang' }, languageOptions(LANGUAGES), sourceLang);
    correctionLang.addEventListener('change', () => text.setAttribute('lang', correctionLang.value));
    return clear(
      corrections,
      h('h2', { id: 'corrections-title' }, t('write.corrections')),
      list.length ? h('ul', {}, list) : h('p', {}, t('write.no_corrections')),
      can.publish()
        ? h(
            'form',
            { class: 'correction-form', onsubmit: addCorrection },
            field(t('write.correction_text'), text, t('write.correction_hint')),
            field(t('write.correction_language'), correctionLang),
            h('button', { type: 'submit', 'data-action': 'add-correction' }, t('write.add_correction')),
          )
        : null,
    );
    async function addCorrection(event) {
      event.preventDefault();
      if (!text.value.trim()) return text.focus();
      const done = await attempt(() =>
        api(`/articles/${id}/corrections`, { method: 'POST', body: { lang: correctionLang.value, text: text.value.trim() } }),
      );
      if (!done) return undefined;
      await reload();
      announce(t('write.correction_added'));
      return undefined;
    }
  }

  function creationBody() {
    const v = values();
    const body = {
      source_lang: sourceSelect.value,
      title: v.title,
      summary: v.summary,
      body: v.body,
      category: v.category,
      tags: v.tags,
      authors: v.authors,
      comments_open: v.comments_open,
      status: 'draft',
    };
    if (v.image) body.image = v.image;
    if (v.published_at) body.published_at = v.published_at;
    return body;
  }

  async function create() {
    hideError();
    const created = await attempt(() => api('/articles', { method: 'POST', body: creationBody() }));
    if (!created) return;
    baseline = values(); // nothing left unsaved on this screen
    announce(t('write.created'));
    navigate(`#/articles/${created.data.id}`, { replace: true });
  }

  // PUT the fields that differ from the server's, plus `extra` (a status change).
  async function save(extra = {}) {
    clearTimeout(timer);
    if (saving || inConflict) return false;
    const current = values();
    const changes = Object.fromEntries(dirtyFields().map((name) => [name, current[name]]));
    if (!Object.keys(changes).length && !Object.keys(extra).length) {
      updateSaveState();
      return true;
    }
    saving = true;
    updateSaveState();
    try {
      const saved = await api(`/articles/${id}`, { method: 'PUT', body: { ...changes, ...extra }, etag });
      article = saved.data;
      etag = saved.etag;
      baseline = { ...baseline, ...changes };
      if (extra.status) {
        // A status change may set the publication time: the form shows the server's.
        publishedAt.value = article.published_at ? toLocalInput(article.published_at) : '';
        baseline.published_at = values().published_at;
      }
      lastSaved = new Intl.DateTimeFormat(lang(), { timeStyle: 'short' }).format(new Date());
      hideError();
      announce(t('write.saved'));
      return true;
    } catch (error) {
      if (error.status === 412) await showConflict();
      else if (error.name !== 'Leaving') showError(error);
      return false;
    } finally {
      saving = false;
      updateSaveState();
      drawStatus();
      drawActions();
      drawCorrections();
      setEditable();
      if (!inConflict && dirtyFields().length && article.status === 'draft' && mayEdit()) changed();
    }
  }

  async function reload() {
    const loaded = await attempt(() => api(`/newsroom/articles/${id}`));
    if (!loaded) return;
    article = loaded.data;
    etag = loaded.etag;
    drawStatus();
    drawActions();
    drawCorrections();
    setEditable();
  }

  async function publish() {
    if (!window.confirm(t('write.confirm_publish'))) return;
    const extra = { status: 'published' };
    // A scheduled article published now: now, not at its planned time.
    if (article.status === 'scheduled') extra.published_at = new Date().toISOString();
    if (await save(extra)) announce(t('write.published'));
  }

  async function schedule() {
    const when = values().published_at;
    if (!when || new Date(when) <= new Date()) {
      showError({ message: t('write.schedule_needs_time') });
      return publishedAt.focus();
    }
    if (await save({ status: 'scheduled', published_at: when })) announce(t('write.scheduled', { date: formatDate(when, lang()) }));
    return undefined;
  }

  async function unpublish() {
    if (!window.confirm(t('write.confirm_unpublish'))) return;
    const done = await attempt(() => api(`/articles/${id}`, { method: 'DELETE' }));
    if (done) {
      await reload();
      announce(t('write.unpublished'));
    }
  }

  async function preview() {
    if (dirtyFields().length && mayEdit() && !(await save())) return;
    const links = await attempt(() => api(`/articles/${id}/preview`, { method: 'POST' }));
    if (!links) return;
    const items = Object.entries(links.data.urls || {}).map(([code, url]) => {
      const href = safeUrl(url);
      return h('li', {}, href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', 'data-lang': code }, languageName(code)) : languageName(code));
    });
    clear(
      previewLinks,
      h('h2', {}, t('write.preview_links')),
      h('p', {}, t('write.preview_expires', { date: formatDate(links.data.expires_at, lang()) })),
      h('ul', {}, items),
    );
    announce(t('write.preview_ready'));
    previewLinks.querySelector('a')?.focus();
  }

  // Someone else saved first: both versions side by side; the editor chooses.
  async function showConflict() {
    inConflict = true;
    clearTimeout(timer);
    const loaded = await attempt(() => api(`/newsroom/articles/${id}`));
    if (!loaded) return;
    const theirs = loaded.data;
    const mine = values();
    const last = (await attempt(() => api(`/articles/${id}/revisions`, { query: { limit: 1 } })))?.data.items[0];
    const theirValues = {
      title: theirs.title,
      summary: theirs.summary,
      body: theirs.body,
      category: theirs.category,
      tags: theirs.tags || [],
      authors: (theirs.authors || []).map((a) => a.id),
      image: theirs.image?.id || null,
      comments_open: theirs.comments_open,
      published_at: theirs.published_at ? new Date(toLocalInput(theirs.published_at)).toISOString() : null,
    };
    const shown = (name, value) => {
      if (name === 'body') return bodyText(value);
      if (name === 'published_at') return value ? formatDate(value, lang()) : '—';
      if (Array.isArray(value)) return value.join(', ') || '—';
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      return value ?? '—';
    };
    const differing = FIELDS.filter((name) => String(shown(name, mine[name])) !== String(shown(name, theirValues[name])));
    const rows = differing.map((name) =>
      h(
        'tr',
        { 'data-field': name },
        h('th', { scope: 'row' }, t(`write.${name}`)),
        h('td', { class: 'pre', lang: sourceLang }, shown(name, mine[name])),
        h('td', { class: 'pre', lang: sourceLang }, shown(name, theirValues[name])),
      ),
    );
    const panel = h(
      'section',
      { class: 'conflict', 'aria-labelledby': 'conflict-title', 'data-testid': 'conflict' },
      h('h2', { id: 'conflict-title' }, t('write.conflict_title')),
      h('p', {}, t('write.conflict_text', { who: last?.by_name || last?.by || '—', date: formatDate(last?.at || theirs.updated_at, lang()) })),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('write.field')), h('th', { scope: 'col' }, t('write.yours')), h('th', { scope: 'col' }, t('write.theirs')))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 3 }, t('write.conflict_same')))),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', 'data-action': 'keep-mine', onclick: keepMine }, t('write.keep_mine')),
        h('button', { type: 'button', class: 'secondary', 'data-action': 'take-theirs', onclick: takeTheirs }, t('write.take_theirs')),
      ),
    );
    clear(conflictArea, panel);
    announce(t('write.conflict_title'));
    panel.querySelector('h2').tabIndex = -1;
    panel.querySelector('h2').focus();

    async function keepMine() {
      // Mine goes over theirs, knowingly: every field that differs from their version.
      etag = loaded.etag;
      article = theirs;
      baseline = theirValues;
      inConflict = false;
      clear(conflictArea);
      if (await save()) announce(t('write.kept_mine'));
    }
    function takeTheirs() {
      etag = loaded.etag;
      article = theirs;
      fill(theirs);
      baseline = values();
      inConflict = false;
      clear(conflictArea);
      drawStatus();
      drawActions();
      updateSaveState();
      announce(t('write.took_theirs'));
    }
  }

  return async () => {
    clearTimeout(timer);
    // Leaving the screen: a draft's last words are saved, not lost.
    if (!isNew && !inConflict && mayEdit() && article.status === 'draft' && dirtyFields().length) await save();
    untrack();
    editor.destroy();
  };
}

function toLocalInput(iso) {
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
