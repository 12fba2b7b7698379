// Status messages (a polite live region) and errors (a visible alert with the API's message,
// already in the desk's language).
import { clear, h } from './dom.js';
import { t } from './i18n.js';

let statusEl;
let alertEl;

export function mountFeedback(status, alert) {
  statusEl = status;
  alertEl = alert;
}

export function announce(message) {
  // Emptied first so the same message twice is read twice.
  statusEl.textContent = '';
  setTimeout(() => {
    statusEl.textContent = message;
  }, 50);
}

export function showError(error) {
  const details = (error.details || []).map((d) => h('li', {}, d.field ? `${d.field}: ${d.message}` : d.message));
  clear(
    alertEl,
    h('p', {}, h('strong', {}, t('alert.title')), ' ', message(error)),
    details.length ? h('ul', {}, details) : null,
    h('button', { type: 'button', class: 'secondary', 'data-action': 'dismiss-alert', onclick: hideError }, t('alert.dismiss')),
  );
  alertEl.hidden = false;
}

// fetch() rejects with a TypeError when the network fails: said in the desk's language.
const message = (error) => (error instanceof TypeError ? t('alert.network') : error.message || String(error));

export function hideError() {
  alertEl.hidden = true;
  alertEl.replaceChildren();
}

// Runs an action, shows its error if it fails; returns its result or undefined.
export async function attempt(action) {
  try {
    return await action();
  } catch (error) {
    if (error?.name !== 'Leaving') showError(error);
    return undefined;
  }
}
