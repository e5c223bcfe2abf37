import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { isValidBucketName } from './bucket-name.ts';
import { bucketFromHost, parseEndpoint } from './endpoint.ts';
import { S3Error } from './errors.ts';
import { parseRange } from './range.ts';
import { escapeXml, XmlWriter } from './xml.ts';
import { prefixSuccessor } from '../store/meta.store.ts';

const req = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers: { host: '127.0.0.1:9000', ...headers } }) as unknown as IncomingMessage;
const domains = ['s3.localhost', 'localhost'];

describe('endpoint parsing', () => {
  it('routes by method, path and subresource with AWS operation names', () => {
    assert.equal(parseEndpoint(req('GET', '/'), domains).op, 'ListBuckets');
    assert.equal(parseEndpoint(req('GET', '/b?list-type=2&prefix=a'), domains).op, 'ListObjectsV2');
    assert.equal(parseEndpoint(req('GET', '/b'), domains).op, 'ListObjects');
    assert.equal(parseEndpoint(req('GET', '/b?location'), domains).op, 'GetBucketLocation');
    assert.equal(parseEndpoint(req('POST', '/b?delete'), domains).op, 'DeleteObjects');
    assert.equal(parseEndpoint(req('PUT', '/b/k', { 'x-amz-copy-source': 'a/b' }), domains).op, 'CopyObject');
    const ep = parseEndpoint(req('GET', '/b/a%2Fb/c%20d+e%25'), domains);
    assert.deepEqual([ep.op, ep.bucket, ep.key], ['GetObject', 'b', 'a/b/c d+e%']);
  });

  it('takes the bucket from a virtual-hosted Host header', () => {
    const ep = parseEndpoint(req('GET', '/a/b', { host: 'photos.s3.localhost:9000' }), domains);
    assert.deepEqual([ep.bucket, ep.key], ['photos', 'a/b']);
    assert.equal(bucketFromHost('127.0.0.1:9000', domains), undefined);
  });

  it('answers NotImplemented, MethodNotAllowed, KeyTooLongError and InvalidURI', () => {
    const code = (r: IncomingMessage) => {
      try {
        parseEndpoint(r, domains);
      } catch (err) {
        return (err as S3Error).code;
      }
      return 'none';
    };
    assert.equal(code(req('GET', '/b?acl')), 'NotImplemented');
    assert.equal(code(req('GET', '/b/k?partNumber=1')), 'NotImplemented');
    assert.equal(code(req('PATCH', '/b/k')), 'MethodNotAllowed');
    assert.equal(code(req('GET', `/b/${'k'.repeat(1025)}`)), 'KeyTooLongError');
    assert.equal(code(req('GET', '/b/%E0%A4%A')), 'InvalidURI');
  });
});

describe('ranges', () => {
  it('parses single ranges and rejects unsatisfiable ones', () => {
    assert.deepEqual(parseRange('bytes=0-0', 10), { start: 0, end: 0 });
    assert.deepEqual(parseRange('bytes=5-', 10), { start: 5, end: 9 });
    assert.deepEqual(parseRange('bytes=-4', 10), { start: 6, end: 9 });
    assert.deepEqual(parseRange('bytes=2-100', 10), { start: 2, end: 9 });
    assert.equal(parseRange('bytes=0-1,3-4', 10), null, 'several ranges: whole object, like S3');
    assert.equal(parseRange('items=0-1', 10), null);
    assert.throws(() => parseRange('bytes=10-', 10), (e: S3Error) => e.code === 'InvalidRange' && e.extra.headers?.['content-range'] === 'bytes */10');
    assert.throws(() => parseRange('bytes=-0', 10), { code: 'InvalidRange' });
  });
});

describe('xml and names', () => {
  it('escapes markup and control characters', () => {
    assert.equal(escapeXml(`a<b>&"c'\u0001`), 'a&lt;b&gt;&amp;&quot;c&apos;&#x1;');
    assert.equal(new XmlWriter('R').leaf('K', 'v').leaf('Skip', undefined).toString(), '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><K>v</K></R>');
  });

  it('validates bucket names like S3', () => {
    for (const ok of ['abc', 'my-bucket.2024', 'a'.repeat(63)]) assert.ok(isValidBucketName(ok), ok);
    for (const bad of ['ab', 'Abc', 'a_b', 'a..b', 'a.-b', '10.0.0.1', 'xn--a', 'b-s3alias', '-ab']) assert.ok(!isValidBucketName(bad), bad);
  });

  it('computes the prefix successor in UTF-8 byte order', () => {
    assert.equal(prefixSuccessor('a/'), 'a0');
    assert.equal(prefixSuccessor('photos%'), 'photos&');
    assert.equal(prefixSuccessor('\ud7ff'), '\ue000');
    assert.equal(prefixSuccessor('a\u{10ffff}'), 'b');
  });
});
