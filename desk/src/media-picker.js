// A dialog listing the library's ready images; resolves with {id, src} or null.
import { api } from './api.js';
import { clear, h } from './dom.js';
import { attempt } from './feedback.js';
import { lang, t } from './i18n.js';

// The smallest JPEG of an image as readers get it in a language (any language will do).
export function thumbnail(item) {
  const image = item.images?.[lang()] || Object.values(item.images || {})[0];
  if (!image) return null;
  const first = (image.srcset?.['image/jpeg'] || '').split(',')[0].trim().split(' ')[0];
  return first || image.src || null;
}

export function altText(item) {
  const texts = item.texts || {};
  return (texts[lang()] || texts[item.source_lang] || Object.values(texts)[0] || {}).alt || '';
}

export function pickMedia() {
  return new Promise((resolve) => {
    const list = h('ul', { class: 'media-grid', 'aria-busy': 'true' });
    const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('common.more'));
    let cursor = null;
    let chosen = null;
    const dialog = h(
      'dialog',
      { class: 'picker', 'aria-labelledby': 'picker-title', 'data-testid': 'media-picker' },
      h('h2', { id: 'picker-title' }, t('picker.title')),
      list,
      more,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', 'data-action': 'close-picker', onclick: () => dialog.close() }, t('editor.cancel'))),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(chosen);
    });
    async function load() {
      const page = await attempt(() => api('/media', { query: { status: 'ready', limit: 50, cursor } }));
      list.removeAttribute('aria-busy');
      if (!page) return;
      for (const item of page.data.items) {
        const src = thumbnail(item);
        list.append(
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'media-choice',
                'data-media': item.id,
                onclick: () => {
                  chosen = { id: item.id, src };
                  dialog.close();
                },
              },
              src ? h('img', { src, alt: '' }) : null,
              h('span', {}, altText(item) || item.filename || item.id),
            ),
          ),
        );
      }
      if (!list.children.length) clear(list, h('li', {}, t('picker.empty')));
      cursor = page.data.next_cursor;
      more.hidden = !cursor;
    }
    more.addEventListener('click', load);
    document.body.append(dialog);
    dialog.showModal();
    load();
  });
}
