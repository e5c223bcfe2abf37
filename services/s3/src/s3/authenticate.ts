import type { IncomingMessage, ServerResponse } from 'node:http';
import type { S3Context, S3Deps } from './context.ts';
import { S3Error } from './errors.ts';
import { parseAuth, verifyRequest, type AuthRequest } from './sigv4.ts';

/**
 * SigV4 in the Authorization header or the presigned query: finds the key, verifies the signature
 * (and clock skew / expiry). Payload hashes and chunk signatures are checked later, while the body streams.
 */
export async function authenticate(deps: S3Deps, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<S3Context> {
  const authReq: AuthRequest = { method: req.method ?? 'GET', rawUrl: req.url ?? '/', headers: req.headers };
  const auth = parseAuth(authReq);
  if (!auth) throw new S3Error('AccessDenied', 'Anonymous access is not allowed.');
  const key = await deps.keys.resolve(auth.accessKeyId, auth.securityToken);
  if (!key) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
      fields: { AWSAccessKeyId: auth.accessKeyId },
    });
  }
  const now = deps.clock.now();
  const verified = verifyRequest(authReq, auth, key.secretAccessKey, now);
  return { deps, req, res, requestId, key, auth, verified, now };
}
