import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import { checkSignature, credentialScope, signingKey, uriEncode } from './index.ts';

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

// Characters clients treat differently: reserved, unreserved, percent, plus, space, non-ASCII.
const ALPHABET = [...'aZ09-._~ !*\'()$&+,/:;=?@[]%#é🌅'];
const randomText = (n: number) => Array.from({ length: n }, () => ALPHABET[randomBytes(1)[0]! % ALPHABET.length]).join('');

describe('checkSignature', () => {
  it('accepts what @smithy/signature-v4 signs for random keys and queries, and nothing else', async () => {
    const now = new Date('2026-11-24T07:00:00Z');
    const smithy = new SignatureV4({ credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, region: 'us-east-1', service: 's3', sha256: NodeSha256, uriEscapePath: false });
    const key = signingKey('secret', '20261124', 'us-east-1', 's3');
    for (let i = 0; i < 200; i++) {
      const rawPath = `/bucket/${uriEncode(randomText(1 + (i % 12)), false)}`;
      const query = { prefix: randomText(i % 5), [randomText(1 + (i % 3))]: randomText(i % 4) };
      const rawQuery = Object.entries(query).map(([k, v]) => `${uriEncode(k, true)}=${uriEncode(v, true)}`).join('&');
      const headers = { host: 'h:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'x-amz-meta-n': ` ${randomText(3).replace(/[^\x20-\x7e]/g, 'x')}  z ` };
      const signed = await smithy.sign({ method: 'GET', protocol: 'http:', hostname: 'h', port: 9000, path: rawPath, query, headers }, { signingDate: now });
      const auth = String(signed.headers.authorization);
      const base = {
        method: 'GET',
        rawPath,
        rawQuery,
        presigned: false,
        headers: { ...headers, 'x-amz-date': String(signed.headers['x-amz-date']) },
        signedHeaders: auth.split('SignedHeaders=')[1]!.split(',')[0]!.split(';'),
        payloadHash: 'UNSIGNED-PAYLOAD',
        amzDate: '20261124T070000Z',
        scope: credentialScope('20261124', 'us-east-1', 's3'),
        signingKey: key,
        signature: auth.split('Signature=')[1]!,
      };
      assert.equal(checkSignature(base).ok, true, `${rawPath}?${rawQuery}`);
      assert.equal(checkSignature({ ...base, rawPath: `${rawPath}x` }).ok, false);
      assert.equal(checkSignature({ ...base, rawQuery: `${rawQuery}&x=1` }).ok, false);
      const failed = checkSignature({ ...base, payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
      assert.equal(failed.ok, false);
      assert.match(failed.canonicalRequest, /^GET\n/);
    }
  });
});
