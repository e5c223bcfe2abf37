import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger, loadConfig } from '@photocloud/kit';
import { s3ConfigSpec, startS3Service, type S3Service } from '@photocloud/s3';
import { BlobStore } from '../src/blobs/blob-store.ts';

const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A PUT that carries the SHA-256 the gallery computed: the SDK does not hash again, S3 still checks. */
describe('BlobStore.put with a known SHA-256, against the real S3 service', () => {
  let dir: string;
  let s3: S3Service;
  let blobs: BlobStore;

  before(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'pc-put-sha-'));
    s3 = await startS3Service({
      config: loadConfig(s3ConfigSpec, { DATA_DIR: dir, S3_PORT: '0', S3_ACCESS_KEY: 'putshakey', S3_SECRET_KEY: 'put-sha-secret-key' }),
      log: createLogger({ service: 'test', level: 'silent' }),
    });
    blobs = new BlobStore({ endpoint: s3.url, region: 'us-east-1', bucket: 'put-sha', accessKeyId: 'putshakey', secretAccessKey: 'put-sha-secret-key' });
    await blobs.ensureBucket();
  });
  after(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the bytes with their SHA-256 as the object checksum (HEAD gives it back)', async () => {
    const body = randomBytes(300_000);
    await blobs.put('a.jpg', body, { contentType: 'image/jpeg', metadata: { owner: 'ann' }, sha256: hex(body) });
    const head = await blobs.head('a.jpg');
    assert.equal(head?.checksumSha256, createHash('sha256').update(body).digest('base64'));
    assert.equal(head?.size, body.length);
    assert.equal(head?.etag, `"${createHash('md5').update(body).digest('hex')}"`, 'the ETag stays the MD5 of the bytes');
    assert.deepEqual(await blobs.get('a.jpg'), body);
  });

  it('is refused by S3 when the bytes do not match the hash, and nothing is stored', async () => {
    const body = randomBytes(100_000);
    const other = hex(randomBytes(16));
    await assert.rejects(
      blobs.put('b.jpg', body, { contentType: 'image/jpeg', sha256: other }),
      // The signed payload hash is the caller's: S3 compares it with the bytes before anything else.
      (err: Error) => err.name === 'XAmzContentSHA256Mismatch',
    );
    assert.equal(await blobs.head('b.jpg'), null);
  });

  it('refuses a malformed hash before sending anything', async () => {
    await assert.rejects(blobs.put('c.jpg', Buffer.from('x'), { contentType: 'image/jpeg', sha256: 'ABC' }), TypeError);
    assert.equal(await blobs.head('c.jpg'), null);
  });

  it('without a hash, the SDK signs the payload itself and no checksum is kept', async () => {
    const body = randomBytes(50_000);
    await blobs.put('d.jpg', body, { contentType: 'image/jpeg' });
    const head = await blobs.head('d.jpg');
    assert.equal(head?.checksumSha256, undefined);
    assert.deepEqual(await blobs.get('d.jpg'), body);
  });
});
