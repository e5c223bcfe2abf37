import type { HttpClient } from './http.ts';

/** Account settings beyond the profile: passkeys, linked providers, sessions, S3 credentials (`/auth/*`, `/credentials`). */
export class AccountApi {
  constructor(private readonly http: HttpClient) {}
}
