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
} as const satisfies Record<string, ErrorSpec>;
