import type { FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import { junctionErrors } from './errors.js';
import { findManagementKey, type ManagementKey } from './model.js';

/**
 * A header as Starlette reads it: the first of its lines (Headers.__getitem__,
 * starlette/datastructures.py 0.47.3 line 547), where Node would join repeated
 * lines with ", ".
 */
function firstHeader(req: FastifyRequest, lowerName: string): string | undefined {
  const raw = req.raw.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === lowerName) return raw[i + 1];
  return undefined;
}

/**
 * `X-Management-Key`, or the legacy `X-Vital-Org-Key` that the vendor's own curl
 * sample still shows. Missing or empty: FastAPI APIKeyHeader's 401.
 */
export function authenticate(req: FastifyRequest, { store, clock }: OrgMockContext): ManagementKey {
  const key = firstHeader(req, 'x-management-key') || firstHeader(req, 'x-vital-org-key');
  if (!key) throw junctionErrors.notAuthenticated();
  const found = findManagementKey(store, clock, key);
  if (!found) throw junctionErrors.invalidKey();
  return found;
}
