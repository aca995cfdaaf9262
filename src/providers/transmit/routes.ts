import type { FastifyInstance } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import {
  AuthorizationHeader,
  BadRequest,
  HttpError,
  OAuthError,
  OrganizationIdParams,
  OrganizationResult,
  TokenRequest,
  TokenResponse,
  UpdateOrganizationBody,
} from './schemas.js';
import { transmitErrors } from './errors.js';
import { EDIT_PERMISSIONS, authenticate, requireAnyPermission } from './auth.js';
import { UNREAD_BODY_LIMIT, readExpressBody } from './express-body.js';
import { validateUpdateOrganization } from './update-dto.js';
import { updateOrganization } from './model.js';
import { checkTokenRequest } from './token-endpoint.js';
import { issueAccessToken } from './tokens.js';

const tags = ['transmit'];
/** Transmit's API base is `/cis`; its guides call the paths both with and without it. */
const BASES = ['', '/cis'];

export async function transmitRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  const { store, tokens, clock } = ctx;

  for (const base of BASES) {
    app.post(
      `${base}/oidc/token`,
      {
        schema: {
          tags,
          summary: 'Get client access token (client credentials)',
          consumes: ['application/x-www-form-urlencoded'],
          body: TokenRequest,
          response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError },
        },
      },
      async (req, reply) => {
        const { app: client, resource } = checkTokenRequest(req, store);
        const issued = await issueAccessToken(tokens, client, { resource });
        return reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' }).send(issued);
      },
    );

    app.put<{ Params: { organization_id: string } }>(
      `${base}/v1/organizations/:organization_id`,
      {
        bodyLimit: UNREAD_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Update organization',
          description: 'Required permissions: organizations:edit, orgs:edit.',
          headers: AuthorizationHeader,
          params: OrganizationIdParams,
          body: UpdateOrganizationBody,
          response: {
            200: OrganizationResult,
            400: BadRequest,
            401: HttpError,
            403: HttpError,
            404: HttpError,
            413: HttpError,
          },
        },
      },
      async (req) => {
        // Express routes no empty path segment to `:organization_id`.
        if (req.params.organization_id === '') throw transmitErrors.routeNotFound(req);
        // NestJS's order: body parsers (bad JSON, 413) before guards (401, 403), then the ValidationPipe (400), then the handler.
        const body = await readExpressBody(req);
        const claims = await authenticate(req, ctx);
        requireAnyPermission(claims, EDIT_PERMISSIONS);
        const dto = validateUpdateOrganization(body);
        if (!dto.ok) throw transmitErrors.validation(dto.messages).because(dto.messages.join('; '));
        const org = updateOrganization(store, claims.tid, req.params.organization_id, dto.patch, clock.now());
        if (!org)
          throw transmitErrors
            .organizationNotFound()
            .because(`tenant ${claims.tid} (the token's) has no organization ${req.params.organization_id}`);
        return { result: org };
      },
    );
  }
}
