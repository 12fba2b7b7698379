// Small pieces several screens share: badges, word diffs, headings with actions.
import { h } from './dom.js';
import { languageName, t } from './i18n.js';

export const STATES = ['source', 'machine', 'reviewed', 'human', 'outdated'];
export const STATUSES = ['draft', 'scheduled', 'published', 'unpublished'];

// "TR machine" with the full sentence for screen readers.
export function reviewBadge(code, state) {
  return h(
    'span',
    { class: `badge state-${state}`, 'data-lang': code, 'data-state': state, title: `${languageName(code)}: ${t(`states.${state}`)}` },
    h('span', { class: 'badge-lang', 'aria-hidden': 'true' }, code.toUpperCase()),
    h('span', { class: 'visually-hidden' }, `${languageName(code)}: `),
    t(`states.${state}`),
  );
}

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, 'data-status': status }, t(`statuses.${status}`));
}

// The API's word diff runs [{op, text}] as text with <ins> and <del>.
export function wordDiff(parts, lang) {
  const out = h('p', { class: 'diff', lang });
  parts.forEach((part, i) => {
    if (i) out.append(' ');
    const text = part.text;
    if (part.op === 'insert') out.append(h('ins', {}, h('span', { class: 'visually-hidden' }, `${t('diff.inserted')} `), text));
    else if (part.op === 'delete') out.append(h('del', {}, h('span', { class: 'visually-hidden' }, `${t('diff.deleted')} `), text));
    else out.append(text);
  });
  return out;
}

export const changed = (parts) => parts.some((p) => p.op !== 'equal');

export function loading(el) {
  el.setAttribute('aria-busy', 'true');
  el.append(h('p', { class: 'loading' }, t('common.loading')));
}

export function languageOptions(codes) {
  return codes.map((code) => [code, languageName(code)]);
}
