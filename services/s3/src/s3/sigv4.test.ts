import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { EMPTY_SHA256, presignUrl, sha256Hex, signRequest } from '@photocloud/sigv4';
import { startRecorder, type Recorder } from '@photocloud/sigv4/testing';
import { S3Error } from './errors.ts';
import { parseAuth, verifyPayloadSha256, verifyRequest, type AuthRequest } from './sigv4.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const DOC_NOW = Date.UTC(2013, 4, 24);
const AWKWARD_KEYS = ['plain.jpg', 'a b/c d.jpg', 'a+b=c&d.png', '100%/done', 'photos/été 2026/🌅.heic', 'til~de', "it's (1)!*$.jpg"];

function verify(req: AuthRequest, secret = SECRET, now: number | Date = Date.now()) {
  const auth = parseAuth(req);
  assert.ok(auth, 'request should carry SigV4 auth');
  return { auth, verified: verifyRequest(req, auth, secret, now) };
}

function rejects(fn: () => unknown, code: string, message?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof S3Error, `expected S3Error, got ${String(err)}`);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** A request as our signer would send it (host from the URL, path and query as given). */
function signed(method: string, url: string, headers: Record<string, string> = {}, now = DOC_NOW, payloadHash = EMPTY_SHA256): AuthRequest {
  const u = new URL(url);
  const added = signRequest({ method, url, headers, payloadHash, accessKeyId: 'AKID', secretAccessKey: SECRET, region: 'us-east-1', service: 's3', now });
  const all: Record<string, string> = { host: u.host, ...lower(headers), ...added };
  return { method, rawUrl: `${u.pathname}${u.search}`, headers: all };
}

const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

describe('verifyRequest with the AWS SDK on the wire', () => {
  let rec: Recorder;
  let client: S3Client;
  before(async () => {
    rec = await startRecorder();
    const credentials = { accessKeyId: 'AKID', secretAccessKey: SECRET, sessionToken: 'session/token+=' };
    client = new S3Client({ region: 'eu-west-3', endpoint: rec.endpoint, forcePathStyle: true, credentials, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    await rec.close();
  });
  const asAuthRequest = (i: number): AuthRequest => ({ method: rec.requests[i]!.method, rawUrl: rec.requests[i]!.url, headers: rec.requests[i]!.headers });

  it('accepts header-signed requests for awkward keys, queries and bodies', async () => {
    for (const key of AWKWARD_KEYS) {
      await client.send(new PutObjectCommand({ Bucket: 'bucket', Key: key, Body: 'hello', ContentType: 'text/plain; charset=utf-8' }));
      await client.send(new GetObjectCommand({ Bucket: 'bucket', Key: key, Range: 'bytes=0-9' }));
      await client.send(new ListObjectsV2Command({ Bucket: 'bucket', Prefix: key, Delimiter: '/', StartAfter: '' }));
    }
    await client.send(new DeleteObjectsCommand({ Bucket: 'bucket', Delete: { Objects: [{ Key: 'x' }] } }));
    await client.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'meta', Body: 'x', Metadata: { title: 'Été à Noël', spaces: '  a   b  ' } }));
    assert.equal(rec.requests.length, AWKWARD_KEYS.length * 3 + 2);
    for (let i = 0; i < rec.requests.length; i++) {
      const { auth, verified } = verify(asAuthRequest(i));
      assert.equal(auth.kind, 'header');
      assert.equal(auth.securityToken, 'session/token+=');
      assert.equal(verified.seedSignature, auth.signature);
      assert.match(verified.scope, /^\d{8}\/eu-west-3\/s3\/aws4_request$/);
      if (auth.payloadMode === 'signed') verifyPayloadSha256(auth, Buffer.from(sha256Hex(rec.requests[i]!.body), 'hex'));
    }
  });

  it('rejects the same requests with a wrong secret, a tampered path or a tampered signed header', async () => {
    rec.requests.length = 0;
    await client.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'a b.jpg', Body: 'hello', ContentType: 'image/jpeg' }));
    const req = asAuthRequest(0);
    rejects(() => verify(req, 'not-the-secret'), 'SignatureDoesNotMatch');
    rejects(() => verify({ ...req, rawUrl: req.rawUrl.replace('a%20b', 'a%20c') }), 'SignatureDoesNotMatch');
    rejects(() => verify({ ...req, rawUrl: `${req.rawUrl}&extra=1` }), 'SignatureDoesNotMatch');
    rejects(() => verify({ ...req, method: 'POST' }), 'SignatureDoesNotMatch');
    rejects(() => verify({ ...req, headers: { ...req.headers, 'content-type': 'text/html' } }), 'SignatureDoesNotMatch');
    const { auth } = verify(req);
    rejects(() => verifyPayloadSha256(auth, Buffer.from(sha256Hex('hellO'), 'hex')), 'XAmzContentSHA256Mismatch');
  });

  it('accepts SDK presigned URLs fetched over HTTP and rejects them once expired', async () => {
    rec.requests.length = 0;
    for (const key of AWKWARD_KEYS) {
      const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'bucket', Key: key }), { expiresIn: 60 });
      const res = await fetch(url);
      assert.equal(res.status, 200);
    }
    const put = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'bucket', Key: 'up.jpg' }), { expiresIn: 60 });
    assert.equal((await fetch(put, { method: 'PUT', body: 'data' })).status, 200);
    for (let i = 0; i < rec.requests.length; i++) {
      const { auth } = verify(asAuthRequest(i));
      assert.equal(auth.kind, 'query');
      assert.equal(auth.payloadMode, 'unsigned');
      assert.equal(auth.expiresSeconds, 60);
      rejects(() => verify(asAuthRequest(i), SECRET, Date.now() + 61_000), 'AccessDenied', /expired/);
      rejects(() => verify(asAuthRequest(i), 'wrong'), 'SignatureDoesNotMatch');
    }
  });
});

