import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { signRequest } from '@photocloud/sigv4';
import { blobsDir, listFiles, startTestS3, tmpDir, type TestS3 } from '../helpers.ts';
import { errorCode, md5Base64, presigned, rawRequest, sha256Hex, type RawRequest } from './raw-client.ts';

forEachDialect('S3 raw requests with bad input', (ctx) => {
  let s3: TestS3;
  let send: (r: RawRequest) => ReturnType<typeof rawRequest>;
  let signer: { accessKeyId: string; secretAccessKey: string };
  before(async () => {
    s3 = await startTestS3(ctx, { S3_MAX_OBJECT_SIZE: '4096' });
    signer = s3.service.rootKey;
    send = (r) => rawRequest(s3.url, r);
  });
  after(() => s3?.close());

  const exists = async (path: string) => (await send({ method: 'HEAD', path, sign: signer })).status === 200;

  it('answers an anonymous request with AccessDenied and a request id', async () => {
    const res = await send({ method: 'GET', path: '/photocloud/x' });
    assert.equal(res.status, 403);
    assert.equal(errorCode(res.body), 'AccessDenied');
    assert.match(res.body, /<RequestId>[0-9A-F]+<\/RequestId>/);
    assert.ok(res.headers['x-amz-request-id']);
    assert.match(String(res.headers['content-type']), /xml/);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId', async () => {
    const bad = await send({ method: 'GET', path: '/photocloud?list-type=2', sign: { ...signer, secretAccessKey: 'not-the-secret' } });
    assert.equal(bad.status, 403);
    assert.equal(errorCode(bad.body), 'SignatureDoesNotMatch');
    const unknown = await send({ method: 'GET', path: '/photocloud?list-type=2', sign: { ...signer, accessKeyId: 'NOSUCHKEY' } });
    assert.equal(unknown.status, 403);
    assert.equal(errorCode(unknown.body), 'InvalidAccessKeyId');
  });

  it('rejects a clock skewed by 20 minutes with RequestTimeTooSkewed', async () => {
    const res = await send({ method: 'GET', path: '/photocloud?list-type=2', sign: { ...signer, now: new Date(Date.now() - 20 * 60_000) } });
    assert.equal(res.status, 403);
    assert.equal(errorCode(res.body), 'RequestTimeTooSkewed');
  });

  it('rejects an expired presigned URL and accepts a fresh one', async () => {
    await send({ method: 'PUT', path: '/photocloud/shared.txt', body: 'shared', sign: signer });
    const expired = presigned(s3.url, '/photocloud/shared.txt', signer, { now: new Date(Date.now() - 3600_000), expiresSeconds: 60 });
    const res = await fetch(expired);
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.equal(errorCode(text), 'AccessDenied');
    assert.match(text, /expired/);
    const fresh = await fetch(presigned(s3.url, '/photocloud/shared.txt', signer, { now: new Date(), expiresSeconds: 60 }));
    assert.equal(await fresh.text(), 'shared');
  });

  it('rejects a wrong Content-MD5 and a wrong payload SHA-256, storing nothing', async () => {
    const md5 = await send({ method: 'PUT', path: '/photocloud/bad-md5', body: 'data', headers: { 'content-md5': md5Base64('other') }, sign: signer });
    assert.equal(md5.status, 400);
    assert.equal(errorCode(md5.body), 'BadDigest');
    const sha = await send({ method: 'PUT', path: '/photocloud/bad-sha', body: 'data', sign: { ...signer, payloadHash: sha256Hex('other') } });
    assert.equal(sha.status, 400);
    assert.equal(errorCode(sha.body), 'XAmzContentSHA256Mismatch');
    assert.equal(await exists('/photocloud/bad-md5'), false);
    assert.equal(await exists('/photocloud/bad-sha'), false);
    assert.deepEqual(listFiles(tmpDir(s3)), []);
  });

  it('rejects a wrong checksum trailer on an aws-chunked body and accepts the right one', async () => {
    const data = Buffer.from('chunked body with a trailer');
    const chunked = (crc: string) => Buffer.from(`${data.length.toString(16)}\r\n${data}\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`);
    const headers = {
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(data.length),
      'x-amz-trailer': 'x-amz-checksum-crc32',
    };
    const sign = { ...signer, payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' };
    const wrong = await send({ method: 'PUT', path: '/photocloud/trailer', body: chunked('AAAAAA=='), headers, sign });
    assert.equal(wrong.status, 400);
    assert.equal(errorCode(wrong.body), 'BadDigest');
    assert.equal(await exists('/photocloud/trailer'), false);
    const good = Buffer.alloc(4);
    good.writeUInt32BE(crc32(data));
    const ok = await send({ method: 'PUT', path: '/photocloud/trailer', body: chunked(good.toString('base64')), headers, sign });
    assert.equal(ok.status, 200, ok.body);
    const got = await send({ method: 'GET', path: '/photocloud/trailer', sign: signer, headers: { 'x-amz-checksum-mode': 'ENABLED' } });
    assert.equal(got.body, data.toString());
    assert.equal(got.headers['x-amz-checksum-crc32'], good.toString('base64'));
    assert.equal(got.headers['content-encoding'], undefined);
  });

  it('rejects a wrong checksum header with BadDigest', async () => {
    const res = await send({ method: 'PUT', path: '/photocloud/sum', body: 'abc', headers: { 'x-amz-checksum-sha256': Buffer.alloc(32).toString('base64') }, sign: signer });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.body), 'BadDigest');
    assert.equal(await exists('/photocloud/sum'), false);
  });

  it('stores nothing when the body is shorter than its Content-Length', async () => {
    const before = listFiles(blobsDir(s3)).length;
    const { port } = new URL(s3.url);
    const path = '/photocloud/short-body';
    const headers = { 'content-length': '1000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    const signed = signRequest({ ...signer, method: 'PUT', url: s3.url + path, headers, payloadHash: 'UNSIGNED-PAYLOAD', region: 'us-east-1', service: 's3', now: new Date() });
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const lines = Object.entries({ ...headers, ...signed, host: new URL(s3.url).host }).map(([k, v]) => `${k}: ${v}`);
    socket.write(`PUT ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${'x'.repeat(100)}`);
    await sleep(100);
    socket.destroy();
    for (let i = 0; i < 50 && listFiles(tmpDir(s3)).length > 0; i++) await sleep(20);
    await sleep(50);
    assert.equal(await exists(path), false);
    assert.deepEqual(listFiles(tmpDir(s3)), []);
    assert.equal(listFiles(blobsDir(s3)).length, before);
  });

  it('answers MissingContentLength for a body without length or aws-chunked encoding, and EntityTooLarge before reading', async () => {
    const chunked = await send({ method: 'PUT', path: '/photocloud/no-length', body: 'abc', headers: { 'transfer-encoding': 'chunked' }, sign: { ...signer, payloadHash: 'UNSIGNED-PAYLOAD' } });
    assert.equal(chunked.status, 411);
    assert.equal(errorCode(chunked.body), 'MissingContentLength');
    const big = await send({ method: 'PUT', path: '/photocloud/too-big', body: Buffer.alloc(5000), sign: { ...signer, payloadHash: 'UNSIGNED-PAYLOAD' } });
    assert.equal(big.status, 400);
    assert.equal(errorCode(big.body), 'EntityTooLarge');
    assert.equal(await exists('/photocloud/too-big'), false);
  });

  it('answers MalformedXML for a broken multi-delete body and InvalidRequest without Content-MD5', async () => {
    const xml = '<Delete><Object><Key>a</Key></Object>';
    const res = await send({ method: 'POST', path: '/photocloud?delete', body: xml, headers: { 'content-md5': md5Base64(xml) }, sign: signer });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.body), 'MalformedXML');
    const good = '<Delete><Object><Key>a</Key></Object></Delete>';
    const noMd5 = await send({ method: 'POST', path: '/photocloud?delete', body: good, sign: signer });
    assert.equal(noMd5.status, 400);
    assert.equal(errorCode(noMd5.body), 'InvalidRequest');
    const badMd5 = await send({ method: 'POST', path: '/photocloud?delete', body: good, headers: { 'content-md5': md5Base64('x') }, sign: signer });
    assert.equal(errorCode(badMd5.body), 'BadDigest');
  });

  it('answers NoSuchBucket with the resource, and 416 with Content-Range for a range past the end', async () => {
    const missing = await send({ method: 'GET', path: '/no-such-bucket/k', sign: signer });
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing.body), 'NoSuchBucket');
    assert.match(missing.body, /<Resource>\/no-such-bucket\/k<\/Resource>/);
    await send({ method: 'PUT', path: '/photocloud/ten', body: '0123456789', sign: signer });
    const range = await send({ method: 'GET', path: '/photocloud/ten', headers: { range: 'bytes=10-20' }, sign: signer });
    assert.equal(range.status, 416);
    assert.equal(errorCode(range.body), 'InvalidRange');
    assert.equal(range.headers['content-range'], 'bytes */10');
  });

  it('keeps traversal keys inside the store, as plain keys', async () => {
    // %2F keeps URL parsers from folding the dot segments before the request is sent.
    const put = await send({ method: 'PUT', path: '/photocloud/..%2F..%2Foutside.txt', body: 'inside', sign: signer });
    assert.equal(put.status, 200, put.body);
    const got = await send({ method: 'GET', path: '/photocloud/..%2F..%2Foutside.txt', sign: signer });
    assert.equal(got.body, 'inside');
    const list = await send({ method: 'GET', path: '/photocloud?list-type=2&prefix=..%2F', sign: signer });
    assert.match(list.body, /<Key>\.\.\/\.\.\/outside\.txt<\/Key>/);
    for (const f of listFiles(blobsDir(s3))) assert.match(f, /^[0-9a-f]{2}\/[0-9a-f]{32}$/);
  });

  it('answers NotImplemented for unsupported subresources and MethodNotAllowed for odd methods', async () => {
    const versioning = await send({ method: 'GET', path: '/photocloud?versioning', sign: signer });
    assert.equal(versioning.status, 501);
    assert.equal(errorCode(versioning.body), 'NotImplemented');
    const patch = await send({ method: 'PATCH', path: '/photocloud/k', sign: signer });
    assert.equal(patch.status, 405);
    assert.equal(errorCode(patch.body), 'MethodNotAllowed');
  });
});
