/** AWS S3 error codes we answer with, and their HTTP status (as AWS documents them). */
export const S3_ERROR_STATUS = {
  AccessDenied: 403,
  AccessForbidden: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  BadDigest: 400,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  ExpiredToken: 400,
  IncompleteBody: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  InvalidURI: 400,
  InvalidLocationConstraint: 400,
  InvalidObjectState: 403,
  InvalidToken: 400,
  KeyTooLongError: 400,
  MalformedXML: 400,
  MetadataTooLarge: 400,
  MethodNotAllowed: 405,
  MissingContentLength: 411,
  MissingSecurityHeader: 400,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  NoSuchCORSConfiguration: 404,
  NotImplemented: 501,
  NotModified: 304,
  PreconditionFailed: 412,
  RequestTimeTooSkewed: 403,
  RequestTimeout: 400,
  ServiceUnavailable: 503,
  SignatureDoesNotMatch: 403,
  SlowDown: 503,
  XAmzContentSHA256Mismatch: 400,
  ConditionalRequestConflict: 409,
} as const;

export type S3ErrorCode = keyof typeof S3_ERROR_STATUS;

const DEFAULT_MESSAGES: Partial<Record<S3ErrorCode, string>> = {
  AccessDenied: 'Access Denied',
  BadDigest: 'The Content-MD5 or checksum you specified did not match what we received.',
  BucketNotEmpty: 'The bucket you tried to delete is not empty',
  InvalidBucketName: 'The specified bucket is not valid.',
  InvalidRange: 'The requested range is not satisfiable',
  KeyTooLongError: 'Your key is too long',
  MalformedXML: 'The XML you provided was not well-formed or did not validate against our published schema',
  NoSuchBucket: 'The specified bucket does not exist',
  NoSuchKey: 'The specified key does not exist.',
  NoSuchUpload: 'The specified upload does not exist.',
  NotImplemented: 'A header or query you provided implies functionality that is not implemented',
  PreconditionFailed: 'At least one of the pre-conditions you specified did not hold',
  RequestTimeTooSkewed: 'The difference between the request time and the current time is too large.',
  SignatureDoesNotMatch: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  XAmzContentSHA256Mismatch: "The provided 'x-amz-content-sha256' header does not match what was computed.",
  InternalError: 'We encountered an internal error. Please try again.',
};

/** An S3 protocol error; rendered as the AWS XML error body with its status. */
export class S3Error extends Error {
  readonly status: number;
  constructor(
    readonly code: S3ErrorCode,
    message?: string,
    readonly extra: { resource?: string; fields?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message ?? DEFAULT_MESSAGES[code] ?? code);
    this.name = 'S3Error';
    this.status = S3_ERROR_STATUS[code];
  }
}

export function isS3Error(err: unknown): err is S3Error {
  return err instanceof S3Error;
}
