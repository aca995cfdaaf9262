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
export function authenticate(req: FastifyRequest, { store, clock }: OrgMockContext): ManagementKey & { hint: string } {
  const key = firstHeader(req, 'x-management-key') || firstHeader(req, 'x-vital-org-key');
  if (!key)
    throw junctionErrors.notAuthenticated().because('no X-Management-Key header (nor the legacy X-Vital-Org-Key)');
  const found = findManagementKey(store, clock, key);
  if (found.ok) return { ...found.key, hint: keyHint(key) };
  throw junctionErrors
    .invalidKey()
    .because(
      found.expiredMsAgo === undefined
        ? `management key ${keyHint(key)} is not one orgmock holds (fixtures, seeded or minted)`
        : `management key ${keyHint(key)} expired ${Math.floor(found.expiredMsAgo / 1000)} s ago`,
    );
}

/** Enough of a key to tell which one was sent, never the whole secret (the journal shows reasons). */
export function keyHint(key: string): string {
  return key.length <= 12 ? '(hidden)' : `${key.slice(0, 8)}…`;
}
