import http2 from 'node:http2';
import { describe, expect, it } from 'vitest';
import { toJson, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import {
  ScalekitBadRequestException,
  ScalekitClient,
  ScalekitConflictException,
  ScalekitInternalServerException,
  ScalekitNotFoundException,
  ScalekitNotImplementedException,
  ScalekitServerException,
  ScalekitUnauthorizedException,
} from '@scalekit-sdk/node';
import type { OrgMock } from '../../src/harness.js';
import { fixedClock } from '../../src/clock.js';
import { START, useServer } from '../helpers.js';
import {
  ErrorInfoSchema,
  ListOrganizationsResponseSchema,
  OrganizationSchema,
  OrganizationService,
  type OrganizationMessage,
  type RegionCode,
} from '../../src/providers/scalekit/descriptors.js';
import { ACME, ACME_ORG, DEV, FEATURES, GLOBEX, GLOBEX_ORG, INITECH, INITECH_ORG, OTHER, status } from './helpers.js';

/**
 * Scalekit's own Node SDK, unmodified, against orgmock over a real socket:
 * native gRPC (h2c) to OrganizationService, /oauth/token over HTTP/1.1, on
 * one port and one store with the REST routes.
 */

const SERVICE = '/scalekit.v1.organizations.OrganizationService';
const DEV_ENV = 'env_58327482062864389';

/** A response as protojson with proto names: the very shape the REST gateway writes. */
function plain<D extends DescMessage>(schema: D, message: MessageShape<D>) {
  return toJson(schema, message, { useProtoFieldName: true, alwaysEmitImplicit: true });
}
/** Get, Update and Create responses: `{organization}`. */
const orgOf = (res: { organization?: OrganizationMessage }) => ({
  organization: plain(OrganizationSchema, res.organization!),
});

/** What an SDK call threw, for one assertion: its class and what it carries. */
async function thrown(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof ScalekitServerException)) throw err;
    return {
      class: err.constructor.name,
      grpcStatus: err.grpcStatus,
      httpStatus: err.httpStatus,
      errorCode: err.errorCode,
      message: err.message,
      details: err.unpackedDetails.map((d) => toJson(ErrorInfoSchema, d)),
    };
  }
  throw new Error('expected the call to fail');
}

const journal = (mock: OrgMock) => mock.requests().map((r) => [r.method, r.path, r.status]);

