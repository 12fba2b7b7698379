// An article body split into its blocks (p, h2–h4, blockquote, li, figure), as text: for
// side-by-side translation and for showing two versions of a body.
import { parseHtml } from './dom.js';

const BLOCKS = new Set(['P', 'H2', 'H3', 'H4', 'BLOCKQUOTE', 'LI', 'FIGURE']);

export function segments(html) {
  const found = [];
  const walk = (parent) => {
    for (const el of parent.children) {
      if (BLOCKS.has(el.tagName)) {
        found.push({
          tag: el.tagName.toLowerCase(),
          text: el.tagName === 'FIGURE' ? '' : el.textContent.replace(/\s+/g, ' ').trim(),
          media: el.getAttribute('data-media'),
        });
      } else walk(el); // ul, ol and anything else: their blocks inside
    }
  };
  walk(parseHtml(html));
  return found;
}

export const bodyText = (html) => segments(html).map((s) => (s.tag === 'figure' ? `[${s.media}]` : s.text)).join('\n');
