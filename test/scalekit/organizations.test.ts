import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import {
  ACME,
  ACME_ORG,
  GLOBEX,
  GLOBEX_ORG,
  INITECH,
  OTHER,
  TOKEN_EMPTY,
  accessToken,
  bearer,
  json,
  status,
} from './helpers.js';

const DEV_ENV = 'env_58327482062864389';
const NOT_FOUND = { status: 404, body: status(5, 'organization not found', 'NOT_FOUND') };

describe('Scalekit organizations: GET, DELETE, list, create', () => {
  const make = useApp();

  async function setup(client?: typeof OTHER) {
    const made = await make();
    const token = await accessToken(made.call, client);
    const send = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: string) =>
      made.call({
        method,
        url,
        headers: { ...bearer(token), ...(payload === undefined ? {} : json) },
        ...(payload === undefined ? {} : { payload }),
      });
    return { ...made, token, send };
  }

  it('GET /api/v1/organizations/:id', async () => {
    const { send } = await setup();
    expect(answer(await send('GET', `/api/v1/organizations/${ACME}`))).toEqual({
      status: 200,
      body: { organization: ACME_ORG },
    });
    expect(answer(await send('GET', `/api/v1/organizations/${INITECH}`))).toEqual(NOT_FOUND);
  });

  it('GET /api/v1/organizations:external/:external_id', async () => {
    const { send } = await setup();
    expect(answer(await send('GET', '/api/v1/organizations:external/my_unique_id'))).toEqual({
      status: 200,
      body: { organization: ACME_ORG },
    });
    expect(answer(await send('GET', '/api/v1/organizations:external/initech'))).toEqual(NOT_FOUND);
    expect(answer(await send('GET', '/api/v1/organizations:external/a/b'))).toEqual({
      status: 404,
      body: { code: 5, message: 'Not Found', details: [] },
    });
  });

  it('GET without a token', async () => {
    const { call } = await make();
    expect(answer(await call({ method: 'GET', url: `/api/v1/organizations/${ACME}` }))).toEqual({
      status: 401,
      body: TOKEN_EMPTY,
    });
  });

  it('DELETE /api/v1/organizations/:id answers {} and the org is gone', async () => {
    const { send, app } = await setup();
    expect(answer(await send('DELETE', `/api/v1/organizations/${GLOBEX}`))).toEqual({ status: 200, body: {} });
    expect(app.orgmock.store.getOrg('scalekit', DEV_ENV, GLOBEX)).toBeUndefined();
    expect(answer(await send('DELETE', `/api/v1/organizations/${GLOBEX}`))).toEqual(NOT_FOUND);
  });

  it('DELETE an org of another environment leaves it', async () => {
    const { send, app } = await setup();
    expect(answer(await send('DELETE', `/api/v1/organizations/${INITECH}`))).toEqual(NOT_FOUND);
    expect(app.orgmock.store.getOrg('scalekit', OTHER.env, INITECH)).toBeDefined();
  });

  it('GET /api/v1/organizations lists the environment, oldest first, with page tokens', async () => {
    const { send } = await setup();
    expect(answer(await send('GET', '/api/v1/organizations'))).toEqual({
      status: 200,
      body: { next_page_token: '', total_size: 2, organizations: [ACME_ORG, GLOBEX_ORG], prev_page_token: '' },
    });
    const first = answer(await send('GET', '/api/v1/organizations?page_size=1')).body as { next_page_token: string };
    expect(first).toMatchObject({ total_size: 2, organizations: [ACME_ORG], prev_page_token: '' });
    const second = answer(
      await send('GET', `/api/v1/organizations?pageSize=1&page_token=${first.next_page_token}`),
    ).body;
    expect(second).toMatchObject({ next_page_token: '', total_size: 2, organizations: [GLOBEX_ORG] });
    expect((second as { prev_page_token: string }).prev_page_token).not.toBe('');
    expect(answer(await send('GET', '/api/v1/organizations?external_id=my_unique_id')).body).toMatchObject({
      total_size: 1,
      organizations: [ACME_ORG],
    });
  });

  it('list: bad query parameters in grpc-gateway words', async () => {
    const { send } = await setup();
    expect(answer(await send('GET', '/api/v1/organizations?page_size=ten'))).toEqual({
      status: 400,
      body: status(
        3,
        'parsing field "page_size": strconv.ParseUint: parsing "ten": invalid syntax',
        'INVALID_ARGUMENT',
      ),
    });
    expect(answer(await send('GET', '/api/v1/organizations?page_size=1&page_size=2'))).toEqual({
      status: 400,
      body: status(3, 'too many values for field "page_size": 1, 2', 'INVALID_ARGUMENT'),
    });
    expect(answer(await send('GET', '/api/v1/organizations?page_token=bogus'))).toEqual({
      status: 400,
      body: status(3, 'validation error:\n - page_token: invalid page token [page_token]', 'INVALID_ARGUMENT', [
        { field: 'page_token', description: 'invalid page token', constraint: 'page_token' },
      ]),
    });
  });

  it('POST /api/v1/organizations creates one in the caller environment', async () => {
    const { send, app } = await setup(OTHER);
    const res = answer(
      await send(
        'POST',
        '/api/v1/organizations',
        JSON.stringify({ displayName: 'Hooli', externalId: 'hooli', metadata: { plan: 'pro' } }),
      ),
    );
    expect(res).toEqual({
      status: 200,
      body: {
        organization: {
          id: expect.stringMatching(/^org_[1-9][0-9]{16}$/),
          create_time: '2026-01-01T00:00:00Z',
          update_time: '2026-01-01T00:00:00Z',
          display_name: 'Hooli',
          region_code: 'US',
          external_id: 'hooli',
          metadata: { plan: 'pro' },
          settings: {
            features: ['sso', 'dir_sync', 'domain_verification', 'session_policy'].map((name) => ({
              name,
              enabled: false,
            })),
          },
        },
      },
    });
    const id = (res.body as { organization: { id: string } }).organization.id;
    expect(app.orgmock.store.getOrg('scalekit', OTHER.env, id)).toMatchObject({ display_name: 'Hooli' });
  });

  it('POST: display_name is required, region_code must be a RegionCode, external_id unique', async () => {
    const { send, app } = await setup();
    const count = () => app.orgmock.store.listOrgs('scalekit', DEV_ENV).length;
    expect(answer(await send('POST', '/api/v1/organizations', '{}'))).toEqual({
      status: 400,
      body: status(
        3,
        'validation error:\n - organization.display_name: value length must be at least 1 characters [string.min_len]',
        'INVALID_ARGUMENT',
        [
          {
            field: 'organization.display_name',
            description: 'value length must be at least 1 characters',
            constraint: 'string.min_len',
          },
        ],
      ),
    });
    expect(answer(await send('POST', '/api/v1/organizations', '{"display_name":"X","region_code":"APAC"}'))).toEqual({
      status: 400,
      body: status(3, 'proto: (line 1:35): invalid value for enum field regionCode: "APAC"', 'INVALID_ARGUMENT', [
        { field: 'organization.region_code', description: 'invalid value for this field', constraint: 'type' },
      ]),
    });
    expect(
      answer(await send('POST', '/api/v1/organizations', '{"display_name":"X","external_id":"my_unique_id"}')),
    ).toEqual({
      status: 409,
      body: status(6, 'organization with this external_id already exists', 'ALREADY_EXISTS'),
    });
    expect(count()).toBe(2);
    expect(
      answer(await send('POST', '/api/v1/organizations', '{"display_name":"Euro","region_code":"EU"}')),
    ).toMatchObject({
      status: 200,
      body: { organization: { display_name: 'Euro', region_code: 'EU' } },
    });
    expect(count()).toBe(3);
  });

  it('an unknown path under /api/v1/organizations is grpc-gateway 404; POST on an org is 501', async () => {
    const { send } = await setup();
    expect(answer(await send('GET', `/api/v1/organizations/${ACME}/nothing`))).toEqual({
      status: 404,
      body: { code: 5, message: 'Not Found', details: [] },
    });
    expect(answer(await send('POST', `/api/v1/organizations/${ACME}`, '{}'))).toEqual({
      status: 501,
      body: { code: 12, message: 'Method Not Allowed', details: [] },
    });
  });
});
