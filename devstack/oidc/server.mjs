// The local stack's OpenID Connect provider (`make dev` starts it): oidc-provider, a
// certified implementation, standing in for Cognito. The desk signs in through it with the
// authorization code flow and PKCE; its access tokens are JWTs for the API's audience that
// carry the user's groups in `cognito:groups`, as Cognito's do. Locally there is no
// password: the sign-in page asks for a user name only.
//
// Environment: OIDC_PORT (3001), DESK_URL (where the desk is, for its redirects),
// OIDC_AUDIENCE (the API's JWT audience), OIDC_KEY_FILE (its RSA signing key, PEM; the
// devstack writes it once), OIDC_ACCESS_TOKEN_TTL (seconds, 3600).
import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 3001);
const issuer = `http://127.0.0.1:${port}`;
const deskUrl = process.env.DESK_URL || 'http://127.0.0.1:3000/desk/';
const audience = process.env.OIDC_AUDIENCE || 'haber-local';
const accessTokenTtl = Number(process.env.OIDC_ACCESS_TOKEN_TTL || 3600);
// The API as a resource indicator (RFC 8707): the token endpoint issues JWT access tokens
// for it even when the client names no resource, with `aud` set to the API's audience.
const API_RESOURCE = 'urn:haber:api';
const SCOPES = 'openid profile';

const USERS = {
  reporter: { name: 'Rana Reporter', groups: ['reporter'] },
  translator: { name: 'Tarık Translator', groups: ['translator'] },
  editor: { name: 'Eda Editor', groups: ['editor'] },
  moderator: { name: 'Mert Moderator', groups: ['moderator'] },
  all: { name: 'Alex All-Roles', groups: ['reporter', 'translator', 'editor', 'moderator'] },
};

function signingKey() {
  const jwk = createPrivateKey(readFileSync(process.env.OIDC_KEY_FILE)).export({ format: 'jwk' });
  return { ...jwk, use: 'sig', alg: 'RS256', kid: 'haber-local-1' };
}

const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,"><style>
body{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
label,input,button{display:block;width:100%;box-sizing:border-box}input,button{font:inherit;padding:.5rem;margin:.25rem 0 1rem}
button{background:#0b5394;color:#fff;border:0;border-radius:4px;cursor:pointer}button.secondary{background:#555}
:focus-visible{outline:3px solid #e8a33d;outline-offset:2px}code{background:#eee;padding:0 .2rem}
</style></head><body><main>${body}</main></body></html>`;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'haber-desk',
      client_name: 'Haber desk',
      token_endpoint_auth_method: 'none', // a public client: no secret in the browser
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [deskUrl],
      post_logout_redirect_uris: [deskUrl],
    },
  ],
  pkce: { required: () => true }, // S256 is the only method oidc-provider accepts
  // The desk's own origin may call /token from the browser; no other origin may.
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
  cookies: { keys: [randomBytes(32).toString('hex')] },
  jwks: { keys: [signingKey()] },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'cognito:groups'] },
  async findAccount(_ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return {
      accountId: id,
      claims: async () => ({ sub: id, name: user.name, preferred_username: id, 'cognito:groups': user.groups }),
    };
  },
  async extraTokenClaims(_ctx, token) {
    const user = USERS[token.accountId];
    return user ? { 'cognito:groups': user.groups, name: user.name } : undefined;
  },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => API_RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo(_ctx, resource) {
        if (resource !== API_RESOURCE) throw new Provider.errors.InvalidTarget();
        return {
          scope: 'openid profile',
          audience,
          accessTokenTTL: accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out', `<h1>Sign out of Haber?</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out', '<h1>Signed out</h1><p>You have signed out of Haber.</p>');
      },
    },
  },
  // The desk is the newsroom's own application: its users are not asked to consent.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(SCOPES);
    grant.addOIDCClaims(['name', 'preferred_username', 'cognito:groups']);
    grant.addResourceScope(API_RESOURCE, SCOPES);
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { AccessToken: accessTokenTtl, IdToken: 3600, Session: 12 * 3600, Interaction: 600, Grant: 12 * 3600 },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Sign-in error', `<h1>Sign-in error</h1><p><code>${escape(out.error)}</code> ${escape(out.error_description || '')}</p>`);
  },
});

function signInPage(uid, error = '') {
  const users = Object.entries(USERS)
    .map(([id, user]) => `<li><code>${id}</code>: ${escape(user.groups.join(', '))}</li>`)
    .join('');
  return page('Sign in to Haber', `<h1>Sign in to Haber</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" required autofocus>
<button type="submit">Sign in</button></form>
<p>Local users (no password):</p><ul>${users}</ul>`);
}

async function formOf(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    return res.end(signInPage(details.uid));
  }
  const username = ((await formOf(req)).get('username') || '').trim().toLowerCase();
  if (!USERS[username]) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    return res.end(signInPage(details.uid, `There is no user "${username}". Try one of the users below.`));
  }
  return provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Sign-in error', `<h1>Sign-in error</h1><p>${escape(error.message)}</p>`));
    });
    return;
  }
  callback(req, res);
}).listen(port, '127.0.0.1', () => console.log(`OpenID Connect provider: ${issuer} (users: ${Object.keys(USERS).join(', ')})`));
