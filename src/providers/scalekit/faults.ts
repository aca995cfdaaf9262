import { scalekitErrors } from './scalekit-error.js';

/** Named failures, transport-free: the REST routes and the gRPC service inject the same ones. */
export const scalekitFaults = {
  internal: scalekitErrors.internal,
  unavailable: scalekitErrors.unavailable,
  'not-found': scalekitErrors.organizationNotFound,
  unauthorized: scalekitErrors.tokenInvalid,
  'token-expired': scalekitErrors.tokenExpired,
  forbidden: scalekitErrors.permissionDenied,
  'rate-limited': scalekitErrors.rateLimited,
} as const;
