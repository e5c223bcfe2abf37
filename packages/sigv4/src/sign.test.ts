import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { EMPTY_SHA256, presignUrl, signRequest, signingKey, signingKeyCacheSize, uriEncode } from './index.ts';

// AWS documentation examples (S3 API reference, "Signature Calculations for the Authorization Header"
// and "Authenticating Requests: Using Query Parameters").
const DOC = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' };
const DOC_NOW = Date.UTC(2013, 4, 24);
const HOST = 'https://examplebucket.s3.amazonaws.com';

const signatureOf = (authorization: string | undefined) => authorization?.split('Signature=')[1];

/** node:crypto behind the Checksum interface smithy expects. */
class NodeSha256 {
  private hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined || typeof secret === 'string' ? secret : ArrayBuffer.isView(secret) ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) : Buffer.from(secret);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

const SECRETS = ['s3cr3t', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'with space+plus%pct~é'];
const KEYS = ['plain.jpg', 'a b/c d.jpg', 'a+b=c&d.png', '100%/done', 'photos/été 2026/🌅.heic', 'til~de_x-y.z', "it's (1)!*.jpg", 'dollar$sign,comma;semi:colon@at'];

describe('signRequest', () => {
  it('reproduces the AWS documentation GET Object signature', () => {
    const h = signRequest({ ...DOC, service: 's3', method: 'GET', url: `${HOST}/test.txt`, headers: { Range: 'bytes=0-9' }, payloadHash: EMPTY_SHA256, now: DOC_NOW });
    assert.equal(h['x-amz-date'], '20130524T000000Z');
    assert.equal(
      h.authorization,
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('reproduces the AWS documentation list-objects signature (query given out of order)', () => {
    const h = signRequest({ ...DOC, service: 's3', method: 'GET', url: `${HOST}/?prefix=J&max-keys=2`, payloadHash: EMPTY_SHA256, now: DOC_NOW });
    assert.equal(signatureOf(h.authorization), '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
    const lifecycle = signRequest({ ...DOC, service: 's3', method: 'GET', url: `${HOST}/?lifecycle`, payloadHash: EMPTY_SHA256, now: DOC_NOW });
    assert.equal(signatureOf(lifecycle.authorization), 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('equals @smithy/signature-v4 on awkward keys, query values, secrets and a session token', async () => {
    const now = new Date('2026-11-24T06:36:00Z');
    for (const secretAccessKey of SECRETS) {
      for (const key of KEYS) {
        const path = `/bucket/${uriEncode(key, false)}`;
        const query = { prefix: key, empty: '', 'list-type': '2', 'a b': 'x+y' };
        const rawQuery = Object.entries(query).map(([k, v]) => `${uriEncode(k, true)}=${uriEncode(v, true)}`).join('&');
        const headers = { 'content-type': 'image/jpeg', 'x-amz-meta-note': '  two   spaces  ', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
        const creds = { accessKeyId: 'AKID', secretAccessKey, sessionToken: 'token/with+chars=' };
        const smithy = new SignatureV4({ credentials: creds, region: 'eu-west-3', service: 's3', sha256: NodeSha256, uriEscapePath: false, applyChecksum: true });
        const expected = await smithy.sign(
          { method: 'PUT', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path, query, headers: { ...headers, host: '127.0.0.1:9000' } },
          { signingDate: now },
        );
        const ours = signRequest({ ...creds, region: 'eu-west-3', service: 's3', method: 'PUT', url: `http://127.0.0.1:9000${path}?${rawQuery}`, headers, payloadHash: 'UNSIGNED-PAYLOAD', now });
        assert.equal(ours.authorization, expected.headers.authorization, `key ${key}`);
        assert.equal(ours['x-amz-security-token'], creds.sessionToken);
      }
    }
  });
});

describe('presignUrl', () => {
  it('reproduces the AWS documentation presigned GET', () => {
    const url = presignUrl({ ...DOC, method: 'GET', url: `${HOST}/test.txt`, expiresSeconds: 86400, now: DOC_NOW });
    assert.equal(
      url,
      `${HOST}/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404`,
    );
  });

  it('equals @aws-sdk/s3-request-presigner for awkward keys, with and without a session token', async () => {
    const signingDate = new Date('2026-11-24T06:36:00Z');
    for (const sessionToken of [undefined, 'FwoGZXIvYXdzE+/token=']) {
      const credentials = { accessKeyId: 'AKID', secretAccessKey: 'se cr+et%/', sessionToken };
      const client = new S3Client({ region: 'eu-west-3', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, credentials });
      for (const key of KEYS) {
        for (const command of [new GetObjectCommand({ Bucket: 'bucket', Key: key }), new PutObjectCommand({ Bucket: 'bucket', Key: key })]) {
          const sdkUrl = new URL(await getSignedUrl(client, command, { expiresIn: 3600, signingDate }));
          // Keep the SDK's own extra parameters (x-id, X-Amz-Content-Sha256, …); re-add ours.
          const own = /^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)=/;
          const rest = sdkUrl.search.slice(1).split('&').filter((p) => !own.test(p)).join('&');
          const ours = new URL(
            presignUrl({ ...credentials, method: command instanceof GetObjectCommand ? 'GET' : 'PUT', url: `${sdkUrl.origin}${sdkUrl.pathname}?${rest}`, region: 'eu-west-3', expiresSeconds: 3600, now: signingDate }),
          );
          assert.equal(ours.searchParams.get('X-Amz-Signature'), sdkUrl.searchParams.get('X-Amz-Signature'), `key ${key}`);
          assert.deepEqual([...ours.searchParams].sort(), [...sdkUrl.searchParams].sort());
        }
      }
      client.destroy();
    }
  });

  it('signs extra headers when asked and rejects an expiry outside 1..604800', () => {
    const base = { ...DOC, method: 'PUT', url: `${HOST}/k`, now: DOC_NOW };
    const url = new URL(presignUrl({ ...base, expiresSeconds: 60, signedHeaders: { 'Content-Type': 'image/png' } }));
    assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'content-type;host');
    for (const expiresSeconds of [0, 604801, 1.5]) assert.throws(() => presignUrl({ ...base, expiresSeconds }), RangeError);
  });
});

describe('signingKey', () => {
  it('matches the AWS documentation derivation and stays bounded', () => {
    const key = signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam');
    assert.equal(key.toString('hex'), 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
    assert.equal(signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam'), key);
    for (let i = 0; i < 2000; i++) signingKey(`secret-${i}`, '20261124', 'us-east-1', 's3');
    assert.ok(signingKeyCacheSize() <= 512);
  });
});
