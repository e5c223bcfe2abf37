import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQueryFromRaw, uriDecode, uriEncode } from './encode.ts';
import { chunkSignature, sha256Hex as createHashHex, signingKey } from './index.ts';

describe('uriEncode', () => {
  it('keeps only unreserved characters, uppercase hex, UTF-8 bytes', () => {
    assert.equal(uriEncode('abc-._~XYZ09', true), 'abc-._~XYZ09');
    assert.equal(uriEncode('a b/c', false), 'a%20b/c');
    assert.equal(uriEncode('a b/c', true), 'a%20b%2Fc');
    assert.equal(uriEncode("é+=&$!*'()", true), '%C3%A9%2B%3D%26%24%21%2A%27%28%29');
    assert.equal(uriEncode('🌅%', false), '%F0%9F%8C%85%25');
  });

  it('decodes escapes but leaves + alone, and reports malformed escapes', () => {
    assert.equal(uriDecode('a%20b+c'), 'a b+c');
    assert.equal(uriDecode('100%'), undefined);
    assert.equal(uriDecode('%C3'), undefined);
  });
});

describe('canonicalQueryFromRaw', () => {
  it('sorts by name then value, keeps empty values and drops the excluded name', () => {
    assert.equal(canonicalQueryFromRaw('prefix=J&max-keys=2&acl&X-Amz-Signature=x', 'X-Amz-Signature'), 'acl=&max-keys=2&prefix=J');
    assert.equal(canonicalQueryFromRaw('a-b=1&a=2&a=1'), 'a=1&a=2&a-b=1');
    assert.equal(canonicalQueryFromRaw('k=a%2fb%7E+c&'), 'k=a%2Fb~%2Bc');
    assert.equal(canonicalQueryFromRaw('bad=100%'), 'bad=100%25');
  });
});

describe('chunkSignature', () => {
  it('reproduces the AWS documentation STREAMING-AWS4-HMAC-SHA256-PAYLOAD chain', () => {
    const key = signingKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3');
    const scope = '20130524/us-east-1/s3/aws4_request';
    const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
    const hash = (n: number) => createHashHex(Buffer.alloc(n, 'a'));
    const first = chunkSignature(key, '20130524T000000Z', scope, seed, hash(65536));
    assert.equal(first, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    const second = chunkSignature(key, '20130524T000000Z', scope, first, hash(1024));
    assert.equal(second, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    assert.equal(chunkSignature(key, '20130524T000000Z', scope, second, hash(0)), 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');
  });
});

