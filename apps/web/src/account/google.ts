import { randomToken } from './providers.ts';

/** Google's OpenID Connect authorization endpoint (from its discovery document). */
const GOOGLE_AUTHORIZE = 'https://accounts.google.com/o/oauth2/v2/auth';
/** The page Google sends the browser back to; register `<origin>/auth/google/callback` as a redirect URI of the client. */
export const GOOGLE_CALLBACK_PATH = '/auth/google/callback';
const PENDING_KEY = 'pc.google.pending';

export type GoogleIntent = 'signIn' | 'link';

interface Pending {
  state: string;
  nonce: string;
  intent: GoogleIntent;
}

/**
 * Sends the browser to Google for an ID token (OpenID Connect, response_type=id_token): no Google
 * script is loaded on our pages, and the token comes back in the URL fragment, never to a server log.
 * The state ties the answer to this tab; the nonce ties the token to this request (the server checks it).
 */
export function startGoogle(clientId: string, intent: GoogleIntent, lang: string): void {
  const pending: Pending = { state: randomToken(), nonce: randomToken(), intent };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(GOOGLE_AUTHORIZE);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: location.origin + GOOGLE_CALLBACK_PATH,
    response_type: 'id_token',
    scope: 'openid email profile',
    state: pending.state,
    nonce: pending.nonce,
    prompt: 'select_account',
    hl: lang,
  }).toString();
  location.assign(url.href);
}

export type GoogleReturn = { ok: true; token: string; nonce: string; intent: GoogleIntent } | { ok: false; reason: 'denied' | 'state' | 'missing'; intent: GoogleIntent };

/** Reads Google's answer from the fragment, once: the pending request is forgotten either way. */
export function readGoogleReturn(fragment: string): GoogleReturn {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  const intent = pending?.intent ?? 'signIn';
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  if (params.get('error')) return { ok: false, reason: 'denied', intent };
  const token = params.get('id_token');
  if (!token) return { ok: false, reason: 'missing', intent };
  if (!pending || params.get('state') !== pending.state) return { ok: false, reason: 'state', intent };
  return { ok: true, token, nonce: pending.nonce, intent };
}
