import { COMMON_ERRORS, type ErrorSpec } from './errors/common.ts';
import { AUTH_ERRORS } from './errors/auth.ts';
import { GALLERY_ERRORS } from './errors/gallery.ts';

export type { ErrorSpec };

/**
 * Every error code the HTTP APIs answer with, and its status and default message.
 * The body is always `{ error: { code, message, requestId } }`.
 */
export const ERROR_CATALOG = {
  ...COMMON_ERRORS,
  ...AUTH_ERRORS,
  ...GALLERY_ERRORS,
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId?: string; details?: unknown };
}