describe('verifyRequest on the AWS documentation examples', () => {
  it('accepts the PUT example sent with a raw $ in the path and a Date header', () => {
    // Signed over /test%24file.text; a client may send the $ unencoded.
    const body = 'Welcome to Amazon S3.';
    const req: AuthRequest = {
      method: 'PUT',
      rawUrl: '/test$file.text',
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-date': '20130524T000000Z',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': sha256Hex(body),
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
      },
    };
    const { auth } = verify(req, SECRET, DOC_NOW);
    assert.equal(auth.payloadMode, 'signed');
    assert.equal(auth.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
    verify({ ...req, rawUrl: '/test%24file.text' }, SECRET, DOC_NOW);
  });

  it('accepts a path signed raw when the client keeps !*\'() unencoded', () => {
    const req = signed('GET', "http://127.0.0.1:9000/bucket/it's(1)!*.jpg");
    assert.equal(req.rawUrl, "/bucket/it's(1)!*.jpg");
    verify(req, SECRET, DOC_NOW);
  });

  it('accepts empty query values and repeated parameters, and rejects a changed one', () => {
    const req = signed('GET', 'http://h/b?uploads&prefix=&a=2&a=1');
    verify(req, SECRET, DOC_NOW);
    rejects(() => verify({ ...req, rawUrl: '/b?uploads&prefix=&a=2&a=3' }, SECRET, DOC_NOW), 'SignatureDoesNotMatch');
  });
});

describe('verifyRequest with non-ASCII header values', () => {
  it('accepts values signed as UTF-8 whether they arrive as latin1 (Python) or UTF-8 bytes (Node, Go)', () => {
    const req = signed('PUT', 'http://h/b/k', { 'x-amz-meta-title': 'Été à Noël' });
    verify(req, SECRET, DOC_NOW); // latin1 bytes on the wire: the server reads them back as the same characters
    const utf8OnWire = Buffer.from('Été à Noël', 'utf8').toString('latin1'); // what Node reads from UTF-8 bytes
    verify({ ...req, headers: { ...req.headers, 'x-amz-meta-title': utf8OnWire } }, SECRET, DOC_NOW);
    rejects(() => verify({ ...req, headers: { ...req.headers, 'x-amz-meta-title': 'Ete a Noel' } }, SECRET, DOC_NOW), 'SignatureDoesNotMatch');
  });
});

describe('verifyRequest time checks', () => {
  it('rejects a header-signed request more than 15 minutes off either way', () => {
    const req = signed('GET', 'http://h/b/k');
    verify(req, SECRET, DOC_NOW + 14 * 60_000);
    rejects(() => verify(req, SECRET, DOC_NOW + 16 * 60_000), 'RequestTimeTooSkewed');
    rejects(() => verify(req, SECRET, DOC_NOW - 16 * 60_000), 'RequestTimeTooSkewed');
  });

  it('rejects a credential scope dated another day than x-amz-date', () => {
    const req = signed('GET', 'http://h/b/k');
    const authorization = String(req.headers.authorization).replace('/20130524/', '/20130523/');
    rejects(() => verify({ ...req, headers: { ...req.headers, authorization } }, SECRET, DOC_NOW), 'AuthorizationHeaderMalformed', /credential date/);
  });

  it('rejects a presigned URL after its expiry and one dated in the future', () => {
    const url = new URL(presignUrl({ method: 'GET', url: 'http://h/b/k', accessKeyId: 'AKID', secretAccessKey: SECRET, region: 'us-east-1', expiresSeconds: 300, now: DOC_NOW }));
    const req: AuthRequest = { method: 'GET', rawUrl: `${url.pathname}${url.search}`, headers: { host: 'h' } };
    verify(req, SECRET, DOC_NOW + 300_000);
    rejects(() => verify(req, SECRET, DOC_NOW + 301_000), 'AccessDenied', /expired/);
    verify(req, SECRET, DOC_NOW - 14 * 60_000);
    rejects(() => verify(req, SECRET, DOC_NOW - 16 * 60_000), 'AccessDenied', /not valid yet/);
  });
});

