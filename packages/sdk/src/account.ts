import type {
  ActiveSession,
  CredentialsResponse,
  EndedSessionsResponse,
  Identity,
  LoginResponse,
  OidcCallbackRequest,
  Passkey,
  PasskeyLoginFinishRequest,
  PasskeyRegisterFinishRequest,
  ProviderName,
  ProvidersResponse,
  RedirectResponse,
} from '@photocloud/contracts';
import type { HttpClient } from './http.ts';

/**
 * WebAuthn options as the server sends them (`PublicKeyCredentialCreationOptionsJSON` /
 * `PublicKeyCredentialRequestOptionsJSON`): handed as they are to the browser's ceremony.
 */
export interface WebAuthnOptionsJSON {
  challenge: string;
  [key: string]: unknown;
}

export type PasskeyRegistration = PasskeyRegisterFinishRequest['response'];
export type PasskeyAssertion = PasskeyLoginFinishRequest['response'];

/** The FranceConnect callback either signed someone in or linked FranceConnect to the signed-in account. */
export type FranceConnectResult = { kind: 'signedIn'; session: LoginResponse } | { kind: 'linked'; identity: Identity };

const seg = encodeURIComponent;

/** Account settings beyond the profile: passkeys, linked providers, sessions, S3 credentials (`/auth/*`, `/credentials`). */
export class AccountApi {
  constructor(private readonly http: HttpClient) {}

  /** Which ways in this server offers (the sign-in page shows only those). */
  providers(): Promise<ProvidersResponse> {
    return this.http.send('GET', '/auth/providers', { anonymous: true });
  }

  // ---- Passkeys ----

  passkeys(): Promise<Passkey[]> {
    return this.http.send('GET', '/auth/passkeys');
  }

  /** Options for `navigator.credentials.create()` of a new passkey for the signed-in account. */
  passkeyRegistrationOptions(): Promise<WebAuthnOptionsJSON> {
    return this.http.send('POST', '/auth/passkey/register/begin');
  }

  addPasskey(response: PasskeyRegistration, name?: string): Promise<Passkey> {
    return this.http.send('POST', '/auth/passkey/register/finish', { body: { response, ...(name ? { name } : {}) } });
  }

  renamePasskey(id: string, name: string): Promise<Passkey> {
    return this.http.send('PATCH', `/auth/passkeys/${seg(id)}`, { body: { name } });
  }

  async deletePasskey(id: string): Promise<void> {
    await this.http.send('DELETE', `/auth/passkeys/${seg(id)}`);
  }

  /** Options for `navigator.credentials.get()`; without an email, any passkey of this site may answer (usernameless). */
  passkeySignInOptions(email?: string): Promise<WebAuthnOptionsJSON> {
    return this.http.send('GET', '/auth/passkey/login/begin', { query: { email }, anonymous: true });
  }

  async signInWithPasskey(response: PasskeyAssertion): Promise<LoginResponse> {
    return this.http.adopt(await this.http.send<LoginResponse>('POST', '/auth/passkey/login/finish', { body: { response }, anonymous: true }));
  }

  // ---- Google and FranceConnect ----

  /** Signs in with a Google ID token; `nonce` is the one the request to Google carried. */
  async signInWithGoogle(token: string, nonce?: string): Promise<LoginResponse> {
    return this.http.adopt(await this.http.send<LoginResponse>('POST', '/auth/google', { body: { token, ...(nonce ? { nonce } : {}) }, anonymous: true }));
  }

  /** Where the browser goes to sign in with FranceConnect (a top-level navigation: the server sets a state cookie). */
  franceConnectSignInUrl(): string {
    return this.http.url('/auth/franceconnect/login');
  }

  /** Posts back what FranceConnect returned to the callback page. */
  async finishFranceConnect(params: OidcCallbackRequest): Promise<FranceConnectResult> {
    const body = await this.http.send<LoginResponse | Identity>('POST', '/auth/franceconnect/callback', { body: params, anonymous: true });
    if ('accessToken' in body) return { kind: 'signedIn', session: this.http.adopt(body) };
    return { kind: 'linked', identity: body };
  }

  /**
   * Signs out like `auth.logout` (the session ends, the refresh cookie is cleared) and returns
   * FranceConnect's end-session URL when the session began there ('/' otherwise), where the browser
   * should go next: FranceConnect asks its partners to end its own session too.
   */
  async signOutOfFranceConnect(): Promise<string> {
    let url = '/';
    try {
      url = (await this.http.send<RedirectResponse>('POST', '/auth/franceconnect/logout')).url;
    } finally {
      // The session may be ended already: this clears the cookie (or the kept token) either way.
      const token = this.http.storedRefreshToken;
      await this.http.send('POST', '/auth/logout', { body: token ? { refreshToken: token } : {}, anonymous: true }).catch(() => undefined);
      this.http.clear();
    }
    return url;
  }

  identities(): Promise<Identity[]> {
    return this.http.send('GET', '/auth/identities');
  }

  linkGoogle(token: string, nonce?: string): Promise<Identity> {
    return this.http.send('POST', '/auth/identities/google', { body: { token, ...(nonce ? { nonce } : {}) } });
  }

  /** Starts linking FranceConnect: the browser then goes to the returned URL and comes back to the callback page. */
  async linkFranceConnect(): Promise<string> {
    return (await this.http.send<RedirectResponse>('POST', '/auth/identities/franceconnect')).url;
  }

  /** Refused (LAST_SIGN_IN_METHOD) when it is the account's last way in. */
  async unlink(provider: ProviderName): Promise<void> {
    await this.http.send('DELETE', `/auth/identities/${seg(provider)}`);
  }

  // ---- Sessions (signed-in devices) ----

  sessions(): Promise<ActiveSession[]> {
    return this.http.send('GET', '/auth/sessions');
  }

  async endSession(id: string): Promise<void> {
    await this.http.send('DELETE', `/auth/sessions/${seg(id)}`);
  }

  /** Signs every other device out; returns how many were. */
  async endOtherSessions(): Promise<number> {
    return (await this.http.send<EndedSessionsResponse>('POST', '/auth/sessions/end-others')).ended;
  }

  // ---- Storage ----

  /** Short-lived S3 keys limited to the user's prefix (or only the prefix when the server hands out none). */
  credentials(): Promise<CredentialsResponse> {
    return this.http.send('GET', '/credentials');
  }
}
