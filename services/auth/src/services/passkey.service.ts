import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import type { Passkey } from '@photocloud/contracts';
import { AppError, type Clock, type Logger } from '@photocloud/kit';
import type { AuthDb, ChallengePurpose } from '../db/schema.ts';
import { normalizeEmail } from '../normalize.ts';
import type { PasskeyRow, PasskeyStore } from '../stores/passkey.store.ts';
import type { UserStore } from '../stores/user.store.ts';
import type { RateLimitService } from './rate-limit.service.ts';
import type { SessionService } from './session.service.ts';
import { toSignIn, type RequestContext, type SignIn } from './user.mapper.ts';
import { assertAnotherWayIn } from './ways-in.ts';

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** How long a ceremony may take between begin and finish. */
export const CHALLENGE_TTL_SEC = 300;

/**
 * Passkeys (WebAuthn). Challenges are kept server-side, keyed by their value, and spent by the finish
 * that names them (once, even when two finishes race). Signature counters must move forward.
 */
export class PasskeyService {
  constructor(
    private readonly db: Kysely<AuthDb>,
    private readonly store: PasskeyStore,
    private readonly users: UserStore,
    private readonly sessions: SessionService,
    private readonly limits: RateLimitService,
    private readonly rp: RelyingParty,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async registerBegin(userId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const user = await this.users.getById(userId);
    if (!user) throw new AppError('SESSION_EXPIRED');
    const existing = await this.store.listByUser(userId);
    const options = await generateRegistrationOptions({
      rpName: this.rp.name,
      rpID: this.rp.id,
      userName: user.email,
      userDisplayName: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      timeout: CHALLENGE_TTL_SEC * 1000,
      excludeCredentials: existing.map((p) => ({ id: p.id, ...transportsOf(p) })),
      // Discoverable, so the same passkey also works for usernameless sign-in.
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    await this.saveChallenge(options.challenge, 'passkey_register', userId);
    return options;
  }

  async registerFinish(userId: string, response: RegistrationResponseJSON, name: string | undefined): Promise<Passkey> {
    const challenge = await this.spendChallenge(response.response.clientDataJSON, 'passkey_register');
    if (challenge.userId !== userId) throw new AppError('PASSKEY_CHALLENGE_INVALID');
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: this.rp.origin,
      expectedRPID: this.rp.id,
      requireUserVerification: false,
    }).catch((err: unknown) => this.refused(err));
    if (!verified.verified) throw new AppError('PASSKEY_INVALID');
    const info = verified.registrationInfo;
    const now = this.clock.now().toISOString();
    const row: PasskeyRow = {
      id: info.credential.id,
      userId,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: response.response.transports ? JSON.stringify(response.response.transports) : null,
      name: name ?? defaultName(info.credentialDeviceType),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp ? 1 : 0,
      createdAt: now,
      lastUsedAt: null,
    };
    await this.store.create(row);
    return toPasskey(row);
  }

  /** With an email: that account's passkeys are offered; without: any discoverable passkey for this site. */
  async loginBegin(rawEmail: string | undefined, ctx: RequestContext): Promise<PublicKeyCredentialRequestOptionsJSON> {
    await this.limits.consume('passkeyChallengePerIp', ctx.ip);
    let userId: string | null = null;
    let allow: PasskeyRow[] = [];
    if (rawEmail !== undefined) {
      // An unknown address gets the same empty list as an account without passkeys.
      const user = await this.users.getByEmail(normalizeEmail(rawEmail));
      if (user) {
        userId = user.id;
        allow = await this.store.listByUser(user.id);
      }
    }
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      timeout: CHALLENGE_TTL_SEC * 1000,
      userVerification: 'preferred',
      allowCredentials: allow.map((p) => ({ id: p.id, ...transportsOf(p) })),
    });
    await this.saveChallenge(options.challenge, 'passkey_login', userId);
    return options;
  }

  async loginFinish(response: AuthenticationResponseJSON, ctx: RequestContext): Promise<SignIn> {
    await this.limits.consume('loginPerIp', ctx.ip);
    const challenge = await this.spendChallenge(response.response.clientDataJSON, 'passkey_login');
    const passkey = await this.store.getById(response.id);
    if (!passkey || (challenge.userId !== null && challenge.userId !== passkey.userId)) throw new AppError('PASSKEY_INVALID');
    // A discoverable credential names its account; it must be the one the passkey was registered to.
    const handle = response.response.userHandle;
    if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.userId) throw new AppError('PASSKEY_INVALID');
    const counter = Number(passkey.counter);
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: this.rp.origin,
      expectedRPID: this.rp.id,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter, ...transportsOf(passkey) },
      requireUserVerification: false,
    }).catch((err: unknown) => this.refused(err));
    if (!verified.verified) throw new AppError('PASSKEY_INVALID');
    if (!(await this.store.advanceCounter(passkey.id, counter, verified.authenticationInfo.newCounter, this.clock.now().toISOString()))) {
      throw new AppError('PASSKEY_INVALID');
    }
    const user = await this.users.getById(passkey.userId);
    if (!user) throw new AppError('PASSKEY_INVALID');
    return toSignIn(user, await this.sessions.start(user.id, 'passkey', ctx));
  }

  async list(userId: string): Promise<Passkey[]> {
    return (await this.store.listByUser(userId)).map(toPasskey);
  }

  async rename(userId: string, id: string, name: string): Promise<Passkey> {
    const row = await this.store.rename(id, userId, name);
    if (!row) throw new AppError('NOT_FOUND', { message: 'No such passkey.' });
    return toPasskey(row);
  }

  async delete(userId: string, id: string): Promise<void> {
    const row = await this.store.getById(id);
    if (!row || row.userId !== userId) throw new AppError('NOT_FOUND', { message: 'No such passkey.' });
    await assertAnotherWayIn(this.db, userId);
    await this.store.delete(id, userId);
  }

  private async saveChallenge(challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<void> {
    const expiresAt = new Date(this.clock.now().getTime() + CHALLENGE_TTL_SEC * 1000).toISOString();
    await this.store.createChallenge({ challenge, purpose, userId, expiresAt });
  }

  /** Reads the challenge the client signed over and spends it; unknown, used or expired all answer the same. */
  private async spendChallenge(clientDataJSON: string, purpose: ChallengePurpose): Promise<{ challenge: string; userId: string | null }> {
    let challenge: unknown;
    try {
      challenge = (JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
    } catch {
      throw new AppError('PASSKEY_INVALID', { message: 'The passkey answer is not readable.' });
    }
    if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > 256) throw new AppError('PASSKEY_CHALLENGE_INVALID');
    const row = await this.store.consumeChallenge(challenge, purpose, this.clock.now().toISOString());
    if (!row) throw new AppError('PASSKEY_CHALLENGE_INVALID');
    return row;
  }

  private refused(err: unknown): never {
    this.log.info({ reason: (err as Error).message }, 'passkey refused');
    throw new AppError('PASSKEY_INVALID', { cause: err });
  }
}

function transportsOf(p: PasskeyRow): { transports?: AuthenticatorTransportFuture[] } {
  return p.transports ? { transports: JSON.parse(p.transports) as AuthenticatorTransportFuture[] } : {};
}

function defaultName(deviceType: string): string {
  return deviceType === 'multiDevice' ? 'Synced passkey' : 'Security key';
}

function toPasskey(p: PasskeyRow): Passkey {
  return { id: p.id, name: p.name, deviceType: p.deviceType, backedUp: p.backedUp === 1, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt };
}
