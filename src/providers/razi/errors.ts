import { VendorError } from '../vendor-error.js';
import type { VendorErrorFormat } from '../types.js';

/**
 * Razi documents no error bodies; orgmock answers every failure as
 * `{"message": "..."}` with the status code, the shape of its success messages.
 */
const message = (status: number, text: string, headers?: Record<string, string>) =>
  new VendorError(status, { message: text }, headers);

export const raziErrors = {
  missingAppName: () => message(400, 'Missing X-App-Name header: it names the app whose data the call uses'),
  unknownApp: (name: string) => message(400, `Unknown app '${name}' in X-App-Name`),
  unsupportedContentType: () => message(400, 'Content-Type must be application/json'),
  invalidJson: () => message(400, 'Request body is not valid JSON'),
  bodyRequired: () => message(400, 'Request body is required'),
  notAnObject: () => message(400, 'Request body must be a JSON object'),
  badField: (text: string) => message(400, text),

  missingCredentials: () =>
    message(401, 'Missing credentials: send Authorization: Bearer <token> or the session-token cookie'),
  notBearer: () => message(401, 'Authorization header must be Bearer <token>'),
  invalidToken: () => message(401, 'Invalid token'),
  expiredToken: () => message(401, 'Token expired'),
  otherAppToken: () => message(401, 'Token was not issued for this app'),
  invalidClient: () => message(401, 'Invalid client credentials'),
  invalidLogin: () => message(401, 'Invalid email or password'),

  forbidden: () => message(403, "Only the organization's machine users, owner and user managers may update it"),
  orgNotFound: (id: string) => message(404, `Organization ${id} not found`),
  emailTaken: () => message(409, 'A user with this email already exists'),

  internal: () => message(500, 'Internal server error'),
  unavailable: () => message(503, 'Service unavailable'),
} as const;

export const raziErrorFormat: VendorErrorFormat = {
  fromFramework(err) {
    if (err.statusCode === 413) return message(413, 'Request body is too large');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return message(400, 'Bad request');
    return raziErrors.internal();
  },
  notFound: (req) => message(404, `Cannot ${req.method} ${req.url.split('?')[0]}`),
  methodNotAllowed: (req, allowed) =>
    message(405, `Method ${req.methodAsSent ?? req.method} not allowed on ${req.url.split('?')[0]}`, {
      allow: allowed.join(', '),
    }),
};
