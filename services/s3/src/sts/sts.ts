import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { PolicyError, parsePolicyDocument, substituteVariables } from '../iam/policy-document.ts';
import { issueSession, MAX_DURATION, MIN_DURATION, type SessionCredentials } from '../iam/session.ts';
import { authenticate } from '../s3/authenticate.ts';
import type { S3Deps } from '../s3/context.ts';
import { isS3Error } from '../s3/errors.ts';
import { XmlWriter } from '../s3/xml.ts';

const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const MAX_BODY = 64 * 1024;
const SUB = /^[A-Za-z0-9._@:-]{1,128}$/;

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The role every web identity gets: its own `users/<sub>/` folder of the bucket, and listing inside it only. */
export function webIdentityPolicy(bucket: string): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: `arn:aws:s3:::${bucket}/users/\${jwt:sub}/*`,
      },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}`, Condition: { StringLike: { 's3:prefix': ['users/${jwt:sub}/*'] } } },
    ],
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new StsError(400, 'ValidationError', 'The request body is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function duration(params: URLSearchParams): number {
  const raw = params.get('DurationSeconds');
  if (raw === null) return 3600;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= MIN_DURATION && n <= MAX_DURATION)) {
    throw new StsError(400, 'ValidationError', `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${MIN_DURATION} and ${MAX_DURATION}`);
  }
  return n;
}

function required(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (!v) throw new StsError(400, 'MissingParameter', `The request must contain the parameter ${name}`);
  return v;
}

function credentialsXml(xml: XmlWriter, c: SessionCredentials): void {
  xml.open('Credentials').leaf('AccessKeyId', c.accessKeyId).leaf('SecretAccessKey', c.secretAccessKey).leaf('SessionToken', c.sessionToken).leaf('Expiration', c.expiration.toISOString()).close('Credentials');
}

/** STS on the S3 port: AssumeRoleWithWebIdentity (unauthenticated, JWT from our AuthService) and AssumeRole (root key). */
export class StsService {
  readonly #jwks: JWTVerifyGetKey | undefined;

  constructor(private readonly deps: S3Deps) {
    this.#jwks = deps.config.stsJwksUrl ? createRemoteJWKSet(new URL(deps.config.stsJwksUrl)) : undefined;
  }

  async handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    try {
      const body = await readBody(req);
      const params = new URLSearchParams(body.toString('utf8'));
      const action = params.get('Action');
      if (params.get('Version') !== '2011-06-15') throw new StsError(400, 'InvalidAction', 'Version must be 2011-06-15.');
      let xml: XmlWriter;
      if (action === 'AssumeRoleWithWebIdentity') xml = await this.#webIdentity(params);
      else if (action === 'AssumeRole') xml = await this.#assumeRole(req, res, requestId, body, params);
      else throw new StsError(400, 'InvalidAction', `Could not find operation ${action ?? '(none)'} for version 2011-06-15`);
      const out = Buffer.from(xml.open('ResponseMetadata').leaf('RequestId', requestId).close('ResponseMetadata').toString());
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': out.length });
      res.end(out);
    } catch (err) {
      let e: StsError;
      if (err instanceof StsError) e = err;
      else if (isS3Error(err)) e = new StsError(err.status, err.code === 'InvalidAccessKeyId' ? 'InvalidClientTokenId' : err.code, err.message);
      else {
        this.deps.log.error({ err, requestId }, 'STS request failed');
        e = new StsError(500, 'InternalFailure', 'internal error');
      }
      const xml = new XmlWriter('ErrorResponse', STS_XMLNS)
        .open('Error').leaf('Type', e.status >= 500 ? 'Receiver' : 'Sender').leaf('Code', e.code).leaf('Message', e.message).close('Error')
        .leaf('RequestId', requestId);
      const out = Buffer.from(xml.toString());
      if (!res.headersSent) res.writeHead(e.status, { 'content-type': 'text/xml', 'content-length': out.length });
      res.end(out);
    }
  }

  async #webIdentity(params: URLSearchParams): Promise<XmlWriter> {
    const token = required(params, 'WebIdentityToken');
    const roleArn = required(params, 'RoleArn');
    const sessionName = required(params, 'RoleSessionName');
    const seconds = duration(params);
    if (params.has('Policy') || params.has('PolicyArns.member.1')) throw new StsError(400, 'ValidationError', 'Session policies are not supported with AssumeRoleWithWebIdentity.');
    if (!this.#jwks) throw new StsError(400, 'IDPCommunicationError', 'Web identity federation is not configured (S3_STS_JWKS_URL).');
    const { config } = this.deps;
    let sub: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.#jwks, { issuer: config.stsIssuer, audience: config.stsAudience });
      sub = payload.sub;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new StsError(400, 'ExpiredTokenException', 'Token is expired.');
      if (err instanceof joseErrors.JOSEError) throw new StsError(400, 'InvalidIdentityToken', `The web identity token could not be verified: ${err.message}`);
      throw new StsError(400, 'IDPCommunicationError', 'The JWKS of the identity provider could not be fetched.');
    }
    if (!sub || !SUB.test(sub)) throw new StsError(400, 'InvalidIdentityToken', 'The web identity token has no usable sub claim.');
    const policy = substituteVariables(webIdentityPolicy(config.bucket), { 'jwt:sub': sub });
    const creds = issueSession(this.deps.keyServer, { principal: sub, policy, durationSeconds: seconds, now: this.deps.clock.now() });
    const xml = new XmlWriter('AssumeRoleWithWebIdentityResponse', STS_XMLNS).open('AssumeRoleWithWebIdentityResult');
    credentialsXml(xml, creds);
    return xml
      .leaf('SubjectFromWebIdentityToken', sub)
      .open('AssumedRoleUser').leaf('Arn', `${roleArn.replace(':role/', ':assumed-role/')}/${sessionName}`).leaf('AssumedRoleId', `${creds.accessKeyId}:${sessionName}`).close('AssumedRoleUser')
      .leaf('Provider', config.stsIssuer)
      .leaf('Audience', config.stsAudience)
      .close('AssumeRoleWithWebIdentityResult');
  }

  async #assumeRole(req: IncomingMessage, res: ServerResponse, requestId: string, body: Buffer, params: URLSearchParams): Promise<XmlWriter> {
    // STS clients sign the body's hash without sending x-amz-content-sha256: supply it for the verifier.
    const hash = createHash('sha256').update(body).digest('hex');
    const sent = req.headers['x-amz-content-sha256'];
    if (sent === undefined) req.headers['x-amz-content-sha256'] = hash;
    else if (sent !== hash) throw new StsError(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
    const ctx = await authenticate(this.deps, req, res, requestId);
    if (ctx.key.kind !== 'root') throw new StsError(403, 'AccessDenied', 'Only the root key may call AssumeRole.');
    const roleArn = required(params, 'RoleArn');
    const sessionName = required(params, 'RoleSessionName');
    if (!SUB.test(sessionName)) throw new StsError(400, 'ValidationError', 'RoleSessionName must be 1-128 characters: letters, digits, . _ @ : -');
    const seconds = duration(params);
    let policy: unknown;
    try {
      policy = JSON.parse(required(params, 'Policy'));
      parsePolicyDocument(policy);
    } catch (err) {
      if (err instanceof StsError) throw err;
      throw new StsError(400, 'MalformedPolicyDocument', err instanceof PolicyError ? err.message : 'Policy is not valid JSON.');
    }
    const creds = issueSession(this.deps.keyServer, { principal: sessionName, policy, durationSeconds: seconds, now: this.deps.clock.now() });
    const xml = new XmlWriter('AssumeRoleResponse', STS_XMLNS).open('AssumeRoleResult');
    credentialsXml(xml, creds);
    return xml
      .open('AssumedRoleUser').leaf('Arn', `${roleArn.replace(':role/', ':assumed-role/')}/${sessionName}`).leaf('AssumedRoleId', `${creds.accessKeyId}:${sessionName}`).close('AssumedRoleUser')
      .close('AssumeRoleResult');
  }
}
