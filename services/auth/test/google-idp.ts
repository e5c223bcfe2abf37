import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

export const GOOGLE_CLIENT_ID = '1234567890-test.apps.googleusercontent.com';

/** Google's side for tests: an RS256 key served as a JWKS on loopback, and ID tokens signed with it. */
export class FakeGoogleKeys {
  private server: Server | undefined;
  private key!: CryptoKey;
  private jwk!: JWK;
  url = '';

  async start(): Promise<this> {
    await this.rotate('key-1');
    this.server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [this.jwk] }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/oauth2/v3/certs`;
    return this;
  }

  async rotate(kid: string): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.key = privateKey;
    this.jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  }

  /** A valid Google ID token for `sub`, with `claims` overriding any field; `key`/`kid` to forge. */
  async token(sub: string, email: string, claims: JWTPayload = {}, o: { key?: CryptoKey; kid?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: 'https://accounts.google.com',
      aud: GOOGLE_CLIENT_ID,
      sub,
      email,
      email_verified: true,
      given_name: 'Grace',
      family_name: 'Hopper',
      iat: now,
      exp: now + 3600,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? this.jwk.kid!, typ: 'JWT' })
      .sign(o.key ?? this.key);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
