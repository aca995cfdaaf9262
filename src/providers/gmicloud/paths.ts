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
 * Under `/api/v1`, Scalekit serves `/api/v1/organizations/:id` too (ids like
 * `org_123`). GMI takes only the ids that look like UUIDs there (with or without
 * dashes, any case); the documented path without the base takes every id.
 */
const UUID_SHAPED = '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$';

export function organizationUrl(base: string): string {
  return base === '' ? ORGANIZATION : `${base}/organizations/:orgId(${UUID_SHAPED})`;
}

/** gin's `Allow` header for each path: the methods registered on it. */
const ALLOW: Record<string, string> = {
  [AUTH_TOKENS]: 'POST',
  [SESSIONS]: 'POST, PATCH',
  [ORGANIZATION]: 'PATCH',
};

export function allowedMethods(routeUrl: string): string {
  const bare = routeUrl.startsWith(`${API_BASE}/`) ? routeUrl.slice(API_BASE.length) : routeUrl;
  return ALLOW[bare.replace(/\(.*\)$/, '')] ?? '';
}
