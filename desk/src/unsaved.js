// What an editor has typed and not yet saved, kept in sessionStorage across a sign-in
// redirect (an expired token, a 401) and put back into the form afterwards.

const KEY = 'desk.unsaved';
let provider = null;

// The current screen says how to read its unsaved state: () => ({ route, ...fields }) or null.
export function trackUnsaved(read) {
  provider = read;
  return () => {
    if (provider === read) provider = null;
  };
}

export function keepUnsaved() {
  const state = provider?.();
  if (state) sessionStorage.setItem(KEY, JSON.stringify(state));
}

// The saved state for a route, once: it is removed when taken.
export function takeUnsaved(route) {
  const state = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  if (!state || state.route !== route) return null;
  sessionStorage.removeItem(KEY);
  return state;
}
