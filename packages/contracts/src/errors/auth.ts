import type { ErrorSpec } from './common.ts';

/**
 * Errors of the auth service. None of them tells whether an account exists: register, forgot-password
 * and magic-link requests always answer 202, and a failed sign-in is INVALID_CREDENTIALS either way.
 */
export const AUTH_ERRORS = {
  INVALID_CREDENTIALS: { status: 401, message: 'The email or password is not correct.' },
  EMAIL_NOT_VERIFIED: { status: 403, message: 'Confirm your email address first: follow the link we sent you.' },
  INVALID_EMAIL: { status: 400, message: 'This email address is not valid.' },
  INVALID_USERNAME: { status: 400, message: 'Usernames are 3 to 32 letters, digits, dots, dashes or underscores.' },
  USERNAME_TAKEN: { status: 409, message: 'This username is already taken.' },
  WEAK_PASSWORD: { status: 400, message: 'Choose a longer or less common password.' },
  CURRENT_PASSWORD_WRONG: { status: 403, message: 'The current password is not correct.' },
  TOKEN_INVALID: { status: 400, message: 'This link is not valid.' },
  TOKEN_EXPIRED: { status: 400, message: 'This link has expired; ask for a new one.' },
  TOKEN_USED: { status: 400, message: 'This link has already been used; ask for a new one.' },
  REFRESH_TOKEN_INVALID: { status: 401, message: 'The session is not valid; sign in again.' },
  REFRESH_TOKEN_REUSED: { status: 401, message: 'This session was ended because an old token was used again; sign in again.' },
  SESSION_EXPIRED: { status: 401, message: 'The session has ended; sign in again.' },
  PASSKEY_CHALLENGE_INVALID: { status: 400, message: 'This passkey request has expired or was already used; start again.' },
  PASSKEY_INVALID: { status: 401, message: 'This passkey could not be verified.' },
  PROVIDER_NOT_CONFIGURED: { status: 404, message: 'This sign-in method is not enabled on this server.' },
  PROVIDER_TOKEN_INVALID: { status: 401, message: 'The sign-in could not be verified; try again.' },
  PROVIDER_EMAIL_NOT_VERIFIED: { status: 403, message: 'This account\'s email address is not verified by the provider.' },
  OIDC_STATE_INVALID: { status: 400, message: 'This sign-in attempt has expired or did not start in this browser; start again.' },
  IDENTITY_NOT_LINKED: { status: 409, message: 'An account already uses this email. Sign in to it, then link this sign-in method from your settings.' },
  IDENTITY_IN_USE: { status: 409, message: 'This sign-in method is already linked to another account.' },
  LAST_SIGN_IN_METHOD: { status: 409, message: 'This is your last way to sign in; add another one first.' },
  CSRF_CHECK_FAILED: { status: 403, message: 'The request could not be checked; try again.' },
  CREDENTIALS_UNAVAILABLE: { status: 503, message: 'Storage credentials cannot be issued right now.' },
} as const satisfies Record<string, ErrorSpec>;
