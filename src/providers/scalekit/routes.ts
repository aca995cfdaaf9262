import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { OrgMockContext } from '../../context.js';
import { TOKEN_PATH } from './errors.js';
import { tokenFromAuthorization, verifyAccessToken } from './auth.js';
import { clientCredentialsToken } from './oauth.js';
import { decodeCreateOrganization, decodeUpdateOrganization, parseListQuery, updateMaskInQuery } from './gateway.js';
import { refuseInvalid, requestValidator } from './validation.js';
import { scalekitErrors } from './scalekit-error.js';
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from './model.js';
import {
  CreateOrganization,
  GatewayError,
  ListOrganizationsQuery,
  ListOrganizationsResponse,
  OAuthError,
  OrganizationIdParams,
  OrganizationResponse,
  TokenRequest,
  TokenResponse,
  UpdateOrganization,
} from './schemas.js';

const tags = ['scalekit'];
const queryOf = (req: FastifyRequest) => req.url.split('?')[1] ?? '';
const errors = { 400: GatewayError, 401: GatewayError, 404: GatewayError, 409: GatewayError, 413: GatewayError };
const bearer = {
  type: 'object',
  properties: { authorization: { type: 'string', description: 'Bearer <access_token from /oauth/token>' } },
};

export async function scalekitRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  const { store, clock } = ctx;
  const environment = (req: FastifyRequest) =>
    verifyAccessToken(ctx, tokenFromAuthorization(req.headers.authorization));

  app.post(
    TOKEN_PATH,
    {
      schema: {
        tags,
        summary: 'Access token (client credentials)',
        consumes: ['application/x-www-form-urlencoded'],
        body: TokenRequest,
        response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError },
      },
    },
    async (req, reply) => {
      const token = await clientCredentialsToken(req, ctx);
      return reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' }).send(token);
    },
  );

  // The gateway decodes the body before the service authenticates the call, so
  // a body that does not decode is a 400 even without a token.
  app.patch<{ Params: { id: string } }>(
    '/api/v1/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Update organization',
        headers: bearer,
        params: OrganizationIdParams,
        body: UpdateOrganization,
        response: { 200: OrganizationResponse, ...errors },
      },
    },
    async (req) => {
      // The gateway reads the whole body first (`utilities.IOReaderFactory`): a cut-off one is Go's `unexpected EOF`.
      if (req.raw.bodyEndedEarly) throw scalekitErrors.undecodable('unexpected EOF');
      const patch = decodeUpdateOrganization(req.rawBody, updateMaskInQuery(queryOf(req)));
      const env = await environment(req);
      const ref = { id: req.params.id };
      await refuseInvalid((await requestValidator(ctx)).update(ref, patch));
      return { organization: updateOrganization(store, clock, env, ref, patch) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Get organization',
        headers: bearer,
        params: OrganizationIdParams,
        response: { 200: OrganizationResponse, ...errors },
      },
    },
    async (req) => {
      const env = await environment(req);
      const ref = { id: req.params.id };
      await refuseInvalid((await requestValidator(ctx)).ref('get', ref));
      return { organization: getOrganization(store, env, ref) };
    },
  );

  // `::` is Fastify's escape for the literal colon of the vendor's custom method.
  app.get<{ Params: { external_id: string } }>(
    '/api/v1/organizations::external/:external_id',
    {
      schema: {
        tags,
        summary: 'Get organization by external id',
        headers: bearer,
        params: Type.Object({ external_id: Type.String({ examples: ['my_unique_id'] }) }),
        response: { 200: OrganizationResponse, ...errors },
      },
    },
    async (req) => {
      const env = await environment(req);
      const ref = { external_id: req.params.external_id };
      await refuseInvalid((await requestValidator(ctx)).ref('get', ref));
      return { organization: getOrganization(store, env, ref) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Delete organization',
        headers: bearer,
        params: OrganizationIdParams,
        response: { 200: Type.Object({}), ...errors },
      },
    },
    async (req) => {
      const env = await environment(req);
      const ref = { id: req.params.id };
      await refuseInvalid((await requestValidator(ctx)).ref('delete', ref));
      deleteOrganization(store, env, ref);
      return {};
    },
  );

  app.get(
    '/api/v1/organizations',
    {
      schema: {
        tags,
        summary: 'List organizations',
        headers: bearer,
        querystring: ListOrganizationsQuery,
        response: { 200: ListOrganizationsResponse, ...errors },
      },
    },
    async (req) => {
      const query = parseListQuery(queryOf(req));
      return listOrganizations(store, await environment(req), query);
    },
  );

  app.post(
    '/api/v1/organizations',
    {
      schema: {
        tags,
        summary: 'Create organization',
        headers: bearer,
        body: CreateOrganization,
        response: { 200: OrganizationResponse, ...errors },
      },
    },
    async (req) => {
      // The gateway reads the whole body first (`utilities.IOReaderFactory`): a cut-off one is Go's `unexpected EOF`.
      if (req.raw.bodyEndedEarly) throw scalekitErrors.undecodable('unexpected EOF');
      const input = decodeCreateOrganization(req.rawBody);
      const env = await environment(req);
      await refuseInvalid((await requestValidator(ctx)).create(input));
      return { organization: createOrganization(store, clock, env, input) };
    },
  );
}
