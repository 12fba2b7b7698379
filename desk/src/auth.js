// Sign-in with the authorization code flow and PKCE (oauth4webapi). Tokens live in this
// module's variables only: a reload signs in again (the provider's own session makes that
// instant). Only the PKCE verifier, the state and the route survive the redirect, in
// sessionStorage, and are removed when the callback is handled.
import * as oauth from 'oauth4webapi';

const PENDING = 'desk.signin';
const SIGNED_OUT = 'desk.signedOut';
const EXPIRY_MARGIN_MS = 30_000;

let config;
let server;
let client;
let tokens = null; // { access, id, expiresAt, claims }

const redirectUri = () => `${location.origin}/desk/`;
// http: issuers are for the local provider only; oauth4webapi refuses them unless told.
const insecure = () => (new URL(config.issuer).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {});

export async function setUp(deskConfig) {
  config = deskConfig;
  client = { client_id: config.client_id };
  const issuer = new URL(config.issuer);
  server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure()));
}

export async function signIn() {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: location.hash }));
  sessionStorage.removeItem(SIGNED_OUT);
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.client_id,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...(config.resource ? { resource: config.resource } : {}),
  });
  location.assign(url.href);
  return new Promise(() => {}); // the page is leaving
}

export const isCallback = () => new URLSearchParams(location.search).has('state') && sessionStorage.getItem(PENDING);
export const wasSignedOut = () => sessionStorage.getItem(SIGNED_OUT) === '1';

// Handles ?code=…&state=… after the provider sent the browser back; returns the route to go on with.
export async function completeSignIn() {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  const callbackUrl = new URL(location.href);
  history.replaceState(null, '', `${location.pathname}${pending?.hash || ''}`);
  if (!pending) throw new Error('No sign-in was started in this tab.');
  const params = oauth.validateAuthResponse(server, client, callbackUrl, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    { ...insecure(), ...(config.resource ? { additionalParameters: { resource: config.resource } } : {}) },
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response);
  const claims = decodePayload(result.access_token);
  const expiresIn = result.expires_in ?? (claims.exp ? claims.exp - Date.now() / 1000 : 300);
  tokens = {
    access: result.access_token,
    id: result.id_token,
    expiresAt: Date.now() + expiresIn * 1000,
    claims,
    idClaims: oauth.getValidatedIdTokenClaims(result) || {},
  };
  return pending.hash;
}

export function signOut() {
  let url;
  if (server.end_session_endpoint) {
    url = new URL(server.end_session_endpoint);
    url.search = new URLSearchParams({
      id_token_hint: tokens?.id || '',
      post_logout_redirect_uri: redirectUri(),
      client_id: config.client_id,
    });
  } else if (config.logout_url) {
    // Cognito publishes no end_session_endpoint: its /logout takes client_id and logout_uri.
    url = new URL(config.logout_url);
    url.search = new URLSearchParams({ client_id: config.client_id, logout_uri: redirectUri() });
  }
  tokens = null;
  sessionStorage.setItem(SIGNED_OUT, '1');
  location.assign(url ? url.href : redirectUri());
}

export function accessToken() {
  return tokens && Date.now() < tokens.expiresAt - EXPIRY_MARGIN_MS ? tokens.access : null;
}

export function userName() {
  const c = { ...tokens?.idClaims, ...tokens?.claims };
  return c.name || c.preferred_username || c.sub || '';
}

// The roles only hide what a role cannot do: the API checks them itself.
export function roles() {
  const groups = tokens?.claims?.['cognito:groups'] ?? [];
  return Array.isArray(groups) ? groups : [String(groups)];
}

export const can = {
  write: () => hasAny('reporter', 'editor'),
  publish: () => hasAny('editor'),
  translate: () => hasAny('reporter', 'translator', 'editor'),
  approve: () => hasAny('translator', 'editor'),
  newsroom: () => hasAny('reporter', 'translator', 'editor'),
  moderate: () => hasAny('moderator'),
  manage: () => hasAny('editor'),
};

function hasAny(...wanted) {
  const mine = roles();
  return wanted.some((role) => mine.includes(role));
}

// The access token's payload, read without checking its signature: the API checks it.
function decodePayload(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}
