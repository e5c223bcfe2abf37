import type { HttpClient } from './http.ts';

/** Administration routes, for users with the admin role (`/admin/*`). */
export class AdminApi {
  constructor(private readonly http: HttpClient) {}
}
