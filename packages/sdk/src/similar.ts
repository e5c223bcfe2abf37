import type { HttpClient } from './http.ts';

/** The gallery's similar-photos routes (`/similar/*`). */
export class SimilarApi {
  constructor(private readonly http: HttpClient) {}
}
