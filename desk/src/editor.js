// The article body editor: Tiptap limited to exactly the HTML the API's sanitizer keeps
// (paragraphs, line breaks, h2–h4, quotes, lists, links, bold, italic) and media figures.
import { Editor, Node, mergeAttributes } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

import { h } from './dom.js';
import { t } from './i18n.js';

const ALLOWED_LINK = /^(https?:\/\/|mailto:)/i;

// <figure data-media="id"></figure>: an image of the media library, placed as a whole.
// The API answers with the figure rendered (<picture>, <figcaption>); its <img> src is kept
// for the preview here but never written back.
const Figure = Node.create({
  name: 'figure',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes() {
    return {
      media: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-media'),
        renderHTML: (attrs) => ({ 'data-media': attrs.media }),
      },
      src: {
        default: null,
        parseHTML: (el) => el.querySelector('img')?.getAttribute('src') || null,
        renderHTML: () => ({}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'figure[data-media]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['figure', mergeAttributes(HTMLAttributes)];
  },
  addNodeView() {
    return ({ node }) => {
      const label = t('editor.figure', { id: node.attrs.media });
      const dom = h(
        'figure',
        { class: 'figure-node', 'data-media': node.attrs.media, 'aria-label': label, contenteditable: 'false' },
        node.attrs.src ? h('img', { src: node.attrs.src, alt: '' }) : null,
        h('figcaption', {}, label),
      );
      return { dom };
    };
  },
  addCommands() {
    return {
      insertFigure:
        (media, src) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { media, src } }),
    };
  },
});

const extensions = () => [
  StarterKit.configure({
    heading: { levels: [2, 3, 4] },
    code: false,
    codeBlock: false,
    strike: false,
    underline: false,
    horizontalRule: false,
    link: {
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      defaultProtocol: 'https',
      protocols: ['mailto'],
      isAllowedUri: (url) => ALLOWED_LINK.test(String(url).trim()),
      HTMLAttributes: { target: null, rel: null, class: null },
    },
  }),
  Figure,
];

export function createEditor(element, { html = '', label, onChange, lang }) {
  const editor = new Editor({
    element,
    extensions: extensions(),
    content: html,
    injectCSS: false, // the CSP allows no inline styles: desk.css carries ProseMirror's rules
    editorProps: {
      attributes: {
        class: 'prose',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        'data-testid': 'body-editor',
        ...(lang ? { lang } : {}),
      },
    },
    onUpdate: () => onChange?.(),
  });
  return editor;
}

// An editor's body as the API stores it; an empty document is an empty string.
export function bodyOf(editor) {
  // The empty paragraph the editor keeps at the end (to type after a figure) is not text.
  return editor.isEmpty ? '' : editor.getHTML().replace(/(<p><\/p>)+$/, '');
}

export function setBody(editor, html) {
  editor.commands.setContent(html || '', { emitUpdate: false });
}

// The accessible name holds the visible text too (WCAG 2.5.3, label in name).
function toolName(key) {
  const full = t(`editor.${key}`);
  const short = t(`editor.${key}_short`);
  return /[\p{L}\p{N}]/u.test(short) && !full.toLowerCase().includes(short.toLowerCase()) ? `${short}: ${full}` : full;
}

const BUTTONS = [
  { name: 'bold', key: 'bold', run: (c) => c.toggleBold(), active: (e) => e.isActive('bold') },
  { name: 'italic', key: 'italic', run: (c) => c.toggleItalic(), active: (e) => e.isActive('italic') },
  { name: 'paragraph', key: 'paragraph', run: (c) => c.setParagraph(), active: (e) => e.isActive('paragraph') },
  ...[2, 3, 4].map((level) => ({
    name: `h${level}`,
    key: `heading${level}`,
    run: (c) => c.toggleHeading({ level }),
    active: (e) => e.isActive('heading', { level }),
  })),
  { name: 'bulletList', key: 'bullet_list', run: (c) => c.toggleBulletList(), active: (e) => e.isActive('bulletList') },
  { name: 'orderedList', key: 'ordered_list', run: (c) => c.toggleOrderedList(), active: (e) => e.isActive('orderedList') },
  { name: 'blockquote', key: 'quote', run: (c) => c.toggleBlockquote(), active: (e) => e.isActive('blockquote') },
  { name: 'hardBreak', key: 'line_break', run: (c) => c.setHardBreak() },
  { name: 'undo', key: 'undo', run: (c) => c.undo() },
  { name: 'redo', key: 'redo', run: (c) => c.redo() },
];

