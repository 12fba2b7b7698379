// Authors, tags, categories and the glossary (editors). Texts are kept per language: the
// source, editors' translations (human) and the machine's; only what an editor sends or
// changes here becomes human.
import { api } from '../api.js';
import { clear, field, h, safeUrl, select } from '../dom.js';
import { announce, attempt } from '../feedback.js';
import { LANGUAGES, lang, languageName, t } from '../i18n.js';
import { pickMedia } from '../media-picker.js';
import { languageOptions } from '../ui.js';

const ID_PATTERN = '[a-z0-9\\-]+';

export async function peopleScreen(view) {
  const sections = {
    authors: h('section', { id: 'authors-section', 'aria-labelledby': 'authors-title' }),
    tags: h('section', { id: 'tags-section', 'aria-labelledby': 'tags-title' }),
    categories: h('section', { id: 'categories-section', 'aria-labelledby': 'categories-title' }),
    glossary: h('section', { id: 'glossary-section', 'aria-labelledby': 'glossary-title' }),
  };
  clear(
    view,
    h('h1', {}, t('people.heading')),
    h(
      'nav',
      { class: 'subnav', 'aria-label': t('people.sections') },
      Object.keys(sections).map((name) =>
        h('a', { href: '#/people', 'data-section': name, onclick: (e) => jump(e, sections[name]) }, t(`people.${name}`)),
      ),
    ),
    Object.values(sections),
  );
  await Promise.all([drawAuthors(sections.authors), drawNamed(sections.tags, 'tags'), drawNamed(sections.categories, 'categories'), drawGlossary(sections.glossary)]);
}

function jump(event, section) {
  event.preventDefault(); // the hash is the router's
  const heading = section.querySelector('h2');
  heading.tabIndex = -1;
  heading.focus();
}

// -- authors ------------------------------------------------------------------------------

async function drawAuthors(section) {
  const listed = await attempt(() => api('/authors', { query: { lang: lang() } }));
  const editor = h('div', { class: 'edit-panel' });
  const rows = (listed?.data.items || []).map((a) =>
    h(
      'tr',
      { 'data-id': a.id },
      h('td', {}, a.name),
      h('td', {}, a.id),
      h('td', { lang: a.bio_lang || null }, a.bio || ''),
      h('td', {}, h('button', { type: 'button', class: 'secondary small', 'data-action': 'edit-author', 'aria-label': `${t('people.edit')}: ${a.name}`, onclick: () => editAuthor(a.id) }, t('people.edit'))),
    ),
  );
  clear(
    section,
    h('h2', { id: 'authors-title' }, t('people.authors')),
    h('button', { type: 'button', 'data-action': 'new-author', onclick: () => editAuthor(null) }, t('people.new_author')),
    editor,
    table([t('people.name'), t('people.id'), t('people.bio'), t('common.actions')], rows),
  );

  async function editAuthor(id) {
    // Each language's bio as it is now: its text and whether it is the source, human or machine.
    const per = id
      ? await Promise.all(LANGUAGES.map((code) => attempt(() => api(`/authors/${id}`, { query: { lang: code } })).then((r) => r?.data)))
      : [];
    const first = per.find(Boolean) || {};
    const bios = Object.fromEntries(LANGUAGES.map((code, i) => [code, per[i] && per[i].bio_lang === code ? per[i] : null]));
    const sourceLang = LANGUAGES.find((code) => bios[code]?.bio_origin === 'source') || lang();
    const idInput = h('input', { name: 'author-id', id: 'author-id', required: true, pattern: ID_PATTERN, value: id || '', readonly: Boolean(id) });
    const name = h('input', { name: 'author-name', id: 'author-name', required: true, maxlength: 120, value: first.name || '' });
    const source = select({ name: 'author-source', id: 'author-source' }, languageOptions(LANGUAGES), sourceLang);
    const bioFields = Object.fromEntries(
      LANGUAGES.map((code) => {
        const area = h('textarea', { name: `bio-${code}`, id: `bio-${code}`, rows: 3, maxlength: 2000, lang: code });
        area.value = bios[code]?.bio || '';
        return [code, area];
      }),
    );
    const image = h('input', { name: 'author-image', id: 'author-image', pattern: '[a-z0-9]*', value: first.image?.id || '' });
    const sameAs = h('textarea', { name: 'same-as', id: 'same-as', rows: 2 });
    sameAs.value = (first.same_as || []).join('\n');
    clear(
      editor,
      h(
        'form',
        { class: 'panel', onsubmit: save, 'data-testid': 'author-form' },
        h('h3', {}, id ? `${t('people.edit')}: ${first.name || id}` : t('people.new_author')),
        field(t('people.id'), idInput, t('people.id_hint')),
        field(t('people.name'), name),
        field(t('people.source_language'), source),
        LANGUAGES.map((code) =>
          field(`${t('people.bio')} (${languageName(code)})`, bioFields[code], bios[code] ? t(`langs.origin_${bios[code].bio_origin}`) : null),
        ),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'author-image' }, t('people.photo')),
          h(
            'div',
            { class: 'inline' },
            image,
            h('button', { type: 'button', class: 'secondary', onclick: async () => { const c = await pickMedia(); if (c) image.value = c.id; image.focus(); } }, t('write.choose_image')),
          ),
        ),
        field(t('people.same_as'), sameAs, t('people.same_as_hint')),
        formActions(editor, 'save-author'),
      ),
    );
    name.focus();

    async function save(event) {
      event.preventDefault();
      const bio = {};
      for (const code of LANGUAGES) {
        const text = bioFields[code].value.trim();
        const before = bios[code];
        // The source, editors' bios and anything changed here; untouched machine bios stay the machine's.
        const keep = code === source.value || before?.bio_origin === 'human' || text !== (before?.bio || '');
        if (text && keep) bio[code] = text;
      }
      const body = { name: name.value.trim(), bio, same_as: sameAs.value.split(/\s+/).filter(Boolean) };
      if (bio[source.value]) body.source_lang = source.value;
      if (image.value.trim()) body.image = image.value.trim();
      const done = await attempt(() => api(`/authors/${encodeURIComponent(idInput.value.trim())}`, { method: 'PUT', body }));
      if (!done) return;
      announce(t('people.saved', { name: body.name }));
      await drawAuthors(section);
    }
  }
}

