// Calls to the Haber API with the bearer token and the desk's language. A 401 (or a token
// that has run out) keeps the unsaved work and signs in again.
import { accessToken, signIn } from './auth.js';
import { lang } from './i18n.js';
import { keepUnsaved } from './unsaved.js';

let base = '';

export function setApiBase(url) {
  base = (url || '').replace(/\/$/, '');
}
export const apiBase = () => base;

export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error || {};
    super(error.message || body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || null;
    this.details = error.details || [];
  }
}

class Leaving extends Error {
  name = 'Leaving';
}

async function reauthenticate() {
  keepUnsaved();
  await signIn();
  throw new Leaving();
}

// api('/media', {method: 'POST', body: {...}}) → {data, etag, status}
export async function api(path, { method = 'GET', body, etag, query } = {}) {
  const token = accessToken();
  if (!token) await reauthenticate();
  const url = new URL(`${base}${path}`, location.href);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = { Authorization: `Bearer ${token}`, 'Accept-Language': lang(), Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (etag) headers['If-Match'] = etag;
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (response.status === 401) await reauthenticate();
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

// A public read (no token): reader routes such as an article's title for the moderation queue.
export async function publicGet(path, query = {}) {
  const url = new URL(`${base}${path}`, location.href);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, { headers: { Accept: 'application/json', 'Accept-Language': lang() } });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
