/**
 * Scalekit's errors as the gRPC service raises them, before any transport:
 * the REST gateway (errors.ts) turns one into `{"code","message","details"}`
 * with an HTTP status, a native gRPC server into `grpc-status`,
 * `grpc-message` and `grpc-status-details-bin`. Nothing here knows HTTP.
 */

/** gRPC status codes (google.rpc.Code). */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

/** `scalekit.v1.errdetails.ValidationErrorInfo.FieldViolation`. */
export interface FieldViolation {
  field: string;
  description: string;
  constraint: string;
}

export interface ScalekitErrorInit {
  grpcCode: GrpcCode;
  message: string;
  /**
   * `ErrorInfo.error_code`; absent for errors the gateway raises itself
   * (routing), which carry no Scalekit detail.
   */
  errorCode?: string;
  fieldViolations?: FieldViolation[];
  /** An HTTP status that the code does not map to (413 for a body over the limit). */
  httpStatus?: number;
}

export class ScalekitError extends Error {
  readonly grpcCode: GrpcCode;
  readonly errorCode?: string;
  readonly fieldViolations?: FieldViolation[];
  readonly httpStatus?: number;
  /** Why the call was refused, for the journal (as `VendorError#because`); never sent. */
  reason?: string;

  constructor(init: ScalekitErrorInit) {
    super(init.message);
    this.name = 'ScalekitError';
    this.grpcCode = init.grpcCode;
    this.errorCode = init.errorCode;
    this.fieldViolations = init.fieldViolations;
    this.httpStatus = init.httpStatus;
  }

  because(reason: string): this {
    this.reason = reason;
    return this;
  }
}

const make = (grpcCode: GrpcCode, errorCode: string) => (message: string) =>
  new ScalekitError({ grpcCode, message, errorCode });

/** The errors the service raises, by meaning; each message is the one orgmock answers with. */
export const scalekitErrors = {
  /** The documented 401: no bearer token at all. */
  tokenEmpty: () => make(GrpcCode.UNAUTHENTICATED, 'UNAUTHENTICATED')('Token empty'),
  tokenExpired: () => make(GrpcCode.UNAUTHENTICATED, 'UNAUTHENTICATED')('Token expired'),
  tokenInvalid: () => make(GrpcCode.UNAUTHENTICATED, 'UNAUTHENTICATED')('Invalid token'),
  permissionDenied: () => make(GrpcCode.PERMISSION_DENIED, 'PERMISSION_DENIED')('Insufficient permissions'),
  organizationNotFound: () => make(GrpcCode.NOT_FOUND, 'NOT_FOUND')('organization not found'),
  externalIdTaken: () =>
    make(GrpcCode.ALREADY_EXISTS, 'ALREADY_EXISTS')('organization with this external_id already exists'),
  slugTaken: () => make(GrpcCode.ALREADY_EXISTS, 'ALREADY_EXISTS')('organization with this slug already exists'),
  /** A body or parameter the gateway could not decode; `message` is the decoder's own text. */
  undecodable: (message: string, violation?: FieldViolation) =>
    new ScalekitError({
      grpcCode: GrpcCode.INVALID_ARGUMENT,
      message,
      errorCode: 'INVALID_ARGUMENT',
      fieldViolations: violation && [violation],
    }),
  /** protovalidate's verdict, with its own summary as the message. */
  validation: (violations: FieldViolation[]) =>
    new ScalekitError({
      grpcCode: GrpcCode.INVALID_ARGUMENT,
      message: `validation error:${violations.map((v) => `\n - ${v.field}: ${v.description} [${v.constraint}]`).join('')}`,
      errorCode: 'INVALID_ARGUMENT',
      fieldViolations: violations,
    }),
  bodyTooLarge: () =>
    new ScalekitError({
      grpcCode: GrpcCode.INVALID_ARGUMENT,
      message: 'http: request body too large',
      errorCode: 'INVALID_ARGUMENT',
      httpStatus: 413,
    }),
  internal: () => make(GrpcCode.INTERNAL, 'INTERNAL')('internal error'),
  unavailable: () => make(GrpcCode.UNAVAILABLE, 'UNAVAILABLE')('service unavailable'),
  rateLimited: () => make(GrpcCode.RESOURCE_EXHAUSTED, 'RESOURCE_EXHAUSTED')('rate limit exceeded'),
  /** grpc-gateway's own routing errors: no Scalekit ErrorInfo, `details: []`. */
  routeNotFound: () => new ScalekitError({ grpcCode: GrpcCode.NOT_FOUND, message: 'Not Found' }),
  methodNotAllowed: () => new ScalekitError({ grpcCode: GrpcCode.UNIMPLEMENTED, message: 'Method Not Allowed' }),
} as const;
