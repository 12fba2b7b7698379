// The media library: uploads straight to S3 (a presigned form, with progress), the processor's
// verdict, and each image's texts per language, credit, licence and focal point.
import { api } from '../api.js';
import { can } from '../auth.js';
import { clear, field, formatDate, h, safeUrl, select } from '../dom.js';
import { announce, attempt, showError } from '../feedback.js';
import { LANGUAGES, lang, languageName, t } from '../i18n.js';
import { altText, thumbnail } from '../media-picker.js';
import { navigate } from '../router.js';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif';
const POLL_MS = 1500;
const POLLS = 60;
const STATUSES = ['ready', 'pending', 'rejected'];

export function mediaScreen(view, { id }, query) {
  return id ? mediaDetail(view, id) : mediaLibrary(view, query);
}

async function mediaLibrary(view, query) {
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const input = h('input', { type: 'file', id: 'upload-file', name: 'file', accept: ACCEPT, multiple: true });
  const uploads = h('ul', { class: 'uploads', 'data-testid': 'uploads', 'aria-label': t('media.uploads') });
  const drop = h(
    'div',
    { class: 'drop-zone', 'data-testid': 'drop-zone' },
    h('p', {}, t('media.drop')),
    field(t('media.choose_files'), input, t('media.types')),
  );
  input.addEventListener('change', () => {
    [...input.files].forEach(upload);
    input.value = '';
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('dragging');
    [...(event.dataTransfer?.files || [])].forEach(upload);
  });

  const grid = h('ul', { class: 'media-grid', 'data-testid': 'library' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-action': 'more-media' }, t('common.more'));
  const statusSelect = select(
    { name: 'status', id: 'media-status', onchange: (e) => navigate(`#/media${e.target.value ? `?status=${e.target.value}` : ''}`) },
    [['', t('list.any')], ...STATUSES.map((s) => [s, t(`media.status_${s}`)])],
    status,
  );
  clear(
    view,
    h('h1', {}, t('media.heading')),
    h('section', { 'aria-labelledby': 'upload-title' }, h('h2', { id: 'upload-title' }, t('media.upload')), drop, uploads),
    h(
      'section',
      { 'aria-labelledby': 'library-title' },
      h('h2', { id: 'library-title' }, t('media.library')),
      h('div', { class: 'filters' }, field(t('list.status'), statusSelect)),
      grid,
      more,
    ),
  );
  let cursor = null;
  more.addEventListener('click', load);
  await load();

  async function load() {
    const page = await attempt(() => api('/media', { query: { status, limit: 50, cursor } }));
    if (!page) return;
    grid.append(...page.data.items.map(card));
    if (!grid.children.length) grid.append(h('li', {}, t('picker.empty')));
    cursor = page.data.next_cursor;
    more.hidden = !cursor;
  }

  async function upload(file) {
    const progress = h('progress', { max: 1, value: 0, 'aria-label': t('media.uploading', { name: file.name }) });
    const state = h('span', { class: 'upload-state' }, t('media.announcing'));
    const item = h('li', { 'data-file': file.name }, h('span', { class: 'upload-name' }, file.name), progress, state);
    uploads.prepend(item);
    const created = await attempt(() =>
      api('/media', { method: 'POST', body: { filename: file.name, content_type: file.type || 'application/octet-stream', size: file.size } }),
    );
    if (!created) return clear(state, t('media.failed'));
    const mediaId = created.data.id;
    item.dataset.media = mediaId;
    state.textContent = t('media.sending');
    try {
      await postForm(created.data.upload, file, (fraction) => {
        progress.value = fraction;
      });
    } catch {
      state.textContent = t('media.upload_failed');
      return showError({ message: t('media.upload_failed_text', { name: file.name }) });
    }
    progress.value = 1;
    state.textContent = t('media.processing');
    announce(t('media.processing_named', { name: file.name }));
    for (let i = 0; i < POLLS; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const found = await attempt(() => api(`/media/${mediaId}`));
      if (!found) return undefined;
      const media = found.data;
      if (media.status === 'ready') {
        clear(state, t('media.ready'), ' ', h('a', { href: `#/media/${mediaId}`, 'data-action': 'describe' }, t('media.describe')));
        grid.prepend(card(media));
        return announce(t('media.ready_named', { name: file.name }));
      }
      if (media.status === 'rejected') {
        clear(state, h('strong', {}, t('media.rejected')), ': ', media.reason || media.reason_code || '');
        return announce(t('media.rejected_named', { name: file.name, reason: media.reason || '' }));
      }
    }
    state.textContent = t('media.still_processing');
    return undefined;
  }
}

// The presigned S3 form: its fields first, the file last, as S3 requires.
function postForm(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields || {})) form.append(name, value);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method || 'POST', upload.url);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`S3 ${xhr.status}`))));
    xhr.addEventListener('error', () => reject(new Error('network')));
    xhr.send(form);
  });
}

