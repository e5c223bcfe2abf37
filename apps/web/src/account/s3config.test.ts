import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { S3Credentials } from '@photocloud/contracts';
import { s3Snippets } from './s3config.ts';

const creds: S3Credentials = {
  mode: 's3',
  accessKeyId: 'STSKEY123',
  secretAccessKey: 'secret/with+chars',
  sessionToken: 'token.value',
  expiration: '2030-01-01T00:00:00.000Z',
  endpoint: 'http://192.0.2.10:9000',
  region: 'us-east-1',
  bucket: 'photocloud',
  prefix: 'users/u-1/',
};

describe('S3 configuration snippets', () => {
  it('write an rclone remote with the temporary keys, path-style and no bucket check', () => {
    const s = s3Snippets(creds);
    assert.equal(
      s.rclone,
      '[photocloud]\ntype = s3\nprovider = Other\naccess_key_id = STSKEY123\nsecret_access_key = secret/with+chars\nsession_token = token.value\nendpoint = http://192.0.2.10:9000\nregion = us-east-1\nforce_path_style = true\nno_check_bucket = true',
    );
    assert.equal(s.rcloneExample, 'rclone ls photocloud:photocloud/users/u-1/');
  });

  it('write the aws CLI profile and an example scoped to the prefix', () => {
    const s = s3Snippets(creds);
    assert.match(s.awsCredentials, /^\[photocloud\]\naws_access_key_id = STSKEY123\naws_secret_access_key = secret\/with\+chars\naws_session_token = token.value$/);
    assert.match(s.awsConfig, /endpoint_url = http:\/\/192\.0\.2\.10:9000/);
    assert.equal(s.awsExample, 'aws s3 ls s3://photocloud/users/u-1/ --profile photocloud --endpoint-url http://192.0.2.10:9000');
    assert.equal(s.awsConfigure.split('\n').length, 4);
  });

  it('mask the secret and the session token for the screen, and only those', () => {
    const masked = s3Snippets(creds, true);
    for (const text of Object.values(masked)) {
      assert.ok(!text.includes('secret/with+chars') && !text.includes('token.value'), text);
    }
    assert.match(masked.rclone, /access_key_id = STSKEY123/);
  });

  it('give the prefix one trailing slash whatever the server sent', () => {
    assert.equal(s3Snippets({ ...creds, prefix: 'users/u-1' }).rcloneExample, 'rclone ls photocloud:photocloud/users/u-1/');
  });
});
