import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const GLOBEX = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const ACME_KEY = { 'x-management-key': 'mk_test_acme_health' };
const PATTERN = "^[A-Za-zÀ-ÖØ-öø-ÿ0-9(),/:'|&_\\- ’]{0,80}$";
const json = { 'content-type': 'application/json' };

describe('Junction PATCH /v1/org/:org_id', () => {
  const make = useApp();

  it('renames the org and answers ClientFacingOrg', async () => {
    const { call } = await make();
    const res = await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { ...ACME_KEY, ...json },
      payload: { name: 'Acme Health (EU)' },
    });
    expect(answer(res)).toEqual({ status: 200, body: { id: ACME, name: 'Acme Health (EU)', expires_at: null } });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('keeps expires_at and accepts the legacy X-Vital-Org-Key header, as in the docs curl sample', async () => {
    const { call } = await make();
    const res = await call({
      method: 'PATCH',
      url: `/v1/org/${GLOBEX}`,
      headers: { 'x-vital-org-key': 'mk_test_globex', ...json },
      payload: { name: 'Globex' },
    });
    expect(answer(res)).toEqual({
      status: 200,
      body: { id: GLOBEX, name: 'Globex', expires_at: '2027-01-01T00:00:00Z' },
    });
  });

  it('accepts the other UUID forms pydantic accepts and answers with the canonical id', async () => {
    const { call } = await make();
    for (const form of [ACME.toUpperCase(), ACME.replaceAll('-', ''), `{${ACME}}`, `urn:uuid:${ACME}`]) {
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${encodeURIComponent(form)}`,
        headers: { ...ACME_KEY, ...json },
        payload: { name: 'Acme' },
      });
      expect(answer(res)).toEqual({ status: 200, body: { id: ACME, name: 'Acme', expires_at: null } });
    }
  });

  it('accepts an empty name, which the pattern allows', async () => {
    const { call } = await make();
    const res = await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { ...ACME_KEY, ...json },
      payload: { name: '' },
    });
    expect(answer(res)).toEqual({ status: 200, body: { id: ACME, name: '', expires_at: null } });
  });

  it('persists the change for the next request', async () => {
    const { call, app } = await make();
    await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { ...ACME_KEY, ...json },
      payload: { name: 'First' },
    });
    const res = await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: ACME_KEY,
      payload: '{"name":"Second"}',
    });
    expect(answer(res).body).toEqual({ id: ACME, name: 'Second', expires_at: null });
    expect(app.orgmock.store.getOrg('junction', '', ACME)).toEqual({ id: ACME, name: 'Second', expires_at: null });
  });

  describe('401', () => {
    it('missing key: FastAPI APIKeyHeader', async () => {
      const { call } = await make();
      const res = await call({ method: 'PATCH', url: `/v1/org/${ACME}`, headers: json, payload: { name: 'x' } });
      expect(answer(res)).toEqual({ status: 401, body: { detail: 'Not authenticated' } });
      expect(res.headers['www-authenticate']).toBe('APIKey');
    });

    it('empty key counts as missing', async () => {
      const { call } = await make();
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${ACME}`,
        headers: { 'x-management-key': '', ...json },
        payload: { name: 'x' },
      });
      expect(answer(res)).toEqual({ status: 401, body: { detail: 'Not authenticated' } });
    });

    it('unknown key', async () => {
      const { call } = await make();
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${ACME}`,
        headers: { 'x-management-key': 'mk_nope', ...json },
        payload: { name: 'x' },
      });
      expect(answer(res)).toEqual({ status: 401, body: { detail: 'Invalid management key' } });
    });

    it('auth is checked before path and body validation', async () => {
      const { call } = await make();
      const res = await call({ method: 'PATCH', url: '/v1/org/not-a-uuid', headers: json, payload: { foo: 1 } });
      expect(answer(res)).toEqual({ status: 401, body: { detail: 'Not authenticated' } });
    });
  });

  describe('404', () => {
    it("another org's id: a key sees only its own org", async () => {
      const { call, app } = await make();
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${GLOBEX}`,
        headers: { ...ACME_KEY, ...json },
        payload: { name: 'Hijack' },
      });
      expect(answer(res)).toEqual({ status: 404, body: { detail: 'Org not found' } });
      expect(app.orgmock.store.getOrg('junction', '', GLOBEX)).toMatchObject({ name: 'Globex Labs' });
    });

    it('an id that exists nowhere', async () => {
      const { call } = await make();
      const res = await call({
        method: 'PATCH',
        url: '/v1/org/00000000-0000-4000-8000-000000000000',
        headers: { ...ACME_KEY, ...json },
        payload: { name: 'x' },
      });
      expect(answer(res)).toEqual({ status: 404, body: { detail: 'Org not found' } });
    });
  });

  describe('422 exactly as FastAPI + pydantic v2', () => {
    async function patch(url: string, payload: string | undefined, headers: Record<string, string> = json) {
      const { call, app } = await make();
      const res = await call({
        method: 'PATCH',
        url,
        headers: { ...ACME_KEY, ...headers },
        ...(payload === undefined ? {} : { payload }),
      });
      expect(app.orgmock.store.getOrg('junction', '', ACME)).toMatchObject({ name: 'Acme Health' });
      return answer(res);
    }

    it('uuid_parsing: invalid character', async () => {
      expect(await patch('/v1/org/not-a-uuid', '{"name":"x"}')).toEqual({
        status: 422,
        body: {
          detail: [
            {
              type: 'uuid_parsing',
              loc: ['path', 'org_id'],
              msg: 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1',
              input: 'not-a-uuid',
              ctx: {
                error:
                  'invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1',
              },
            },
          ],
        },
      });
    });

    it('uuid_parsing: invalid length', async () => {
      expect((await patch('/v1/org/abc', '{"name":"x"}')).body).toEqual({
        detail: [
          {
            type: 'uuid_parsing',
            loc: ['path', 'org_id'],
            msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3',
            input: 'abc',
            ctx: { error: 'invalid length: expected length 32 for simple format, found 3' },
          },
        ],
      });
    });

    it('uuid_parsing: group count and group length', async () => {
      expect((await patch('/v1/org/8f1b2c3d-4e5f-4a6b-8c7d9e0f1a2b3c4d', '{"name":"x"}')).body).toMatchObject({
        detail: [
          {
            msg: 'Input should be a valid UUID, invalid group count: expected 5, found 4',
          },
        ],
      });
      expect((await patch('/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4', '{"name":"x"}')).body).toMatchObject({
        detail: [
          {
            msg: 'Input should be a valid UUID, invalid group length in group 4: expected 12, found 11',
          },
        ],
      });
    });

    it('missing field', async () => {
      expect(await patch(`/v1/org/${ACME}`, '{}')).toEqual({
        status: 422,
        body: { detail: [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} }] },
      });
    });

    it('no body at all, and a JSON null body', async () => {
      const none = {
        status: 422,
        body: { detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] },
      };
      expect(await patch(`/v1/org/${ACME}`, undefined)).toEqual(none);
      expect(await patch(`/v1/org/${ACME}`, 'null')).toEqual(none);
    });

    it('string_type', async () => {
      expect(await patch(`/v1/org/${ACME}`, '{"name":123}')).toEqual({
        status: 422,
        body: {
          detail: [{ type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 123 }],
        },
      });
    });

    it('extra_forbidden, after the field errors', async () => {
      expect(await patch(`/v1/org/${ACME}`, '{"foo":"bar"}')).toEqual({
        status: 422,
        body: {
          detail: [
            { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { foo: 'bar' } },
            { type: 'extra_forbidden', loc: ['body', 'foo'], msg: 'Extra inputs are not permitted', input: 'bar' },
          ],
        },
      });
    });

    it('string_pattern_mismatch, including a name over 80 characters', async () => {
      for (const name of ['Acme <script>', 'a'.repeat(81)]) {
        expect(await patch(`/v1/org/${ACME}`, JSON.stringify({ name }))).toEqual({
          status: 422,
          body: {
            detail: [
              {
                type: 'string_pattern_mismatch',
                loc: ['body', 'name'],
                msg: `String should match pattern '${PATTERN}'`,
                input: name,
                ctx: { pattern: PATTERN },
              },
            ],
          },
        });
      }
    });

    it('model_attributes_type for a body that is not an object', async () => {
      for (const [payload, input] of [
        ['[1]', [1]],
        ['"x"', 'x'],
        ['5', 5],
      ] as const) {
        expect(await patch(`/v1/org/${ACME}`, payload)).toEqual({
          status: 422,
          body: {
            detail: [
              {
                type: 'model_attributes_type',
                loc: ['body'],
                msg: 'Input should be a valid dictionary or object to extract fields from',
                input,
              },
            ],
          },
        });
      }
    });

    it('a non-JSON content type hands pydantic the raw text', async () => {
      expect(await patch(`/v1/org/${ACME}`, '{"name":"x"}', { 'content-type': 'text/plain' })).toEqual({
        status: 422,
        body: {
          detail: [
            {
              type: 'model_attributes_type',
              loc: ['body'],
              msg: 'Input should be a valid dictionary or object to extract fields from',
              input: '{"name":"x"}',
            },
          ],
        },
      });
    });

    it('json_invalid with the character offset, before auth', async () => {
      const { call } = await make();
      const res = await call({ method: 'PATCH', url: `/v1/org/${ACME}`, headers: json, payload: '{"name": }' });
      expect(answer(res)).toEqual({
        status: 422,
        body: {
          detail: [
            {
              type: 'json_invalid',
              loc: ['body', 9],
              msg: 'JSON decode error',
              input: {},
              ctx: { error: 'Expecting value' },
            },
          ],
        },
      });
    });

    it('path and body errors together, path first', async () => {
      expect(await patch('/v1/org/abc', '{"name":1,"x":2}')).toEqual({
        status: 422,
        body: {
          detail: [
            {
              type: 'uuid_parsing',
              loc: ['path', 'org_id'],
              msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3',
              input: 'abc',
              ctx: { error: 'invalid length: expected length 32 for simple format, found 3' },
            },
            { type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 1 },
            { type: 'extra_forbidden', loc: ['body', 'x'], msg: 'Extra inputs are not permitted', input: 2 },
          ],
        },
      });
    });
  });

  describe('never a Fastify error body', () => {
    it('undecodable bytes: Starlette 400', async () => {
      const { call } = await make();
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${ACME}`,
        headers: { ...ACME_KEY, ...json },
        payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      });
      expect(answer(res)).toEqual({ status: 400, body: { detail: 'There was an error parsing the body' } });
    });

    it('a malformed content type is read as bytes, as Starlette does', async () => {
      const { call } = await make();
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${ACME}`,
        headers: { ...ACME_KEY, 'content-type': 'garbage' },
        payload: '{"name":"x"}',
      });
      expect(answer(res)).toMatchObject({
        status: 422,
        body: { detail: [{ type: 'model_attributes_type', input: '{"name":"x"}' }] },
      });
    });

    it('a body over 1 MiB: 413', async () => {
      const { call } = await make();
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${ACME}`,
        headers: { ...ACME_KEY, ...json },
        payload: JSON.stringify({ name: 'a'.repeat(1024 * 1024) }),
      });
      expect(answer(res)).toEqual({ status: 413, body: { detail: 'Request Entity Too Large' } });
    });

    it('another method on the route: 405 with Allow', async () => {
      const { call } = await make();
      const res = await call({ method: 'GET', url: `/v1/org/${ACME}`, headers: ACME_KEY });
      expect(answer(res)).toEqual({ status: 405, body: { detail: 'Method Not Allowed' } });
      expect(res.headers.allow).toBe('PATCH');
    });

    it('an unknown path under the vendor: FastAPI 404', async () => {
      const { call } = await make();
      const res = await call({ method: 'GET', url: '/v1/org' });
      expect(answer(res)).toEqual({ status: 404, body: { detail: 'Not Found' } });
    });
  });
});
