import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const ISSUER = 'http://auth.test';
export const AUDIENCE = 'photocloud-api';

/** A stand-in for the AuthService's signing key: an Ed25519 key whose JWKS is served over HTTP. */
export interface TestIdp {
  jwksUrl: string;
  token(sub: string, opts?: { expiresIn?: string | number; audience?: string; issuer?: string; key?: CryptoKey }): Promise<string>;
  otherKey: CryptoKey;
  close(): Promise<void>;
}

export async function startIdp(): Promise<TestIdp> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    otherKey: other.privateKey,
    token: (sub, opts = {}) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setSubject(sub)
        .setIssuer(opts.issuer ?? ISSUER)
        .setAudience(opts.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? '10m')
        .sign(opts.key ?? privateKey),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
