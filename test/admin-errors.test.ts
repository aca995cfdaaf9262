import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { AdminErrorBody } from '../src/admin/errors.js';
import { providers } from '../src/providers/index.js';
import type { Provider } from '../src/providers/types.js';
import { answer, useApp } from './helpers.js';

/** Every failure under /__admin, whoever raised it (Ajv, Fastify, orgmock), in the one documented shape. */
describe('admin errors: one shape', () => {
  const make = useApp();

  const cases: {
    name: string;
    req: Parameters<Awaited<ReturnType<typeof make>>['call']>[0];
    status: number;
    code: string;
  }[] = [
    {
      name: 'missing field (Ajv)',
      req: { method: 'POST', url: '/__admin/tokens', payload: { vendor: 'junction' } },
      status: 400,
      code: 'FST_ERR_VALIDATION',
    },
    {
      name: 'wrong type (Ajv)',
      req: { method: 'POST', url: '/__admin/faults', payload: { vendor: 'junction', delayMs: 'x' } },
      status: 400,
      code: 'FST_ERR_VALIDATION',
    },
    {
      name: 'extra field (Ajv)',
      req: { method: 'POST', url: '/__admin/faults', payload: { vendor: 'junction', delayMs: 1, nope: 1 } },
      status: 400,
      code: 'FST_ERR_VALIDATION',
    },
    {
      name: 'bad query (Ajv)',
      req: { method: 'GET', url: '/__admin/requests?since=abc' },
      status: 400,
      code: 'FST_ERR_VALIDATION',
    },
    {
      name: 'invalid JSON',
      req: {
        method: 'POST',
        url: '/__admin/faults',
        headers: { 'content-type': 'application/json' },
        payload: '{"vendor":',
      },
      status: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    },
    {
      name: 'empty JSON body',
      req: { method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: '' },
      status: 400,
      code: 'FST_ERR_CTP_EMPTY_JSON_BODY',
    },
    {
      name: 'unsupported media type',
      req: { method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'text/xml' }, payload: '<a/>' },
      status: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    },
    {
      name: 'unknown vendor in a body',
      req: { method: 'POST', url: '/__admin/faults', payload: { vendor: 'nope', delayMs: 1 } },
      status: 400,
      code: 'ORGMOCK_UNKNOWN_VENDOR',
    },
    {
      name: 'unknown vendor in the path',
      req: { method: 'GET', url: '/__admin/state/nope' },
      status: 404,
      code: 'ORGMOCK_UNKNOWN_VENDOR',
    },
    {
      name: 'unknown identity',
      req: { method: 'POST', url: '/__admin/tokens', payload: { vendor: 'gmicloud', identity: 'nobody@x' } },
      status: 404,
      code: 'ORGMOCK_UNKNOWN_IDENTITY',
    },
    {
      name: 'unknown error name',
      req: { method: 'POST', url: '/__admin/faults', payload: { vendor: 'razi', error: 'nope' } },
      status: 400,
      code: 'ORGMOCK_UNKNOWN_ERROR_NAME',
    },
    {
      name: 'a fault that does nothing',
      req: { method: 'POST', url: '/__admin/faults', payload: { vendor: 'razi' } },
      status: 400,
      code: 'ORGMOCK_BAD_REQUEST',
    },
    {
      name: 'unknown admin route',
      req: { method: 'GET', url: '/__admin/nope' },
      status: 404,
      code: 'ORGMOCK_NOT_FOUND',
    },
    {
      name: 'unknown method on an admin route',
      req: { method: 'PUT', url: '/__admin/reset' },
      status: 404,
      code: 'ORGMOCK_NOT_FOUND',
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.status} ${c.code}`, async () => {
      const { call } = await make();
      const res = await call(c.req);
      const { status, body } = answer(res);
      expect(status).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Value.Check(AdminErrorBody, body), JSON.stringify(body)).toBe(true);
      expect(body).toMatchObject({ statusCode: c.status, code: c.code });
      expect((body as { message: string }).message).not.toMatch(/\n| {4}at /);
    });
  }

  it('an absurd expiresIn is refused with a clear 400, for every vendor, both ways', async () => {
    const { call } = await make();
    const identities: Record<string, string> = {
      junction: '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      scalekit: 'skc_58327482062864390',
      gmicloud: 'owner@gmi.example',
      razi: 'mu_acme_client',
      transmit: 'transmit_admin_client',
    };
    for (const [vendor, identity] of Object.entries(identities)) {
      for (const expiresIn of [1e306, -1e306, 2 ** 53, 3_153_600_001, -3_153_600_001]) {
        const { status, body } = answer(
          await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor, identity, expiresIn } }),
        );
        expect({ vendor, expiresIn, status }).toEqual({ vendor, expiresIn, status: 400 });
        expect(body).toMatchObject({ code: 'FST_ERR_VALIDATION', message: expect.stringMatching(/expiresIn/) });
      }
      // The largest accepted lifetime gives a credential that works (its expiry is a real date).
      const ok = answer(
        await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor, identity, expiresIn: 3_153_600_000 } }),
      );
      expect({ vendor, status: ok.status }).toEqual({ vendor, status: 201 });
    }
  });

  it('a minted Junction key with the largest lifetime is accepted by the vendor route', async () => {
    const { call } = await make();
    const minted = answer(
      await call({
        method: 'POST',
        url: '/__admin/tokens',
        payload: { vendor: 'junction', identity: '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', expiresIn: 3_153_600_000 },
      }),
    ).body as { headers: Record<string, string> };
    const res = await call({
      method: 'PATCH',
      url: '/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      headers: minted.headers,
      payload: { name: 'Long lived' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('a bug while minting is a 500 that tells nothing of it, never a 404', async () => {
    const broken: Provider = {
      ...providers.find((p) => p.name === 'junction')!,
      mintToken: async () => {
        throw new TypeError('secret internals: cannot read x of undefined');
      },
    };
    const { call } = await make({ providers: providers.map((p) => (p.name === 'junction' ? broken : p)) });
    const { status, body } = answer(
      await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor: 'junction', identity: 'x' } }),
    );
    expect(status).toBe(500);
    expect(body).toMatchObject({ statusCode: 500, code: 'ORGMOCK_INTERNAL', error: 'Internal Server Error' });
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });
});
