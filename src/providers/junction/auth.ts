import type { FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import { junctionErrors } from './errors.js';
import { findManagementKey, type ManagementKey } from './model.js';

/**
 * `X-Management-Key`, or the legacy `X-Vital-Org-Key` that the vendor's own curl
 * sample still shows. Missing or empty: FastAPI APIKeyHeader's 401.
 */
export function authenticate(req: FastifyRequest, { store, clock }: OrgMockContext): ManagementKey {
  const header = req.headers['x-management-key'] || req.headers['x-vital-org-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) throw junctionErrors.notAuthenticated();
  const found = findManagementKey(store, clock, key);
  if (!found) throw junctionErrors.invalidKey();
  return found;
}
