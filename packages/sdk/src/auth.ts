import type {
  AcceptedResponse,
  ChangePasswordRequest,
  LoginResponse,
  RegisterRequest,
  ResetPasswordRequest,
  UpdateMeRequest,
  User,
} from '@photocloud/contracts';
import type { HttpClient } from './http.ts';

/** The auth service's routes (`/auth/*`). Every sign-in keeps the session in the client. */
export class AuthApi {
  constructor(private readonly http: HttpClient) {}

  register(req: RegisterRequest): Promise<AcceptedResponse> {
    return this.http.send('POST', '/auth/register', { body: req, anonymous: true });
  }

  async login(email: string, password: string): Promise<LoginResponse> {
    return this.http.adopt(await this.http.send<LoginResponse>('POST', '/auth/login', { body: { email, password }, anonymous: true }));
  }

  /** Restores the session from the refresh cookie (page load); null when signed out. */
  resume(): Promise<LoginResponse | null> {
    return this.http.refresh();
  }

  async logout(): Promise<void> {
    const token = this.http.storedRefreshToken;
    try {
      await this.http.send('POST', '/auth/logout', { body: token ? { refreshToken: token } : {}, anonymous: true });
    } finally {
      this.http.clear();
    }
  }

  async verifyEmail(token: string): Promise<LoginResponse> {
    return this.http.adopt(await this.http.send<LoginResponse>('POST', '/auth/email/verify', { body: { token }, anonymous: true }));
  }

  resendVerification(email: string): Promise<AcceptedResponse> {
    return this.http.send('POST', '/auth/email/verify/resend', { body: { email }, anonymous: true });
  }

  requestMagicLink(email: string): Promise<AcceptedResponse> {
    return this.http.send('POST', '/auth/magic-link/request', { body: { email }, anonymous: true });
  }

  async consumeMagicLink(token: string): Promise<LoginResponse> {
    return this.http.adopt(await this.http.send<LoginResponse>('POST', '/auth/magic-link/verify', { body: { token }, anonymous: true }));
  }

  forgotPassword(email: string): Promise<AcceptedResponse> {
    return this.http.send('POST', '/auth/password/forgot', { body: { email }, anonymous: true });
  }

  async resetPassword(req: ResetPasswordRequest): Promise<void> {
    await this.http.send('POST', '/auth/password/reset', { body: req, anonymous: true });
  }

  async changePassword(req: ChangePasswordRequest): Promise<void> {
    await this.http.send('POST', '/auth/password/change', { body: req });
  }

  me(): Promise<User> {
    return this.http.send('GET', '/auth/me');
  }

  updateMe(req: UpdateMeRequest): Promise<User> {
    return this.http.send('PATCH', '/auth/me', { body: req });
  }
}