// -- tags and categories: a name per language -------------------------------------------

async function drawNamed(section, kind) {
  const listed = await attempt(() => api(`/${kind}`, { query: { lang: lang() } }));
  const editor = h('div', { class: 'edit-panel' });
  const items = listed?.data.items || [];
  const rows = items.map((item) =>
    h(
      'tr',
      { 'data-id': item.id },
      h('td', { lang: item.lang || null }, item.name),
      h('td', {}, item.id),
      h('td', {}, kind === 'categories' ? String(item.article_count ?? '') : item.url && safeUrl(item.url) ? h('a', { href: safeUrl(item.url), target: '_blank', rel: 'noopener noreferrer' }, item.slug || item.url) : ''),
      h('td', {}, h('button', { type: 'button', class: 'secondary small', 'data-action': `edit-${kind}`, 'aria-label': `${t('people.edit')}: ${item.name}`, onclick: () => edit(item.id) }, t('people.edit'))),
    ),
  );
  clear(
    section,
    h('h2', { id: `${kind}-title` }, t(`people.${kind}`)),
    h('button', { type: 'button', 'data-action': `new-${kind}`, onclick: () => edit(null) }, t(`people.new_${kind}`)),
    editor,
    table([t('people.name'), t('people.id'), kind === 'categories' ? t('people.article_count') : t('people.page'), t('common.actions')], rows),
  );

  async function edit(id) {
    // Each language's name now; for tags with its origin (categories have none).
    const per = id
      ? await Promise.all(
          LANGUAGES.map(async (code) => {
            if (kind === 'tags') return (await attempt(() => api(`/tags/${id}`, { query: { lang: code } })))?.data;
            const all = await attempt(() => api('/categories', { query: { lang: code } }));
            const found = all?.data.items.find((c) => c.id === id);
            return found && { ...found, lang: code, origin: 'human' };
          }),
        )
      : [];
    const names = Object.fromEntries(LANGUAGES.map((code, i) => [code, per[i] && per[i].lang === code ? per[i] : null]));
    const idInput = h('input', { name: `${kind}-id`, id: `${kind}-id`, required: true, pattern: ID_PATTERN, value: id || '', readonly: Boolean(id) });
    const inputs = Object.fromEntries(
      LANGUAGES.map((code) => [code, h('input', { name: `${kind}-name-${code}`, id: `${kind}-name-${code}`, maxlength: 80, lang: code, value: names[code]?.name || '' })]),
    );
    clear(
      editor,
      h(
        'form',
        { class: 'panel', onsubmit: save },
        h('h3', {}, id ? `${t('people.edit')}: ${id}` : t(`people.new_${kind}`)),
        field(t('people.id'), idInput, t('people.id_hint')),
        LANGUAGES.map((code) =>
          field(`${t('people.name')} (${languageName(code)})`, inputs[code], kind === 'tags' && names[code] ? t(`langs.origin_${names[code].origin}`) : null),
        ),
        kind === 'tags' ? h('p', { class: 'hint' }, t('people.machine_fills')) : null,
        formActions(editor, `save-${kind}`),
      ),
    );
    (id ? inputs[LANGUAGES[0]] : idInput).focus();

    async function save(event) {
      event.preventDefault();
      const sent = {};
      for (const code of LANGUAGES) {
        const text = inputs[code].value.trim();
        const before = names[code];
        const keep = kind === 'categories' || before?.origin !== 'machine' || text !== before?.name;
        if (text && keep) sent[code] = text;
      }
      const done = await attempt(() => api(`/${kind}/${encodeURIComponent(idInput.value.trim())}`, { method: 'PUT', body: { names: sent } }));
      if (!done) return;
      announce(t('people.saved', { name: idInput.value.trim() }));
      await drawNamed(section, kind);
    }
  }
}

