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
});
