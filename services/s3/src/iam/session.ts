import { S3Error } from '../s3/errors.ts';
import { newAccessKeyId } from './access-key.store.ts';
import type { Policy } from './policy.ts';
import { parsePolicyDocument } from './policy-document.ts';
import { hmacBase64, seal, unseal, type ServerKeys } from './secrets.ts';

/** Temporary credentials as STS returns them. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface Session {
  principal: string;
  policy: Policy;
  issuedAt: number; // unix milliseconds (revocation compares it with a "not before" time)
  expiresAt: number; // unix seconds
}

interface TokenBody {
  p: string; // principal
  d: unknown; // policy document (variables already substituted)
  i: number; // issued at, unix ms
  e: number; // expires at
}

export const SESSION_KEY_PREFIX = 'ASIA';
export const MIN_DURATION = 900;
export const MAX_DURATION = 43_200;

function sessionSecret(keys: ServerKeys, accessKeyId: string, body: TokenBody): string {
  return hmacBase64(keys.sessionSecret, `${accessKeyId}\n${body.p}\n${body.i}\n${body.e}`);
}

/**
 * Stateless session credentials: the token is the AEAD-sealed {principal, policy, iat, exp} bound to
 * the access key id, and the secret is an HMAC of them, so no row is stored per session.
 */
export function issueSession(keys: ServerKeys, input: { principal: string; policy: unknown; durationSeconds: number; now: Date }): SessionCredentials {
  const issuedAt = input.now.getTime();
  const body: TokenBody = { p: input.principal, d: input.policy, i: issuedAt, e: Math.floor(issuedAt / 1000) + input.durationSeconds };
  const accessKeyId = newAccessKeyId(SESSION_KEY_PREFIX);
  return {
    accessKeyId,
    secretAccessKey: sessionSecret(keys, accessKeyId, body),
    sessionToken: seal(keys.sessionSeal, Buffer.from(JSON.stringify(body)), accessKeyId),
    expiration: new Date(body.e * 1000),
  };
}

// Opened tokens by token text: the seal and the policy parse are paid once per session, not per request.
const opened = new Map<string, { session: Session; secret: string; accessKeyId: string }>();

/** Opens a session token for `accessKeyId`: InvalidToken when tampered or foreign, ExpiredToken past expiry. */
export function openSession(keys: ServerKeys, accessKeyId: string, token: string, now: Date): { session: Session; secret: string } {
  let hit = opened.get(token);
  if (!hit || hit.accessKeyId !== accessKeyId) {
    const plain = unseal(keys.sessionSeal, token, accessKeyId);
    if (!plain) throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.');
    const body = JSON.parse(plain.toString('utf8')) as TokenBody;
    const session: Session = { principal: body.p, policy: parsePolicyDocument(body.d), issuedAt: body.i, expiresAt: body.e };
    hit = { session, secret: sessionSecret(keys, accessKeyId, body), accessKeyId };
    if (opened.size >= 10_000) opened.clear();
    opened.set(token, hit);
  }
  if (now.getTime() / 1000 >= hit.session.expiresAt) throw new S3Error('ExpiredToken', 'The provided token has expired.');
  return hit;
}
