// The desk's strings come from the API's catalog (GET /i18n/{lang}, i18next JSON): the
// `desk` section for the desk itself, `language` for language names.

export const LANGUAGES = ['de', 'tr', 'en'];
const STORAGE_KEY = 'desk.lang';
let strings = {};
let current = 'en';

export function chosenLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(stored)) return stored;
  for (const wanted of navigator.languages || [navigator.language]) {
    const code = String(wanted).slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(code)) return code;
  }
  return 'en';
}

export async function loadLanguage(base, lang) {
  const response = await fetch(`${base}/i18n/${lang}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /i18n/${lang}: ${response.status}`);
  strings = await response.json();
  current = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

export const lang = () => current;

function lookup(key) {
  let node = strings;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

// t('list.count', {count: 3}) reads desk.list.count_one / _other by the language's plural rules.
export function t(key, values = {}) {
  const full = key.startsWith('language.') || key.startsWith('errors.') ? key : `desk.${key}`;
  let text;
  if ('count' in values) {
    const form = new Intl.PluralRules(current).select(values.count);
    text = lookup(`${full}_${form}`) ?? lookup(`${full}_other`);
  }
  text ??= lookup(full) ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => {
    if (!(name in values)) return whole;
    const value = values[name];
    return typeof value === 'number' ? new Intl.NumberFormat(current).format(value) : String(value);
  });
}

// A language named in the desk's language ("Türkisch" in German); the chooser uses each
// language's own name instead (the catalog's language.*).
export function languageName(code) {
  try {
    return new Intl.DisplayNames([current], { type: 'language' }).of(code) || code;
  } catch {
    return t(`language.${code}`);
  }
}

export const ownName = (code) => t(`language.${code}`);
