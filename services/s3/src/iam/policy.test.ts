import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALLOW_ALL, isAllowed, s3Resource, type Policy } from './policy.ts';

const ctx = { principal: 'u1' };

describe('policy evaluator', () => {
  it('allows everything with the root policy', () => {
    assert.ok(isAllowed(ALLOW_ALL, 's3:GetObject', s3Resource('b', 'k'), ctx));
    assert.ok(isAllowed(ALLOW_ALL, 's3:ListAllMyBuckets', s3Resource(), ctx));
  });

  it('denies by default, allows on a matching statement, and lets an explicit Deny win', () => {
    const policy: Policy = {
      statements: [
        { effect: 'Allow', action: ['s3:Get*', 's3:PutObject'], resource: 'arn:aws:s3:::photos/users/u1/*' },
        { effect: 'Deny', action: 's3:*', resource: 'arn:aws:s3:::photos/users/u1/private/*' },
      ],
    };
    assert.ok(isAllowed(policy, 's3:GetObject', s3Resource('photos', 'users/u1/a.jpg'), ctx));
    assert.ok(isAllowed(policy, 'S3:getobject', s3Resource('photos', 'users/u1/a.jpg'), ctx), 'actions are case-insensitive');
    assert.ok(!isAllowed(policy, 's3:GetObject', s3Resource('photos', 'users/u2/a.jpg'), ctx));
    assert.ok(!isAllowed(policy, 's3:DeleteObject', s3Resource('photos', 'users/u1/a.jpg'), ctx));
    assert.ok(!isAllowed(policy, 's3:GetObject', s3Resource('photos', 'users/u1/private/x'), ctx));
    assert.ok(!isAllowed(policy, 's3:GetObject', s3Resource('photos', 'USERS/u1/a.jpg'), ctx), 'keys are case-sensitive');
    assert.ok(!isAllowed({ statements: [] }, 's3:GetObject', s3Resource('photos', 'k'), ctx));
  });

  it('treats regex characters in resources literally and ? as one character', () => {
    const policy: Policy = { statements: [{ effect: 'Allow', action: 's3:GetObject', resource: 'arn:aws:s3:::b/a.(b)+?' }] };
    assert.ok(isAllowed(policy, 's3:GetObject', s3Resource('b', 'a.(b)+x'), ctx));
    assert.ok(!isAllowed(policy, 's3:GetObject', s3Resource('b', 'aX(b)+x'), ctx));
  });

  it('evaluates StringLike / StringEquals conditions on s3:prefix like AWS (absent key fails, negation passes)', () => {
    const policy: Policy = {
      statements: [
        { effect: 'Allow', action: 's3:ListBucket', resource: 'arn:aws:s3:::b', condition: { StringLike: { 's3:prefix': ['users/u1/*'] } } },
        { effect: 'Allow', action: 's3:ListBucket', resource: 'arn:aws:s3:::b', condition: { StringEquals: { 's3:prefix': ['shared/'] } } },
        { effect: 'Deny', action: 's3:ListBucket', resource: 'arn:aws:s3:::b', condition: { StringLike: { 's3:prefix': ['users/u1/secret*'] } } },
      ],
    };
    const list = (prefix?: string) => isAllowed(policy, 's3:ListBucket', s3Resource('b'), { principal: 'u1', values: { 's3:prefix': prefix } });
    assert.ok(list('users/u1/'));
    assert.ok(list('users/u1/2024/'));
    assert.ok(list('shared/'));
    assert.ok(!list('shared/x'), 'StringEquals is exact');
    assert.ok(!list('users/u1x/'));
    assert.ok(!list('users/'));
    assert.ok(!list(undefined), 'no prefix: the condition key is absent');
    assert.ok(!list('users/u1/secret/'), 'explicit Deny wins');
    const q: Policy = { statements: [{ effect: 'Allow', action: 's3:ListBucket', resource: '*', condition: { StringLike: { 's3:prefix': ['a?c'] } } }] };
    assert.ok(isAllowed(q, 's3:ListBucket', s3Resource('b'), { principal: 'u', values: { 's3:prefix': 'abc' } }));
    assert.ok(!isAllowed(q, 's3:ListBucket', s3Resource('b'), { principal: 'u', values: { 's3:prefix': 'abbc' } }));
    const not: Policy = { statements: [{ effect: 'Allow', action: 's3:ListBucket', resource: '*', condition: { StringNotLike: { 's3:prefix': ['private/*'] } } }] };
    assert.ok(isAllowed(not, 's3:ListBucket', s3Resource('b'), { principal: 'u', values: {} }));
    assert.ok(!isAllowed(not, 's3:ListBucket', s3Resource('b'), { principal: 'u', values: { 's3:prefix': 'private/x' } }));
  });
});
