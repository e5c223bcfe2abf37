/** Errors any service may answer with. Each domain adds its own file beside this one. */
export const COMMON_ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  BAD_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in to continue.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, message: 'Nothing here.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not allowed here.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'This content type is not supported.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  UPSTREAM_FAILED: { status: 502, message: 'A backing service did not answer correctly.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The service is not ready.' },
} as const satisfies Record<string, ErrorSpec>;

export interface ErrorSpec {
  status: number;
  message: string;
}