// A toolbar of real buttons (aria-pressed for the toggles), a link form and, when
// pickFigure is given, a button that places an image of the media library.
export function toolbar(editor, { pickFigure } = {}) {
  const buttons = BUTTONS.map((b) =>
    h(
      'button',
      {
        type: 'button',
        class: 'tool',
        'data-command': b.name,
        'aria-label': toolName(b.key),
        title: t(`editor.${b.key}`),
        'aria-pressed': b.active ? 'false' : null,
        onclick: () => {
          b.run(editor.chain().focus()).run();
        },
      },
      t(`editor.${b.key}_short`),
    ),
  );
  const linkInput = h('input', { type: 'url', name: 'link-url', placeholder: 'https://', 'aria-label': t('editor.link_url') });
  const linkForm = h(
    'div',
    { class: 'link-form', hidden: true, role: 'group', 'aria-label': t('editor.link') },
    linkInput,
    h('button', { type: 'button', 'data-action': 'apply-link', onclick: applyLink }, t('editor.link_apply')),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'remove-link', onclick: removeLink }, t('editor.link_remove')),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'cancel-link', onclick: closeLink }, t('editor.cancel')),
  );
  linkInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      applyLink();
    } else if (event.key === 'Escape') closeLink();
  });
  const linkButton = h(
    'button',
    {
      type: 'button',
      class: 'tool',
      'data-command': 'link',
      'aria-label': toolName('link'),
      title: t('editor.link'),
      'aria-pressed': 'false',
      'aria-expanded': 'false',
      onclick: openLink,
    },
    t('editor.link_short'),
  );
  const figureButton = pickFigure
    ? h(
        'button',
        {
          type: 'button',
          class: 'tool',
          'data-command': 'figure',
          'aria-label': toolName('insert_figure'),
          title: t('editor.insert_figure'),
          onclick: async () => {
            const chosen = await pickFigure();
            if (chosen) editor.chain().focus().insertFigure(chosen.id, chosen.src).run();
          },
        },
        t('editor.insert_figure_short'),
      )
    : null;

  function openLink() {
    linkInput.value = editor.getAttributes('link').href || '';
    linkForm.hidden = false;
    linkButton.setAttribute('aria-expanded', 'true');
    linkInput.focus();
  }
  function closeLink() {
    linkForm.hidden = true;
    linkButton.setAttribute('aria-expanded', 'false');
    editor.commands.focus();
  }
  function applyLink() {
    const href = linkInput.value.trim();
    if (!href) return removeLink();
    if (!ALLOWED_LINK.test(href)) {
      linkInput.setCustomValidity(t('editor.link_invalid'));
      linkInput.reportValidity();
      return undefined;
    }
    linkInput.setCustomValidity('');
    editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    return closeLink();
  }
  function removeLink() {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    closeLink();
  }

  const bar = h(
    'div',
    {
      class: 'toolbar',
      role: 'toolbar',
      'aria-label': t('editor.toolbar'),
      // A mouse click on a tool leaves the focus (and the selection) in the text.
      onmousedown: (event) => event.target.closest('button') && event.preventDefault(),
    },
    buttons.slice(0, 2),
    linkButton,
    h('span', { class: 'tool-gap' }),
    buttons.slice(2, 9),
    h('span', { class: 'tool-gap' }),
    figureButton,
    buttons.slice(9),
  );
  const refresh = () => {
    BUTTONS.forEach((b, i) => {
      if (b.active) buttons[i].setAttribute('aria-pressed', String(b.active(editor)));
    });
    linkButton.setAttribute('aria-pressed', String(editor.isActive('link')));
  };
  editor.on('transaction', refresh);
  refresh();
  return h('div', { class: 'toolbar-wrap' }, bar, linkForm);
}
