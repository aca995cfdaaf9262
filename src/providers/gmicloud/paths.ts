import { UUID_SHAPED } from '../shared-prefixes.js';

/**
 * The vendor's routes, as documented (`/me/...`, `/organizations/...`) and again
 * under its server base `/api/v1`, so a client configured with the full vendor
 * URL works unchanged.
 */
export const API_BASE = '/api/v1';
export const BASES = ['', API_BASE] as const;

export const AUTH_TOKENS = '/me/auth-tokens';
export const SESSIONS = '/me/sessions';
const ORGANIZATION = '/organizations/:orgId';

/**
 * Under `/api/v1`, Scalekit serves `/api/v1/organizations/:id` too: GMI takes
 * only the UUID-shaped ids there (see providers/shared-prefixes.ts); the
 * documented path without the base takes every id.
 */
export function organizationUrl(base: string): string {
  return base === '' ? ORGANIZATION : `${base}/organizations/:orgId(^${UUID_SHAPED}$)`;
}
