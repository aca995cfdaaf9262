import { VendorError } from '../vendor-error.js';
import type { VendorErrorFormat } from '../types.js';
import type { ValidationError } from './schemas.js';
import { Unencodable, writeFastApiJson } from './python-value.js';

/**
 * Junction's API is FastAPI: errors are `{"detail": ...}`, a string for HTTP
 * errors and a list of pydantic errors for 422.
 */
const detail = (status: number, text: string, headers?: Record<string, string>) =>
  new VendorError(status, { detail: text }, headers);

/**
 * FastAPI's `request_validation_exception_handler`: `JSONResponse(422,
 * {"detail": jsonable_encoder(exc.errors())})`, written byte for byte as
 * Python writes it (python-value.ts). Where that raises (a value it cannot
 * encode, nesting past the recursion limit), Starlette's ServerErrorMiddleware
 * answers its plain 500 instead.
 */
function validationAnswer(errors: ValidationError[]): VendorError {
  try {
    return new VendorError(422, `{"detail":${writeFastApiJson(errors)}}`, { 'content-type': 'application/json' });
  } catch (err) {
    if (!(err instanceof Unencodable)) throw err;
    return junctionErrors
      .internal()
      .because(`FastAPI cannot write the 422 that echoes the input (${err.message}): the vendor answers 500`);
  }
}

export const junctionErrors = {
  validation: validationAnswer,
  /** FastAPI's APIKeyHeader when the header is missing or empty. */
  notAuthenticated: () => detail(401, 'Not authenticated', { 'www-authenticate': 'APIKey' }),
  invalidKey: () => detail(401, 'Invalid management key'),
  /** Also the answer for another org's id: a key sees only its own org. */
  orgNotFound: () => detail(404, 'Org not found'),
  /** Starlette's answer when the body is not decodable text. */
  bodyUnreadable: () => detail(400, 'There was an error parsing the body'),
  /** Uncaught exceptions in Starlette come back as plain text. */
  internal: () => new VendorError(500, 'Internal Server Error'),
} as const;

export const junctionErrorFormat: VendorErrorFormat = {
  fromFramework(err) {
    if (err.statusCode === 413) return detail(413, 'Request Entity Too Large');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return detail(400, 'There was an error parsing the body');
    return junctionErrors.internal();
  },
  notFound: () => detail(404, 'Not Found'),
  /** Starlette's `Route.handle`: `{"Allow": ", ".join(self.methods)}`. */
  methodNotAllowed: (_req, allowed) => detail(405, 'Method Not Allowed', { allow: allowed.join(', ') }),
};
