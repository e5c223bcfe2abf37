import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError, type Clock, type Logger } from '@photocloud/kit';
import type { ProviderProfile } from './identity.service.ts';

export interface GoogleOptions {
  clientId: string;
  jwksUrl: string;
  /** Tests only: one more accepted issuer (a local provider). */
  extraIssuer?: string | undefined;
}

const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

/**
 * Google Identity Services ID tokens, verified with jose against Google's published keys (a key id
 * not yet in the cached set triggers one refetch).
 */
export class GoogleVerifier {
  private readonly jwks: JWTVerifyGetKey;
  private readonly issuers: string[];

  constructor(
    private readonly opts: GoogleOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    // An unknown key id refetches the set, at most once a second (Google publishes new keys ahead of use).
    this.jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 1000 });
    this.issuers = opts.extraIssuer ? [...GOOGLE_ISSUERS, opts.extraIssuer] : GOOGLE_ISSUERS;
  }

  get clientId(): string {
    return this.opts.clientId;
  }

  /** `expectedNonce`: when the sign-in request carried one, the token must carry the same. */
  async verify(token: string, expectedNonce?: string): Promise<ProviderProfile> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.issuers,
        audience: this.opts.clientId,
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: this.clock.now(),
        clockTolerance: 30,
      }));
    } catch (err) {
      if (!(err instanceof joseErrors.JOSEError)) throw err;
      this.log.info({ reason: err.code }, 'google id token refused');
      throw new AppError('PROVIDER_TOKEN_INVALID', { cause: err });
    }
    if (expectedNonce !== undefined && payload.nonce !== expectedNonce) throw new AppError('PROVIDER_TOKEN_INVALID', { message: 'The sign-in could not be verified (nonce).' });
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) throw new AppError('PROVIDER_TOKEN_INVALID');
    const verified = payload.email_verified === true || payload.email_verified === 'true';
    if (typeof payload.email !== 'string' || !verified) throw new AppError('PROVIDER_EMAIL_NOT_VERIFIED');
    return {
      provider: 'google',
      subject: payload.sub,
      email: payload.email,
      emailVerified: true,
      givenName: typeof payload.given_name === 'string' ? payload.given_name.slice(0, 100) : null,
      familyName: typeof payload.family_name === 'string' ? payload.family_name.slice(0, 100) : null,
    };
  }
}
