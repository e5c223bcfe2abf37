import { ERROR_CATALOG, type ErrorCode } from '@photocloud/contracts';

export interface AppErrorOptions {
  message?: string;
  details?: unknown;
  cause?: unknown;
  /** Extra response headers (for example `WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string>;
}

/** An expected failure with a stable code; status and default message come from the catalog. */
export class AppError extends Error {
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly code: ErrorCode,
    opts: AppErrorOptions = {},
  ) {
    super(opts.message ?? ERROR_CATALOG[code].message, { cause: opts.cause });
    this.name = 'AppError';
    this.status = ERROR_CATALOG[code].status;
    this.details = opts.details;
    this.headers = opts.headers;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
