// Building the DOM without HTML strings: every text goes in as a text node, so nothing the
// API returns is ever parsed as markup.

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'indeterminate', 'open']);

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (PROPERTIES.has(name)) el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// A link to an address from the API: only http(s), never javascript: or data:.
export function safeUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

export function field(label, control, hint) {
  const id = control.id || (control.id = `f-${Math.random().toString(36).slice(2, 9)}`);
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

export function select(props, options, chosen) {
  return h(
    'select',
    props,
    options.map(([value, label]) => h('option', { value, selected: value === chosen }, label)),
  );
}

// Plain text of an HTML fragment, parsed inertly (DOMParser runs no script, loads nothing).
export function parseHtml(html) {
  return new DOMParser().parseFromString(`<body>${html || ''}</body>`, 'text/html').body;
}

export function formatDate(iso, lang) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
