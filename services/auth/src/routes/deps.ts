import type { preHandlerAsyncHookHandler } from 'fastify';
import type { AccountService } from '../services/account.service.ts';
import type { GoogleVerifier } from '../services/google.service.ts';
import type { IdentityService } from '../services/identity.service.ts';
import type { CredentialsProvider } from '../credentials/provider.ts';
import type { FranceConnectService } from '../services/franceconnect.service.ts';
import type { KeyService } from '../services/key.service.ts';
import type { PasskeyService } from '../services/passkey.service.ts';
import type { RecoveryService } from '../services/recovery.service.ts';
import type { SessionService } from '../services/session.service.ts';
import type { SignInService } from '../services/sign-in.service.ts';
import type { CookiePolicy } from './http-context.ts';

/** What the route plugins need: the services, the cookie policy and the bearer-token check. */
export interface RouteDeps {
  accounts: AccountService;
  signIn: SignInService;
  recovery: RecoveryService;
  sessions: SessionService;
  keys: KeyService;
  passkeys: PasskeyService;
  identities: IdentityService;
  credentials: CredentialsProvider;
  /** Absent when GOOGLE_CLIENT_ID is not set. */
  google?: GoogleVerifier | undefined;
  /** Absent when FRANCECONNECT_CLIENT_ID is not set. */
  franceConnect?: FranceConnectService | undefined;
  cookie: CookiePolicy;
  /** Verifies the bearer token and that its session still stands; sets `req.user`. */
  authenticate: preHandlerAsyncHookHandler[];
}
