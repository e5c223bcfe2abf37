import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { ACCESS_TOKEN_AUDIENCE } from '@photocloud/contracts';
import { createAccessTokenVerifier, createLogger, listen, loadConfig } from '@photocloud/kit';
import { buildGateway, gatewayConfigSpec } from '../src/index.ts';

const ISSUER = 'http://photos.test';

/** A stand-in upstream that reports what reached it: method, url, headers and a digest of the body. */
function echoServer(): Server {
  return createServer((req, res) => {
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (c: Buffer) => {
      hash.update(c);
      size += c.length;
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, size, sha256: hash.digest('hex') }));
    });
  });
}

describe('gateway', () => {
  const upstream = echoServer();
  let upstreamUrl = '';
  let gateway: Awaited<ReturnType<typeof buildGateway>>;
  let base = '';
  let token = '';
  let foreignToken = '';

  before(async () => {
    upstreamUrl = await listen(upstream, 0, '127.0.0.1');
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
    const sign = (key: typeof privateKey, kid: string) =>
      new SignJWT({ sid: 'session-1' })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject('user-1')
        .setIssuer(ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
    token = await sign(privateKey, 'k1');
    foreignToken = await sign((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey, 'k1');
    const config = loadConfig(gatewayConfigSpec, { PORT: '0', API_URL: ISSUER });
    gateway = await buildGateway({
      config,
      log: createLogger({ service: 'gateway', level: 'silent' }),
      upstreams: { auth: upstreamUrl, gallery: upstreamUrl },
      verifyAccessToken: createAccessTokenVerifier({ jwks: createLocalJWKSet({ keys: [jwk] }), issuer: ISSUER }),
    });
    base = await gateway.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await gateway.close();
    upstream.close();
  });

  it('answers health and a JSON 404 with a request id for unknown routes', async () => {
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const res = await fetch(`${base}/nope`, { headers: { 'x-request-id': 'req-42' } });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-request-id'), 'req-42');
    assert.deepEqual(await res.json(), { error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /nope.', requestId: 'req-42' } });
  });

  it('refuses protected routes without a valid access token, with WWW-Authenticate: Bearer', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-jwt' }, { authorization: `Bearer ${foreignToken}` }, { authorization: `Basic ${token}` }] as Record<string, string>[]) {
      const res = await fetch(`${base}/media?limit=5`, { headers });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      const body = (await res.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'UNAUTHENTICATED');
    }
  });

  it('forwards a signed-in request with its query, request id and client address', async () => {
    const res = await fetch(`${base}/albums/42?x=1`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'abc' } });
    assert.equal(res.status, 200);
    const seen = (await res.json()) as { url: string; headers: Record<string, string> };
    assert.equal(seen.url, '/albums/42?x=1');
    assert.equal(seen.headers['x-request-id'], 'abc');
    assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(seen.headers.authorization, `Bearer ${token}`, 'the service verifies the token again');
  });

  it('forwards public routes without a token', async () => {
    for (const path of ['/auth/login', '/login', '/.well-known/jwks.json', '/s/abc', '/public/shares/abc']) {
      const res = await fetch(`${base}${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 200, path);
      assert.equal(((await res.json()) as { url: string }).url, path);
    }
  });

  it('streams request bodies to the upstream byte for byte, whatever their type', async () => {
    const body = randomBytes(6 * 1024 * 1024 + 7);
    for (const type of ['application/octet-stream', 'application/json', 'multipart/form-data; boundary=x']) {
      const res = await fetch(`${base}/media/upload`, { method: "POST", body: new Uint8Array(body), headers: { authorization: `Bearer ${token}`, "content-type": type } });
      const seen = (await res.json()) as { size: number; sha256: string };
      assert.equal(seen.size, body.length);
      assert.equal(seen.sha256, createHash('sha256').update(body).digest('hex'));
    }
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(text, /photocloud_http_request_duration_seconds_bucket\{.*upstream="gallery"/);
  });
});

describe('gateway with a missing or failing upstream', () => {
  it('answers 503 for a service that is not configured and 502 when it does not answer, and /readyz says so', async () => {
    const dead = createServer();
    const deadUrl = await listen(dead, 0, '127.0.0.1');
    await new Promise<void>((r) => dead.close(() => r()));
    const gateway = await buildGateway({
      config: loadConfig(gatewayConfigSpec, { API_URL: ISSUER }),
      log: createLogger({ service: 'gateway', level: 'silent' }),
      upstreams: { auth: deadUrl },
    });
    try {
      const missing = await gateway.inject({ method: 'GET', url: '/public/shares/x' });
      assert.equal(missing.statusCode, 503);
      assert.equal(missing.json().error.code, 'SERVICE_UNAVAILABLE');
      // Over a real socket: the proxy's connection errors do not surface through inject().
      const base = await gateway.listen({ port: 0, host: '127.0.0.1' });
      const failing = await fetch(`${base}/auth/login`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(failing.status, 502);
      assert.equal(((await failing.json()) as { error: { code: string } }).error.code, 'UPSTREAM_FAILED');
      const ready = await gateway.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.match(ready.json().error.message, /^auth:/);
    } finally {
      await gateway.close();
    }
  });
});
