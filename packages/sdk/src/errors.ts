/** An error answered by the API (`{ error: { code, message, requestId } }`), or a network failure (`NETWORK`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** The server's error code (`INVALID_CREDENTIALS`, `MEDIA_NOT_FOUND`, …), `NETWORK` or `BAD_RESPONSE`. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

/** Builds the ApiError for a non-2xx answer, whatever its body looks like. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | null)?.error;
  if (e && typeof e.code === 'string') {
    return new ApiError(e.code, typeof e.message === 'string' ? e.message : e.code, status, typeof e.requestId === 'string' ? e.requestId : undefined);
  }
  return new ApiError(status === 404 ? 'NOT_FOUND' : 'BAD_RESPONSE', `The server answered ${status}.`, status);
}