// -- glossary -----------------------------------------------------------------------------

async function drawGlossary(section) {
  const loaded = await attempt(() => api('/glossary'));
  const glossary = loaded?.data || { protected: [], terms: {} };
  const protectedNames = h('textarea', { name: 'protected', id: 'protected', rows: 5 });
  protectedNames.value = (glossary.protected || []).join('\n');
  const terms = h('textarea', { name: 'terms', id: 'terms', rows: 8 });
  terms.value = Object.entries(glossary.terms || {})
    .flatMap(([pair, rules]) => Object.entries(rules).map(([from, to]) => `${pair}: ${from} = ${to}`))
    .join('\n');
  clear(
    section,
    h('h2', { id: 'glossary-title' }, t('people.glossary')),
    h(
      'form',
      { class: 'panel', onsubmit: save },
      field(t('people.protected'), protectedNames, t('people.protected_hint')),
      field(t('people.terms'), terms, t('people.terms_hint')),
      h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-action': 'save-glossary' }, t('people.save_glossary'))),
    ),
  );

  async function save(event) {
    event.preventDefault();
    const parsedTerms = {};
    for (const line of terms.value.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const found = /^([a-z]{2,3}>[a-z]{2,3})\s*:\s*(.+?)\s*=\s*(.+)$/.exec(line);
      if (!found) {
        terms.setCustomValidity(t('people.terms_invalid', { line }));
        terms.reportValidity();
        return;
      }
      (parsedTerms[found[1]] ||= {})[found[2]] = found[3];
    }
    terms.setCustomValidity('');
    const body = { protected: protectedNames.value.split('\n').map((l) => l.trim()).filter(Boolean), terms: parsedTerms };
    const done = await attempt(() => api('/glossary', { method: 'PUT', body }));
    if (done) announce(t('people.glossary_saved'));
  }
}

function formActions(editor, action) {
  return h(
    'div',
    { class: 'actions' },
    h('button', { type: 'submit', 'data-action': action }, t('people.save')),
    h('button', { type: 'button', class: 'secondary', onclick: () => clear(editor) }, t('editor.cancel')),
  );
}

function table(headings, rows) {
  return h(
    'table',
    { class: 'directory' },
    h('thead', {}, h('tr', {}, headings.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headings.length }, t('list.empty')))),
  );
}
