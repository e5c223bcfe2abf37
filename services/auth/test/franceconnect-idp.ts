import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export const FC_CLIENT_ID = 'photocloud-test-client';
export const FC_CLIENT_SECRET = 'a-long-client-secret-for-the-loopback-provider';
export const FC_REDIRECT_URI = 'https://photos.example.test/auth/franceconnect/callback';
export const FC_POST_LOGOUT_URI = 'https://photos.example.test/';

export interface FcPerson {
  sub: string;
  email: string;
  given_name: string;
  family_name: string;
  birthdate: string;
}

/**
 * An OpenID provider on loopback set up like FranceConnect v2: /api/v2 paths, ES256 id_token and
 * signed userinfo, acr eidas1, client_secret_post, short token lifetimes. Its login "page" signs in
 * `nextPerson` at once; `nextAcr` and `tamperIdToken` let tests misbehave on purpose.
 */
export class FakeFranceConnect {
  private server: Server | undefined;
  private provider!: Provider;
  issuer = '';
  nextPerson: FcPerson | undefined;
  nextAcr = 'eidas1';
  tamperIdToken = false;
  readonly people = new Map<string, FcPerson>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v2`;
    await this.rotateKeys();
    return this;
  }

  /** A new provider instance with a fresh ES256 key (a new kid), like FranceConnect rotating its keys. */
  async rotateKeys(): Promise<void> {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: randomBytes(6).toString('hex'), alg: 'ES256', use: 'sig' };
    const people = this.people;
    this.provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: FC_CLIENT_ID,
          client_secret: FC_CLIENT_SECRET,
          redirect_uris: [FC_REDIRECT_URI],
          post_logout_redirect_uris: [FC_POST_LOGOUT_URI],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
          id_token_signed_response_alg: 'ES256',
          userinfo_signed_response_alg: 'ES256',
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      routes: { authorization: '/authorize', token: '/token', userinfo: '/userinfo', end_session: '/session/end', jwks: '/jwks' },
      acrValues: ['eidas1', 'eidas2', 'eidas3'],
      claims: { openid: ['sub'], email: ['email'], given_name: ['given_name'], family_name: ['family_name'], birthdate: ['birthdate'] },
      features: { devInteractions: { enabled: false }, userinfo: { enabled: true }, jwtUserinfo: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      pkce: { required: () => false },
      ttl: { AccessToken: 60, AuthorizationCode: 30, IdToken: 60, Interaction: 300, Session: 300, Grant: 300 },
      interactions: { url: (_ctx, interaction) => `/api/v2/interaction/${interaction.uid}` },
      findAccount: async (_ctx, sub) => {
        const person = people.get(sub);
        return person ? { accountId: sub, claims: async () => ({ ...person }) } : undefined;
      },
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (!url.startsWith('/api/v2')) {
      res.statusCode = 404;
      res.end();
      return;
    }
    if (url.startsWith('/api/v2/interaction/')) {
      // The user "signs in" at their identity provider: login and consent in one go.
      const person = this.nextPerson!;
      this.people.set(person.sub, person);
      const details = await this.provider.interactionDetails(req, res);
      const grant = new this.provider.Grant({ accountId: person.sub, clientId: FC_CLIENT_ID });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await this.provider.interactionFinished(req, res, { login: { accountId: person.sub, acr: this.nextAcr }, consent: { grantId } }, { mergeWithLastSubmission: false });
      return;
    }
    if (this.tamperIdToken && url.startsWith('/api/v2/token')) tamperTokenResponse(res);
    // Mounted under /api/v2 like FranceConnect: the provider sees the rest of the path.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = url.slice('/api/v2'.length) || '/';
    this.provider.callback()(req, res);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Flips one character inside the id_token's signature (same length, so Content-Length still holds). */
function tamperTokenResponse(res: ServerResponse): void {
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      const body = JSON.parse(chunk.toString()) as { id_token?: string };
      if (body.id_token) {
        const [h, p, s] = body.id_token.split('.') as [string, string, string];
        const i = 10;
        body.id_token = `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
        chunk = JSON.stringify(body);
      }
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}

/** A browser for the provider's pages: follows redirects by hand and keeps the provider's cookies. */
export async function authorizeAtProvider(authorizeUrl: string, redirectUri = FC_REDIRECT_URI): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`provider stopped at ${url} with ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    const next = new URL(location, url);
    if (next.href.startsWith(redirectUri)) return next;
    url = next.href;
  }
  throw new Error('too many redirects at the provider');
}
