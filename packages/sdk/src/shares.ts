import type { HttpClient } from './http.ts';

/** The gallery's sharing routes (`/shares/*`, `/public/shares/*`). */
export class SharesApi {
  constructor(private readonly http: HttpClient) {}
}
