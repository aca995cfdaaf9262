import type { FastifyInstance } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import {
  AuthTokenResponse,
  BearerHeader,
  ClientIdHeader,
  CreateAuthTokenRequest,
  CreateSessionRequest,
  ErrStatusMsg,
  OrgIdParams,
  RefreshSessionRequest,
  SessionResponse,
  UpdateOrganizationInfoRequest,
} from './schemas.js';
import { gmiErrors } from './errors.js';
import { authenticate, clientId } from './auth.js';
import { checkToken, issueAuthToken, issueSession } from './sessions.js';
import { checkCredentials, findUserByEmail, OWNER_ROLE, renameOrg, roleIn } from './model.js';
import {
  READ_BODY_LIMIT,
  createAuthTokenRequest,
  createSessionRequest,
  readBody,
  refreshSessionRequest,
  updateOrganizationInfoRequest,
} from './requests.js';
import { parseGoUuid } from './go-uuid.js';
import { goPath } from '../../server/http-stacks.js';
import { AUTH_TOKENS, BASES, SESSIONS, organizationUrl } from './paths.js';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrStatusMsg]));

/**
 * Each route is served at its documented path and again under `/api/v1`; the
 * OpenAPI document lists the documented one. Handlers check in the order the
 * vendor's stack does: path parameter, credentials, body, then the data.
 */
export async function gmiRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  for (const base of BASES) {
    const doc = (operationId: string, summary: string) => ({
      tags: ['gmicloud'],
      summary,
      ...(base === '' ? { operationId } : { hide: true }),
    });

    app.post(
      base + AUTH_TOKENS,
      {
        bodyLimit: READ_BODY_LIMIT,
        schema: {
          ...doc('createAuthToken', 'Create an auth token (step 1 of sign-in)'),
          body: CreateAuthTokenRequest,
          response: { 201: AuthTokenResponse, ...errors(400, 404, 405, 413) },
        },
      },
      async (req, reply) => {
        const body = readBody(req, createAuthTokenRequest);
        const user = checkCredentials(ctx.store, body.email, body.password);
        if (!user)
          throw gmiErrors
            .invalidCredentials()
            .because(
              findUserByEmail(ctx.store, body.email)
                ? `wrong password for ${body.email}`
                : `no user with email ${body.email}`,
            );
        return reply.code(201).send({ authToken: await issueAuthToken(ctx, user), is2FARequired: false });
      },
    );

    app.post(
      base + SESSIONS,
      {
        bodyLimit: READ_BODY_LIMIT,
        schema: {
          ...doc('createSession', 'Create session (step 2 of sign-in): access and refresh tokens'),
          headers: ClientIdHeader,
          body: CreateSessionRequest,
          response: { 201: SessionResponse, ...errors(400, 404, 405, 413) },
        },
      },
      async (req, reply) => {
        const body = readBody(req, createSessionRequest);
        const device = clientId(req);
        const checked = await checkToken(ctx, body.authToken, 'auth');
        if (!checked.ok) throw gmiErrors.invalidAuthToken().because(`authToken: ${checked.detail}`);
        return reply.code(201).send(await issueSession(ctx, checked.user, device));
      },
    );

    app.patch(
      base + SESSIONS,
      {
        bodyLimit: READ_BODY_LIMIT,
        schema: {
          ...doc('refreshSession', 'Refresh session: a new access and refresh token'),
          headers: ClientIdHeader,
          body: RefreshSessionRequest,
          response: { 200: SessionResponse, ...errors(400, 404, 405, 413) },
        },
      },
      async (req) => {
        const body = readBody(req, refreshSessionRequest);
        const device = clientId(req);
        const checked = await checkToken(ctx, body.refreshToken, 'refresh');
        // A refresh token belongs to the device (CE-ClientId) its session was created on.
        if (!checked.ok) throw gmiErrors.invalidRefreshToken().because(`refreshToken: ${checked.detail}`);
        if (checked.claims.clientId !== device)
          throw gmiErrors
            .invalidRefreshToken()
            .because(
              `the refresh token belongs to CE-ClientId ${String(checked.claims.clientId)}; this request sends ${device}`,
            );
        return issueSession(ctx, checked.user, device);
      },
    );

    app.patch<{ Params: { orgId: string } }>(
      organizationUrl(base),
      {
        bodyLimit: READ_BODY_LIMIT,
        schema: {
          ...doc('updateOrganizationInfo', 'Update organization information (organization owner only)'),
          params: OrgIdParams,
          headers: BearerHeader,
          body: UpdateOrganizationInfoRequest,
          response: {
            200: { description: 'Successfully updated the organization info (no body, as documented).', type: 'null' },
            ...errors(400, 401, 403, 404, 405, 413, 500),
          },
        },
      },
      async (req, reply) => {
        const sent = orgIdAsSent(req.originalUrl, req.params.orgId);
        const orgId = parseGoUuid(sent);
        // Go's encoding/json writes bytes that are not UTF-8 as U+FFFD.
        if (!orgId)
          throw gmiErrors
            .invalidOrgId(sent.toString('utf8'))
            .because(`${JSON.stringify(sent.toString('utf8'))} is not a UUID (the org id in the path)`);
        const user = await authenticate(req, ctx);
        const body = readBody(req, updateOrganizationInfoRequest);
        // An unknown org is a 404 before the caller's role is looked at.
        const renamed = renameOrg(ctx.store, orgId, body.name, () => {
          const role = roleIn(ctx.store, orgId, user.id);
          if (role !== OWNER_ROLE)
            throw gmiErrors
              .notOrgOwner()
              .because(
                role === undefined
                  ? `user ${user.email} is not a member of organization ${orgId}; the organization owner is required`
                  : `user ${user.email} has role ${role}; the organization owner is required`,
              );
        });
        if (!renamed) throw gmiErrors.orgNotFound().because(`no organization ${orgId}`);
        return reply.code(200).send();
      },
    );
  }
}

/**
 * The id as gin hands it to the handler: the last segment of Go's decoded
 * `URL.Path`, as bytes (Go strings are bytes: `%FF` is one byte, which the
 * router's text could not carry).
 */
function orgIdAsSent(originalUrl: string, routed: string): Buffer {
  const path = originalUrl.split('?')[0]!;
  const bytes = path.includes('%') ? goPath(path) : undefined;
  if (!bytes) return Buffer.from(routed, 'utf8');
  return bytes.subarray(bytes.lastIndexOf(0x2f) + 1);
}
