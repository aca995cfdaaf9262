import type { FastifyInstance } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import { ClientFacingOrg, HTTPError, HTTPValidationError, OrgIdParams, UpdateOrgBody } from './schemas.js';
import { junctionErrors } from './errors.js';
import { authenticate } from './auth.js';
import { decodeBody, validateUpdateOrg, validationReason } from './validate.js';
import { renameOrg } from './model.js';

export async function junctionRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  const { store } = ctx;
  app.patch<{ Params: { org_id: string } }>(
    '/v1/org/:org_id',
    {
      schema: {
        tags: ['junction'],
        summary: 'Update Org',
        operationId: 'update_org_v1_org__org_id__patch',
        params: OrgIdParams,
        body: UpdateOrgBody,
        headers: { type: 'object', properties: { 'x-management-key': { type: 'string' } } },
        response: { 200: ClientFacingOrg, 401: HTTPError, 404: HTTPError, 422: HTTPValidationError },
      },
    },
    async (req) => {
      // FastAPI's order: the body is decoded first (invalid JSON wins over auth),
      // then the security dependency, then path and body validation together.
      const body = decodeBody(req.rawBody, req.contentType);
      const key = authenticate(req, ctx);
      const valid = validateUpdateOrg(req.params.org_id, body);
      if (!valid.ok) throw junctionErrors.validation(valid.errors).because(validationReason(valid.errors));
      if (valid.orgId !== key.orgId)
        throw junctionErrors
          .orgNotFound()
          .because(`key ${key.hint} manages org ${key.orgId}; this request names ${valid.orgId}`);
      const org = renameOrg(store, valid.orgId, valid.name);
      if (!org) throw junctionErrors.orgNotFound().because(`no org ${valid.orgId} (deleted since the key was issued)`);
      return org;
    },
  );
}
