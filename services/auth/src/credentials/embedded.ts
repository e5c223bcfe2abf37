import { AssumeRoleWithWebIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import type { CredentialsResponse } from '@photocloud/contracts';
import { AppError, type Logger } from '@photocloud/kit';
import type { KeyService } from '../services/key.service.ts';
import { userPrefix, type CredentialsProvider } from './provider.ts';

export interface EmbeddedStsOptions {
  /** What clients are told to use. */
  endpoint: string;
  /** Where this service reaches the STS (often the same). */
  stsEndpoint: string;
  region: string;
  bucket: string;
  /** Audience the S3 service expects on web-identity tokens (S3_STS_AUDIENCE). */
  audience: string;
  durationSeconds: number;
}

/** The token only has to live through the STS call. */
const WEB_IDENTITY_TTL_SEC = 60;

/**
 * Temporary keys from the embedded S3 service: the auth service signs a web-identity token for the
 * user and trades it with AssumeRoleWithWebIdentity; the S3 service scopes the session to
 * `users/<sub>/` itself.
 */
export class EmbeddedStsProvider implements CredentialsProvider {
  readonly mode = 'embedded';
  private readonly sts: STSClient;

  constructor(
    private readonly opts: EmbeddedStsOptions,
    private readonly keys: KeyService,
    private readonly log: Logger,
  ) {
    // AssumeRoleWithWebIdentity is an unsigned call: the token is the credential.
    this.sts = new STSClient({ endpoint: opts.stsEndpoint, region: opts.region, maxAttempts: 2 });
  }

  async issue(userId: string): Promise<CredentialsResponse> {
    const token = await this.keys.signWebIdentityToken(userId, this.opts.audience, WEB_IDENTITY_TTL_SEC);
    try {
      const out = await this.sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: 'arn:aws:iam::000000000000:role/photocloud-user',
          RoleSessionName: userId.slice(0, 64),
          WebIdentityToken: token,
          DurationSeconds: this.opts.durationSeconds,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('STS answered without credentials');
      return {
        mode: 's3',
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration.toISOString(),
        endpoint: this.opts.endpoint,
        region: this.opts.region,
        bucket: this.opts.bucket,
        prefix: userPrefix(userId),
      };
    } catch (err) {
      this.log.warn({ err: err instanceof STSServiceException ? { name: err.name, message: err.message } : err }, 'STS refused web identity');
      throw new AppError('CREDENTIALS_UNAVAILABLE', { cause: err });
    }
  }

  close(): void {
    this.sts.destroy();
  }
}