describe('parseAuth', () => {
  const base = signed('PUT', 'http://h/b/k', {}, DOC_NOW, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD');

  it('returns null for anonymous requests and maps x-amz-content-sha256 to a payload mode', () => {
    assert.equal(parseAuth({ method: 'GET', rawUrl: '/b/k?prefix=x', headers: { host: 'h' } }), null);
    assert.equal(parseAuth(base)?.payloadMode, 'streaming-signed');
    for (const [value, mode] of [
      ['UNSIGNED-PAYLOAD', 'unsigned'],
      ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'streaming-unsigned-trailer'],
      ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'streaming-signed-trailer'],
      [EMPTY_SHA256, 'signed'],
    ]) {
      assert.equal(parseAuth({ ...base, headers: { ...base.headers, 'x-amz-content-sha256': value } })?.payloadMode, mode);
    }
  });

  it('tolerates no spaces after the commas of the Authorization header', () => {
    const authorization = String(base.headers.authorization).replaceAll(', ', ',');
    assert.equal(parseAuth({ ...base, headers: { ...base.headers, authorization } })?.signedHeaders.join(';'), 'host;x-amz-content-sha256;x-amz-date');
  });

  it('rejects missing or malformed x-amz-content-sha256', () => {
    const { 'x-amz-content-sha256': _, ...without } = base.headers;
    rejects(() => parseAuth({ ...base, headers: without }), 'InvalidRequest', /Missing required header for this request: x-amz-content-sha256/);
    rejects(() => parseAuth({ ...base, headers: { ...base.headers, 'x-amz-content-sha256': 'abc' } }), 'InvalidArgument');
  });

  it('rejects malformed Authorization headers and other algorithms', () => {
    const bad = (authorization: string) => ({ ...base, headers: { ...base.headers, authorization } });
    rejects(() => parseAuth(bad('AWS AKID:c2lnbmF0dXJl')), 'InvalidRequest', /Signature Version 4/);
    rejects(() => parseAuth(bad('AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request')), 'AuthorizationHeaderMalformed');
    rejects(() => parseAuth(bad(`AWS4-HMAC-SHA256 Credential=AKID/2013/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'a'.repeat(64)}`)), 'AuthorizationHeaderMalformed');
    rejects(() => parseAuth(bad('AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=xyz')), 'AuthorizationHeaderMalformed');
    rejects(() => parseAuth({ method: 'GET', rawUrl: '/b/k?AWSAccessKeyId=AKID&Expires=1&Signature=abc', headers: {} }), 'InvalidRequest', /Signature Version 4/);
  });

  it('rejects a request carrying both an Authorization header and a presigned query', () => {
    const url = new URL(presignUrl({ method: 'GET', url: 'http://h/b/k', accessKeyId: 'AKID', secretAccessKey: SECRET, region: 'us-east-1', expiresSeconds: 300, now: DOC_NOW }));
    rejects(() => parseAuth({ ...base, rawUrl: `${url.pathname}${url.search}` }), 'InvalidArgument', /Only one auth mechanism/);
  });

  it('rejects presigned URLs with X-Amz-Expires out of 1..604800 or missing parameters', () => {
    const url = new URL(presignUrl({ method: 'GET', url: 'http://h/b/k', accessKeyId: 'AKID', secretAccessKey: SECRET, region: 'us-east-1', expiresSeconds: 300, now: DOC_NOW }));
    const raw = `${url.pathname}${url.search}`;
    for (const expires of ['0', '604801', '-1', 'abc']) {
      rejects(() => parseAuth({ method: 'GET', rawUrl: raw.replace('X-Amz-Expires=300', `X-Amz-Expires=${expires}`), headers: {} }), 'AuthorizationQueryParametersError');
    }
    rejects(() => parseAuth({ method: 'GET', rawUrl: raw.replace(/&X-Amz-Signature=[0-9a-f]+/, ''), headers: {} }), 'AuthorizationQueryParametersError');
    assert.equal(parseAuth({ method: 'GET', rawUrl: raw.replace('X-Amz-Expires=300', 'X-Amz-Expires=604800'), headers: {} })?.expiresSeconds, 604800);
  });

  it('rejects a request missing a header listed in SignedHeaders', () => {
    const req = signed('PUT', 'http://h/b/k', { 'content-type': 'image/png' });
    const { 'content-type': _, ...without } = req.headers;
    rejects(() => verify({ ...req, headers: without }, SECRET, DOC_NOW), 'SignatureDoesNotMatch', /content-type/);
  });
});