describe('@scalekit-sdk/node against orgmock', () => {
  let mock: OrgMock;
  const clock = fixedClock(START);
  const server = useServer({ clock, secrets: { tokenSecret: 'test-secret' } });

  async function start() {
    mock = await server();
    clock.set(START);
    return mock;
  }
  const sdk = (client = DEV) => new ScalekitClient(mock.url, client.clientId, client.secret).organization;
  /** REST on the same port, with a token of its own. */
  async function rest(method: string, path: string, body?: unknown, client = DEV) {
    const tokenRes = await fetch(`${mock.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.secret}`,
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const res = await fetch(`${mock.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  describe('the seven organization calls', () => {
    it('getOrganization and getOrganizationByExternalId', async () => {
      await start();
      const orgs = sdk();
      expect(orgOf(await orgs.getOrganization(ACME))).toEqual({ organization: ACME_ORG });
      expect(orgOf(await orgs.getOrganizationByExternalId('my_unique_id'))).toEqual({ organization: ACME_ORG });
      expect(orgOf(await orgs.getOrganization(GLOBEX))).toEqual({ organization: GLOBEX_ORG });
      // The SDK reads proto types: timestamps, the region enum, the metadata map.
      const { organization } = await orgs.getOrganization(ACME);
      expect(organization?.createTime?.seconds).toBe(BigInt(Date.parse('2024-01-05T14:48:00Z') / 1000));
      expect(organization?.regionCode).toBe(1);
      expect(organization?.metadata).toEqual({ someKey: 'someValue' });
    });

    it('updateOrganization: fields left out keep their value, metadata included; REST sees the change', async () => {
      await start();
      clock.advance(1500);
      const res = await sdk().updateOrganization(ACME, { displayName: 'Acme via SDK' });
      const expected = { ...ACME_ORG, display_name: 'Acme via SDK', update_time: '2026-01-01T00:00:01.500Z' };
      expect(orgOf(res)).toEqual({ organization: expected });
      expect(await rest('GET', `/api/v1/organizations/${ACME}`)).toEqual({
        status: 200,
        body: { organization: expected },
      });
    });

    it('updateOrganizationByExternalId: metadata replaced, an empty slug removes it', async () => {
      await start();
      const res = await sdk().updateOrganizationByExternalId('my_unique_id', { metadata: { tier: 'gold' }, slug: '' });
      const { slug: _slug, ...rest0 } = ACME_ORG;
      const expected = { ...rest0, metadata: { tier: 'gold' }, update_time: '2026-01-01T00:00:00Z' };
      expect(orgOf(res)).toEqual({ organization: expected });
      expect(await rest('GET', '/api/v1/organizations:external/my_unique_id')).toEqual({
        status: 200,
        body: { organization: expected },
      });
    });

    it('createOrganization: an org_ id, default settings, region US; REST and the list see it', async () => {
      await start();
      const res = await sdk().createOrganization('Hooli', {
        externalId: 'hooli',
        slug: 'hooli',
        logoUrl: 'https://hooli.example/logo.png',
      });
      const id = res.organization!.id;
      expect(id).toMatch(/^org_\d{17}$/);
      const expected = {
        id,
        create_time: '2026-01-01T00:00:00Z',
        update_time: '2026-01-01T00:00:00Z',
        display_name: 'Hooli',
        region_code: 'US',
        external_id: 'hooli',
        metadata: {},
        settings: FEATURES(false, false, false, false),
        slug: 'hooli',
        logo_url: 'https://hooli.example/logo.png',
      };
      expect(orgOf(res)).toEqual({ organization: expected });
      expect(await rest('GET', `/api/v1/organizations/${id}`)).toEqual({
        status: 200,
        body: { organization: expected },
      });
      const list = await sdk().listOrganization();
      expect(list.organizations.map((o) => o.id)).toEqual([ACME, GLOBEX, id]);
    });

    it('listOrganization pages with the tokens it hands out', async () => {
      await start();
      const first = await sdk().listOrganization({ pageSize: 1 });
      expect(plain(ListOrganizationsResponseSchema, first)).toEqual({
        next_page_token: first.nextPageToken,
        total_size: 2,
        organizations: [ACME_ORG],
        prev_page_token: '',
      });
      expect(first.nextPageToken).not.toBe('');
      const second = await sdk().listOrganization({ pageSize: 1, pageToken: first.nextPageToken });
      expect(plain(ListOrganizationsResponseSchema, second)).toEqual({
        next_page_token: '',
        total_size: 2,
        organizations: [GLOBEX_ORG],
        prev_page_token: second.prevPageToken,
      });
      expect(plain(ListOrganizationsResponseSchema, await sdk().listOrganization())).toEqual({
        next_page_token: '',
        total_size: 2,
        organizations: [ACME_ORG, GLOBEX_ORG],
        prev_page_token: '',
      });
    });

    it('deleteOrganization: the org is gone for REST and for the SDK', async () => {
      await start();
      const orgs = sdk();
      expect(
        plain(OrganizationService.method.deleteOrganization.output, await orgs.deleteOrganization(GLOBEX)),
      ).toEqual({});
      expect(await rest('GET', `/api/v1/organizations/${GLOBEX}`)).toEqual({
        status: 404,
        body: status(5, 'organization not found', 'NOT_FOUND'),
      });
      expect((await thrown(orgs.getOrganization(GLOBEX))).class).toBe('ScalekitNotFoundException');
    });
  });

  describe('one store with REST', () => {
    it('a change made through REST is seen by the SDK', async () => {
      await start();
      const patched = await rest('PATCH', `/api/v1/organizations/${GLOBEX}`, {
        display_name: 'Globex via REST',
        external_id: 'globex',
      });
      expect(patched.status).toBe(200);
      const expected = {
        ...GLOBEX_ORG,
        display_name: 'Globex via REST',
        external_id: 'globex',
        update_time: '2026-01-01T00:00:00Z',
      };
      expect(orgOf(await sdk().getOrganizationByExternalId('globex'))).toEqual({ organization: expected });
      expect(orgOf(await sdk().getOrganization(GLOBEX))).toEqual({ organization: expected });
    });

    it('an org created through the SDK can be deleted through REST, and the other way round', async () => {
      await start();
      const { organization } = await sdk().createOrganization('Temp');
      expect(await rest('DELETE', `/api/v1/organizations/${organization!.id}`)).toEqual({ status: 200, body: {} });
      expect((await thrown(sdk().getOrganization(organization!.id))).class).toBe('ScalekitNotFoundException');
      const created = (await rest('POST', '/api/v1/organizations', { display_name: 'Via REST' })) as {
        body: { organization: { id: string } };
      };
      await sdk().deleteOrganization(created.body.organization.id);
      expect((await rest('GET', `/api/v1/organizations/${created.body.organization.id}`)).status).toBe(404);
    });
  });

  describe('the token flow', () => {
    it('the first call goes without a token, gets 16, the SDK fetches a token and calls again; later calls reuse it', async () => {
      await start();
      const orgs = sdk();
      await orgs.getOrganization(ACME);
      await orgs.updateOrganization(ACME, { displayName: 'Again' });
      expect(journal(mock)).toEqual([
        ['POST', `${SERVICE}/GetOrganization`, 401],
        ['POST', '/oauth/token', 200],
        ['POST', `${SERVICE}/GetOrganization`, 200],
        ['POST', `${SERVICE}/UpdateOrganization`, 200],
      ]);
      const [first, token, retry] = mock.requests();
      expect(first!.requestHeaders.authorization).toBeUndefined();
      expect(first!.requestHeaders['content-type']).toBe('application/grpc+proto');
      expect(first!.requestBody).toEqual({ id: ACME });
      expect(first!.responseBody).toEqual(status(16, 'Token empty', 'UNAUTHENTICATED'));
      expect(token!.requestBody).toEqual({
        grant_type: 'client_credentials',
        client_id: DEV.clientId,
        client_secret: '***',
      });
      expect(retry!.requestHeaders.authorization).toBe('Bearer ***');
      expect(retry!.responseBody).toEqual({ organization: ACME_ORG });
      expect(mock.requests()[3]!.requestBody).toEqual({ id: ACME, organization: { display_name: 'Again' } });
    });

    it('an expired token is refused with 16 "Token expired" and the SDK fetches a new one by itself', async () => {
      await start();
      const orgs = sdk();
      await orgs.getOrganization(ACME);
      clock.advance(86_400_000);
      expect(orgOf(await orgs.getOrganization(ACME))).toEqual({ organization: ACME_ORG });
      expect(journal(mock).slice(3)).toEqual([
        ['POST', `${SERVICE}/GetOrganization`, 401],
        ['POST', '/oauth/token', 200],
        ['POST', `${SERVICE}/GetOrganization`, 200],
      ]);
      expect(mock.requests()[3]!.responseBody).toEqual(status(16, 'Token expired', 'UNAUTHENTICATED'));
    });
  });

  describe("errors raise the SDK's own exception classes", () => {
    it('an unknown org is its ScalekitNotFoundException, with ErrorInfo NOT_FOUND', async () => {
      await start();
      const notFound = {
        class: 'ScalekitNotFoundException',
        grpcStatus: 5,
        httpStatus: 404,
        errorCode: 'NOT_FOUND',
        message: '[not_found] organization not found',
        details: [{ errorCode: 'NOT_FOUND' }],
      };
      expect(await thrown(sdk().getOrganization('org_1'))).toEqual(notFound);
      expect(await thrown(sdk().getOrganizationByExternalId('nobody'))).toEqual(notFound);
      expect(await thrown(sdk().updateOrganization('org_1', { displayName: 'x' }))).toEqual(notFound);
      expect(await thrown(sdk().deleteOrganization('org_1'))).toEqual(notFound);
      await expect(sdk().getOrganization('org_1')).rejects.toBeInstanceOf(ScalekitNotFoundException);
    });

    it('bad input is its ScalekitBadRequestException with every field violation, and writes nothing', async () => {
      await start();
      const err = await thrown(
        sdk().updateOrganization(ACME, {
          displayName: '',
          logoUrl: `http://${'x'.repeat(1018)}`,
          metadata: { ab: 'v' },
        }),
      );
      const violations = [
        {
          field: 'organization.display_name',
          description: 'value length must be at least 1 characters',
          constraint: 'string.min_len',
        },
        {
          field: 'organization.metadata["ab"]',
          description: 'value length must be at least 3 characters',
          constraint: 'string.min_len',
        },
        {
          field: 'organization.logo_url',
          description: 'value length must be at most 1024 characters',
          constraint: 'string.max_len',
        },
      ];
      expect(err).toEqual({
        class: 'ScalekitBadRequestException',
        grpcStatus: 3,
        httpStatus: 400,
        errorCode: 'INVALID_ARGUMENT',
        message: `[invalid_argument] validation error:${violations.map((v) => `\n - ${v.field}: ${v.description} [${v.constraint}]`).join('')}`,
        details: [{ errorCode: 'INVALID_ARGUMENT', validationErrorInfo: { fieldViolations: violations } }],
      });
      await expect(sdk().createOrganization('')).rejects.toBeInstanceOf(ScalekitBadRequestException);
      expect(orgOf(await sdk().getOrganization(ACME))).toEqual({ organization: ACME_ORG });
      // The REST answer to the same input, for comparison.
      expect(
        await rest('PATCH', `/api/v1/organizations/${ACME}`, {
          display_name: '',
          logo_url: `http://${'x'.repeat(1018)}`,
          metadata: { ab: 'v' },
        }),
      ).toEqual({
        status: 400,
        body: status(3, err.message.replace('[invalid_argument] ', ''), 'INVALID_ARGUMENT', violations),
      });
    });

    it('a taken external id is its ScalekitConflictException', async () => {
      await start();
      expect(await thrown(sdk().updateOrganization(GLOBEX, { externalId: 'my_unique_id' }))).toEqual({
        class: 'ScalekitConflictException',
        grpcStatus: 6,
        httpStatus: 409,
        errorCode: 'ALREADY_EXISTS',
        message: '[already_exists] organization with this external_id already exists',
        details: [{ errorCode: 'ALREADY_EXISTS' }],
      });
      await expect(sdk().createOrganization('Dup', { slug: 'acme' })).rejects.toBeInstanceOf(ScalekitConflictException);
    });

    it('a wrong client secret: /oauth/token answers 401 invalid_client, which the SDK throws as it gets it', async () => {
      await start();
      const err = await sdk({ ...DEV, secret: 'wrong' })
        .getOrganization(ACME)
        .catch((e: unknown) => e);
      // axios's own error, not a ScalekitException: the SDK rethrows a failed token fetch as it is.
      const axiosError = err as { isAxiosError?: boolean; response?: { status: number; data: unknown } };
      expect(axiosError.isAxiosError).toBe(true);
      expect(axiosError.response?.status).toBe(401);
      expect(axiosError.response?.data).toEqual({
        error: 'invalid_client',
        error_description: 'client authentication failed: unknown client or wrong secret',
      });
      expect(journal(mock)).toEqual([
        ['POST', `${SERVICE}/GetOrganization`, 401],
        ['POST', '/oauth/token', 401],
      ]);
    });

    it('a token the service keeps refusing is its ScalekitUnauthorizedException, after three fresh tokens', async () => {
      await start();
      mock.inject({ vendor: 'scalekit', route: SERVICE, error: 'unauthorized', count: 4 });
      expect(await thrown(sdk().getOrganization(ACME))).toEqual({
        class: 'ScalekitUnauthorizedException',
        grpcStatus: 16,
        httpStatus: 401,
        errorCode: 'UNAUTHENTICATED',
        message: '[unauthenticated] Invalid token',
        details: [{ errorCode: 'UNAUTHENTICATED' }],
      });
      expect(journal(mock)).toEqual([
        ['POST', `${SERVICE}/GetOrganization`, 401],
        ['POST', '/oauth/token', 200],
        ['POST', `${SERVICE}/GetOrganization`, 401],
        ['POST', '/oauth/token', 200],
        ['POST', `${SERVICE}/GetOrganization`, 401],
        ['POST', '/oauth/token', 200],
        ['POST', `${SERVICE}/GetOrganization`, 401],
      ]);
      await expect(sdk().getOrganization(ACME)).resolves.toBeDefined();
      mock.inject({ vendor: 'scalekit', route: SERVICE, error: 'unauthorized' });
      await expect(sdk().getOrganization(ACME)).rejects.toBeInstanceOf(ScalekitUnauthorizedException);
    });

    it('an RPC orgmock does not serve is its ScalekitNotImplementedException', async () => {
      await start();
      await expect(sdk().searchOrganization('acme')).rejects.toBeInstanceOf(ScalekitNotImplementedException);
    });
  });

  describe('fault injection and the journal', () => {
    it('unavailable (14) once: the SDK backs off and retries by itself; both calls are journaled', async () => {
      await start();
      const orgs = sdk();
      await orgs.getOrganization(ACME);
      mock.inject({ vendor: 'scalekit', error: 'unavailable', count: 1 });
      expect(orgOf(await orgs.getOrganization(ACME))).toEqual({ organization: ACME_ORG });
      expect(journal(mock).slice(3)).toEqual([
        ['POST', `${SERVICE}/GetOrganization`, 503],
        ['POST', `${SERVICE}/GetOrganization`, 200],
      ]);
      expect(mock.requests()[3]!.responseBody).toEqual(status(14, 'service unavailable', 'UNAVAILABLE'));
    });

    it('a fault by method path and orgId hits only that RPC on that org', async () => {
      await start();
      const orgs = sdk();
      await orgs.getOrganization(ACME);
      mock.inject({ vendor: 'scalekit', route: `${SERVICE}/UpdateOrganization`, orgId: GLOBEX, error: 'internal' });
      await expect(orgs.getOrganization(GLOBEX)).resolves.toBeDefined();
      await expect(orgs.updateOrganization(ACME, { displayName: 'Fine' })).resolves.toBeDefined();
      expect(await thrown(orgs.updateOrganization(GLOBEX, { displayName: 'Boom' }))).toEqual({
        class: 'ScalekitInternalServerException',
        grpcStatus: 13,
        httpStatus: 500,
        errorCode: 'INTERNAL',
        message: '[internal] internal error',
        details: [{ errorCode: 'INTERNAL' }],
      });
      await expect(orgs.updateOrganization(GLOBEX, { displayName: 'Boom' })).rejects.toBeInstanceOf(
        ScalekitInternalServerException,
      );
      expect(orgOf(await orgs.getOrganization(GLOBEX))).toEqual({ organization: GLOBEX_ORG });
      // A REST route's fault leaves gRPC alone.
      mock.clearFaults();
      mock.inject({ vendor: 'scalekit', route: '/api/v1/organizations', error: 'not-found' });
      expect(await rest('GET', `/api/v1/organizations/${ACME}`)).toEqual({
        status: 404,
        body: status(5, 'organization not found', 'NOT_FOUND'),
      });
      await expect(orgs.getOrganization(ACME)).resolves.toBeDefined();
    });

    it('a delay holds the gRPC call', async () => {
      await start();
      const orgs = sdk();
      await orgs.getOrganization(ACME);
      mock.inject({ vendor: 'scalekit', delayMs: 300, count: 1 });
      const started = Date.now();
      await orgs.getOrganization(ACME);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(mock.requests({ path: SERVICE }).at(-1)!.durationMs).toBeGreaterThanOrEqual(290);
    });
  });

  describe('environments', () => {
    it("a second environment's client sees only its own orgs", async () => {
      await start();
      const other = sdk(OTHER);
      expect(plain(ListOrganizationsResponseSchema, await other.listOrganization())).toEqual({
        next_page_token: '',
        total_size: 1,
        organizations: [INITECH_ORG],
        prev_page_token: '',
      });
      expect((await thrown(other.getOrganization(ACME))).class).toBe('ScalekitNotFoundException');
      expect((await thrown(sdk().getOrganization(INITECH))).class).toBe('ScalekitNotFoundException');
      expect((await thrown(sdk().getOrganizationByExternalId('initech'))).class).toBe('ScalekitNotFoundException');
      const { organization } = await other.createOrganization('Other only');
      expect((await sdk().listOrganization()).organizations.map((o) => o.id)).toEqual([ACME, GLOBEX]);
      expect((await other.listOrganization()).organizations.map((o) => o.id)).toEqual([INITECH, organization!.id]);
      expect(mock.app.orgmock.store.getOrg('scalekit', DEV_ENV, organization!.id)).toBeUndefined();
    });
  });

  describe('HTTP/1.1 and HTTP/2 on one port', () => {
    it('every HTTP/1.1 route keeps working while the SDK holds its HTTP/2 connection open', async () => {
      await start();
      const orgs = sdk();
      await orgs.getOrganization(ACME);
      expect(await rest('PATCH', `/api/v1/organizations/${ACME}`, { display_name: 'Over h1' })).toMatchObject({
        status: 200,
      });
      const junction = await fetch(`${mock.url}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
        method: 'PATCH',
        headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
        body: '{"name":"Also h1"}',
      });
      expect(junction.status).toBe(200);
      expect(await (await fetch(`${mock.url}/__admin/health`)).json()).toEqual({ status: 'ok' });
      expect((await orgs.getOrganization(ACME)).organization?.displayName).toBe('Over h1');
    });
  });
});

/** Details the SDK does not surface: the wire itself, and requests the SDK never builds. */
describe('OrganizationService on the wire', () => {
  let mock: OrgMock;
  const clock = fixedClock(START);
  const server = useServer({ clock, secrets: { tokenSecret: 'test-secret' } });

  async function setup() {
    mock = await server();
    clock.set(START);
    const { token } = await mock.mintToken('scalekit', DEV.clientId);
    const client = createClient(OrganizationService, createGrpcTransport({ baseUrl: mock.url }));
    return { client, headers: { authorization: `Bearer ${token}` } };
  }

  async function connectError(promise: Promise<unknown>) {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof ConnectError)) throw new Error(`expected a ConnectError, got ${String(err)}`);
    return {
      code: err.code,
      message: err.rawMessage,
      details: err.findDetails(ErrorInfoSchema).map((d) => toJson(ErrorInfoSchema, d)),
    };
  }

  it('grpc-status, grpc-message and grpc-status-details-bin in the trailers', async () => {
    const { headers } = await setup();
    const trailers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
      const session = http2.connect(mock.url);
      session.on('error', reject);
      const req = session.request({
        ':path': `${SERVICE}/GetOrganization`,
        ':method': 'POST',
        'content-type': 'application/grpc',
        te: 'trailers',
        ...headers,
      });
      // GetOrganizationRequest{id: "org_1"}: field 1, length 5, in one uncompressed frame.
      const message = Buffer.from([0x0a, 0x05, ...Buffer.from('org_1')]);
      const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);
      req.on('trailers', (t) => {
        resolve(t);
        session.close();
      });
      req.on('error', reject);
      req.resume();
      req.end(frame);
    });
    expect(trailers['grpc-status']).toBe('5');
    // Percent-encoded, as the gRPC protocol has it.
    expect(trailers['grpc-message']).toBe('organization%20not%20found');
    expect(typeof trailers['grpc-status-details-bin']).toBe('string');
  });

  it("no token, a forged token, another vendor's token: 16 with the REST messages", async () => {
    const { client } = await setup();
    const get = (authorization?: string) =>
      client.getOrganization(
        { identities: { case: 'id', value: ACME } },
        authorization === undefined ? {} : { headers: { authorization } },
      );
    const unauthenticated = (message: string) => ({
      code: Code.Unauthenticated,
      message,
      details: [{ errorCode: 'UNAUTHENTICATED' }],
    });
    expect(await connectError(get())).toEqual(unauthenticated('Token empty'));
    expect(await connectError(get('Basic abc'))).toEqual(unauthenticated('Token empty'));
    expect(await connectError(get('Bearer not.a.jwt'))).toEqual(unauthenticated('Invalid token'));
    const transmit = await mock.mintToken('transmit', 'transmit_admin_client');
    expect(await connectError(get(`Bearer ${transmit.token}`))).toEqual(unauthenticated('Invalid token'));
  });

  // The descriptors give the `identities` oneof no rule (no `(buf.validate.oneof).required`): an unset one
  // passes validation and the service finds no organization. protovalidate reports every violation of a
  // message at once (failFast off), here an empty id and a missing organization together.
  it('a request naming no organization, or without the organization to write', async () => {
    const { client, headers } = await setup();
    expect(await connectError(client.getOrganization({}, { headers }))).toEqual({
      code: Code.NotFound,
      message: 'organization not found',
      details: [{ errorCode: 'NOT_FOUND' }],
    });
    const violations = [
      { field: 'id', description: 'value length must be at least 1 characters', constraint: 'string.min_len' },
      { field: 'organization', description: 'value is required', constraint: 'required' },
    ];
    expect(
      await connectError(client.updateOrganization({ identities: { case: 'id', value: '' } }, { headers })),
    ).toEqual({
      code: Code.InvalidArgument,
      message:
        'validation error:\n - id: value length must be at least 1 characters [string.min_len]\n - organization: value is required [required]',
      details: [{ errorCode: 'INVALID_ARGUMENT', validationErrorInfo: { fieldViolations: violations } }],
    });
    expect((await connectError(client.updateOrganization({}, { headers }))).message).toBe(
      'validation error:\n - organization: value is required [required]',
    );
    expect((await connectError(client.createOrganization({}, { headers }))).message).toBe(
      'validation error:\n - organization: value is required [required]',
    );
  });

  it('an empty metadata map keeps the metadata, unless update_mask names it', async () => {
    const { client, headers } = await setup();
    const update = (updateMask?: { paths: string[] }) =>
      client.updateOrganization(
        { identities: { case: 'id', value: ACME }, organization: { metadata: {} }, updateMask },
        { headers },
      );
    expect((await update()).organization?.metadata).toEqual({ someKey: 'someValue' });
    expect((await update({ paths: ['metadata'] })).organization?.metadata).toEqual({});
  });

  it('an unknown region number is left to the service, which picks US', async () => {
    const { client, headers } = await setup();
    const { organization } = await client.createOrganization(
      { organization: { displayName: 'Far away', regionCode: 9 as RegionCode } },
      { headers },
    );
    expect(organization?.regionCode).toBe(1);
    const eu = await client.createOrganization({ organization: { displayName: 'Europe', regionCode: 2 } }, { headers });
    expect(eu.organization?.regionCode).toBe(2);
  });
});