function card(item) {
  const src = thumbnail(item);
  return h(
    'li',
    { 'data-media': item.id },
    h(
      'a',
      { class: 'media-card', href: `#/media/${item.id}` },
      src ? h('img', { src, alt: '' }) : h('span', { class: 'no-image' }, t(`media.status_${item.status}`)),
      h('span', { class: 'media-name' }, altText(item) || item.filename || item.id),
      h('span', { class: `badge media-${item.status}` }, t(`media.status_${item.status}`)),
    ),
  );
}

async function mediaDetail(view, id) {
  const loaded = await attempt(() => api(`/media/${encodeURIComponent(id)}`));
  if (!loaded) return clear(view, h('h1', {}, t('media.not_found')));
  const item = loaded.data;
  const texts = item.texts || {};
  const sourceLang = item.source_lang || (texts[lang()] ? lang() : Object.keys(texts)[0]) || lang();
  const controls = Object.fromEntries(
    LANGUAGES.map((code) => {
      const alt = h('input', { name: `alt-${code}`, id: `alt-${code}`, maxlength: 300, lang: code, value: texts[code]?.alt || '' });
      const caption = h('textarea', { name: `caption-${code}`, id: `caption-${code}`, rows: 2, maxlength: 1000, lang: code });
      caption.value = texts[code]?.caption || '';
      return [code, { alt, caption }];
    }),
  );
  const credit = h('input', { name: 'credit', id: 'credit', maxlength: 200, value: item.credit || '' });
  const licence = h('input', { name: 'licence', id: 'licence', maxlength: 200, value: item.licence || '' });
  let focal = { x: item.focal?.x ?? 0.5, y: item.focal?.y ?? 0.5 };
  const focalX = h('input', { type: 'number', name: 'focal-x', id: 'focal-x', min: 0, max: 1, step: 0.01, value: focal.x });
  const focalY = h('input', { type: 'number', name: 'focal-y', id: 'focal-y', min: 0, max: 1, step: 0.01, value: focal.y });
  const marker = h('span', { class: 'focal-marker', 'aria-hidden': 'true' });
  const image = item.images?.[lang()] || Object.values(item.images || {})[0];
  const src = image && safeUrl(image.src);
  const picture = src
    ? h(
        'button',
        { type: 'button', class: 'focal-picker', 'data-testid': 'focal-picker', 'aria-label': t('media.focal_help'), 'aria-describedby': 'focal-now' },
        h('img', { src, alt: altText(item) }),
        marker,
      )
    : null;
  const focalNow = h('p', { id: 'focal-now', class: 'hint' });

  function setFocal(x, y) {
    focal = { x: Math.round(Math.min(1, Math.max(0, x)) * 100) / 100, y: Math.round(Math.min(1, Math.max(0, y)) * 100) / 100 };
    focalX.value = focal.x;
    focalY.value = focal.y;
    // Positions set through the CSSOM: the CSP forbids style attributes, not this.
    marker.style.left = `${focal.x * 100}%`;
    marker.style.top = `${focal.y * 100}%`;
    focalNow.textContent = t('media.focal_now', { x: Math.round(focal.x * 100), y: Math.round(focal.y * 100) });
  }
  if (picture) {
    picture.addEventListener('click', (event) => {
      const box = picture.querySelector('img').getBoundingClientRect();
      if (event.detail === 0) return; // a keyboard "click": the arrow keys move the point
      setFocal((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    });
    picture.addEventListener('keydown', (event) => {
      const step = event.shiftKey ? 0.1 : 0.02;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (!moves[event.key]) return;
      event.preventDefault();
      setFocal(focal.x + moves[event.key][0], focal.y + moves[event.key][1]);
    });
  }
  focalX.addEventListener('change', () => setFocal(Number(focalX.value), focal.y));
  focalY.addEventListener('change', () => setFocal(focal.x, Number(focalY.value)));
  setFocal(focal.x, focal.y);

  const languageFields = LANGUAGES.map((code) => {
    const info = texts[code];
    const origin = info ? `${t(`media.origin_${code === sourceLang ? 'source' : info.origin}`)}${info.stale ? ` · ${t('langs.stale')}` : ''}` : t('media.no_text');
    return h(
      'fieldset',
      { class: 'media-texts', 'data-lang': code },
      h('legend', {}, languageName(code), ' ', h('span', { class: 'hint' }, `(${origin})`)),
      field(t('media.alt'), controls[code].alt),
      field(t('media.caption'), controls[code].caption),
    );
  });

  const status = item.status;
  clear(
    view,
    h('h1', {}, t('media.edit_heading'), ': ', item.filename || item.id),
    h('nav', { class: 'subnav', 'aria-label': t('media.heading') }, h('a', { href: '#/media' }, t('media.back'))),
    h(
      'p',
      { class: 'status-line' },
      h('span', { class: `badge media-${status}` }, t(`media.status_${status}`)),
      status === 'rejected' ? ` ${item.reason || item.reason_code || ''}` : '',
      item.width ? ` · ${item.width} × ${item.height}` : '',
      ` · ${formatDate(item.created_at, lang())}`,
      item.used_by?.length ? ` · ${t('media.used_by', { count: item.used_by.length })}` : '',
    ),
    item.used_by?.length
      ? h('ul', { class: 'used-by' }, item.used_by.map((articleId) => h('li', {}, h('a', { href: `#/articles/${articleId}` }, articleId))))
      : null,
    h(
      'form',
      { class: 'media-form', onsubmit: save },
      h(
        'div',
        { class: 'media-focal' },
        picture ? [picture, focalNow] : h('p', {}, t('media.no_preview')),
        h('div', { class: 'inline' }, field(t('media.focal_x'), focalX), field(t('media.focal_y'), focalY)),
      ),
      h('div', { class: 'media-fields' }, languageFields, field(t('media.credit'), credit), field(t('media.licence'), licence)),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', 'data-action': 'save-media' }, t('media.save')),
        can.manage() ? h('button', { type: 'button', class: 'danger', 'data-action': 'delete-media', onclick: remove }, t('media.delete')) : null,
      ),
    ),
  );

  async function save(event) {
    event.preventDefault();
    const body = { credit: credit.value.trim(), licence: licence.value.trim(), focal };
    const now = (code) => ({ alt: controls[code].alt.value.trim(), caption: controls[code].caption.value.trim() || null });
    const was = (code) => ({ alt: texts[code]?.alt || '', caption: texts[code]?.caption || null });
    const edited = (code) => JSON.stringify(now(code)) !== JSON.stringify(was(code)) && now(code).alt;
    if (edited(sourceLang) || !item.texts?.[sourceLang]) {
      if (now(sourceLang).alt) Object.assign(body, { lang: sourceLang, ...now(sourceLang) });
    }
    // Only the languages changed here become human translations; the rest stay as they are.
    const translations = Object.fromEntries(LANGUAGES.filter((code) => code !== sourceLang && edited(code)).map((code) => [code, now(code)]));
    if (Object.keys(translations).length) body.translations = translations;
    const done = await attempt(() => api(`/media/${encodeURIComponent(id)}`, { method: 'PUT', body }));
    if (!done) return;
    announce(t('media.saved'));
    window.dispatchEvent(new HashChangeEvent('hashchange')); // drawn again with the texts' new origins
  }

  async function remove() {
    if (!window.confirm(t('media.confirm_delete'))) return;
    const done = await attempt(() => api(`/media/${encodeURIComponent(id)}`, { method: 'DELETE' }));
    if (!done) return;
    announce(t('media.deleted'));
    navigate('#/media');
  }
}
