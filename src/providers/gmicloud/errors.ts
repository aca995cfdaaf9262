import { VendorError } from '../vendor-error.js';
import type { VendorErrorFormat } from '../types.js';
import type { ErrStatusMsg, ValidationDetail } from './schemas.js';
import type { BindFailure, Tag } from './go-bind.js';

/**
 * GMI Cloud's IAM service (Go, gin, go-playground/validator) answers every error
 * with an `ErrStatusMsg`. Documented: the `request`, `session`, `auth` 0-1 and
 * `organization` codes. The 401/403 codes (`auth` 2-5) and the routing/framework
 * ones (`request` 404/405/413, `server`) are orgmock's, in the same envelope.
 */
const status = (http: number, body: ErrStatusMsg, headers?: Record<string, string>) =>
  new VendorError(http, body, headers);

/** The reasons the vendor writes per validator tag (`required` and `uuid` are documented). */
const REASONS: Record<Tag | 'uuid', string> = {
  required: 'This field is required.',
  uuid: 'Should be a valid UUID.',
  email: 'Should be a valid email address.',
  numeric: 'Should be a numeric value.',
};

export const gmiErrors = {
  /** Documented examples of `request`/0 carry only `validationDetail`, no message. */
  invalidFields: (validationDetail: ValidationDetail[]) => status(400, { group: 'request', code: 0, validationDetail }),
  /** A body Go could not decode at all: the decoder's own text as the trace. */
  undecodable: (trace: string) => status(400, { group: 'request', code: 0, traces: [trace] }),
  bodyRequired: () => status(400, { group: 'request', code: 1, message: 'The request body is required.' }),
  invalidOrgId: (value: string) =>
    gmiErrors.invalidFields([{ field: 'orgId', expression: 'uuid', originalValue: value, reason: REASONS.uuid }]),
  invalidCredentials: () => status(400, { group: 'session', code: 0, message: 'Invalid email or password.' }),
  invalidClientId: () => status(400, { group: 'auth', code: 0, message: 'Invalid CE-ClientId.' }),
  invalidRefreshToken: () => status(400, { group: 'auth', code: 1, message: 'Invalid refreshToken.' }),
  /** POST /me/sessions: same code as the refresh call's token error. */
  invalidAuthToken: () => status(400, { group: 'auth', code: 1, message: 'Invalid authToken.' }),
  missingAccessToken: () => status(401, { group: 'auth', code: 2, message: 'The access token is required.' }),
  invalidAccessToken: () => status(401, { group: 'auth', code: 3, message: 'Invalid access token.' }),
  expiredAccessToken: () => status(401, { group: 'auth', code: 4, message: 'The access token has expired.' }),
  notOrgOwner: () =>
    status(403, { group: 'auth', code: 5, message: 'Only the organization owner can access the API.' }),
  orgNotFound: () => status(404, { group: 'organization', code: 2, message: 'Organization does not exist.' }),
  getOrgDbError: () =>
    status(500, {
      group: 'organization',
      code: 1201,
      message: 'Get organization encountered DB error.',
      traces: ['DB error occurred.'],
    }),
  updateOrgDbError: () =>
    status(500, {
      group: 'organization',
      code: 1401,
      message: 'Update organization encountered DB error.',
      traces: ['DB error occurred.'],
    }),
  /** gin's own texts for unrouted requests and Go's for an oversized body. */
  pageNotFound: () => status(404, { group: 'request', code: 404, message: '404 page not found' }),
  methodNotAllowed: (allow: string) =>
    status(405, { group: 'request', code: 405, message: '405 method not allowed' }, { allow }),
  bodyTooLarge: () => status(413, { group: 'request', code: 413, message: 'http: request body too large' }),
  internal: () => status(500, { group: 'server', code: 500, message: 'Internal Server Error' }),
  unavailable: () => status(503, { group: 'server', code: 503, message: 'Service Unavailable' }),
} as const;

/** What the handler makes of gin's binding error. */
export function bindError(failure: BindFailure): VendorError {
  switch (failure.kind) {
    case 'empty':
      return gmiErrors.bodyRequired();
    case 'tooLarge':
      return gmiErrors.bodyTooLarge();
    case 'decode':
      return gmiErrors.undecodable(failure.error);
    case 'type':
      return gmiErrors.invalidFields([
        {
          field: failure.field,
          expression: 'type',
          argument: 'string',
          originalValue: failure.value,
          reason: 'Should be a string.',
        },
      ]);
    case 'invalid':
      return gmiErrors.invalidFields(
        failure.errors.map((e) => ({
          field: e.field,
          expression: e.tag,
          originalValue: e.value,
          reason: REASONS[e.tag],
        })),
      );
  }
}

export const gmiErrorFormat: VendorErrorFormat = {
  fromFramework(err) {
    if (err.statusCode === 413) return gmiErrors.bodyTooLarge();
    // A body that ends before its Content-Length says: what Go's reader reports.
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return gmiErrors.undecodable('unexpected EOF');
    return gmiErrors.internal();
  },
  notFound: () => gmiErrors.pageNotFound(),
  /** gin's `handleHTTPRequest` with HandleMethodNotAllowed: `Allow` lists the methods whose tree has the path. */
  methodNotAllowed: (_req, allowed) => gmiErrors.methodNotAllowed(allowed.join(', ')),
};
