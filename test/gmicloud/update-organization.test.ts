import { describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { answer, useApp } from '../helpers.js';
import { gmicloud } from '../../src/providers/gmicloud/index.js';
import { MEMBER, ORG, OUTSIDER, OWNER, bearer, claims, json, signIn } from './chain.js';

const storedName = (app: FastifyInstance) => app.orgmock.store.getOrg<{ name: string }>('gmicloud', '', ORG)?.name;

describe('GMI Cloud PATCH /organizations/:orgId', () => {
  const makeApp = useApp();
  const make = () => makeApp({ providers: [gmicloud] });

  /** A fresh app and the owner's access token. */
  async function asOwner() {
    const made = await make();
    const { accessToken } = await signIn(made.call, OWNER);
    return { ...made, token: accessToken };
  }

  /** Sends a PATCH as the owner and checks that nothing was written. */
  async function rejected(url: string, payload: string | undefined, headers: Record<string, string> = json) {
    const { call, app, token } = await asOwner();
    const res = await call({
      method: 'PATCH',
      url,
      headers: { ...bearer(token), ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
    expect(storedName(app)).toBe('My Organization');
    return answer(res);
  }

  describe('200', () => {
    it('the owner renames the organization; 200 with no body, as the spec gives it', async () => {
      const { call, app, token } = await asOwner();
      const res = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...bearer(token) },
        payload: { name: 'GMI Research' },
      });
      expect(answer(res)).toEqual({ status: 200, body: '' });
      expect(res.headers['content-length']).toBe('0');
      expect(app.orgmock.store.getOrg('gmicloud', '', ORG)).toEqual({ id: ORG, name: 'GMI Research' });
    });

    it('under the vendor base /api/v1 as well', async () => {
      const { call, app, token } = await asOwner();
      const res = await call({
        method: 'PATCH',
        url: `/api/v1/organizations/${ORG}`,
        headers: { ...json, ...bearer(token) },
        payload: { name: 'Via base URL' },
      });
      expect(answer(res)).toEqual({ status: 200, body: '' });
      expect(storedName(app)).toBe('Via base URL');
    });

    it('takes every UUID form that Go uuid.Parse takes', async () => {
      const { call, app, token } = await asOwner();
      const forms = [
        ORG.toUpperCase(),
        ORG.replaceAll('-', ''),
        `{${ORG}}`,
        `urn:uuid:${ORG}`,
        `URN:UUID:${ORG.toUpperCase()}`,
      ];
      for (const [i, form] of forms.entries()) {
        const res = await call({
          method: 'PATCH',
          url: `/organizations/${encodeURIComponent(form)}`,
          headers: { ...json, ...bearer(token) },
          payload: { name: `Form ${i}` },
        });
        expect(res.statusCode).toBe(200);
        expect(storedName(app)).toBe(`Form ${i}`);
      }
    });

    it('ignores unknown fields, the Content-Type, and bytes after the JSON value, as Go does', async () => {
      const { call, app, token } = await asOwner();
      const res = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { 'content-type': 'text/plain', ...bearer(token) },
        payload: '{"name":"Trailing","plan":"pro"} garbage',
      });
      expect(answer(res)).toEqual({ status: 200, body: '' });
      expect(storedName(app)).toBe('Trailing');
    });

    it('matches JSON keys to fields case-insensitively, like encoding/json', async () => {
      const { call, app, token } = await asOwner();
      const res = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...bearer(token) },
        payload: '{"NAME":"Shouting"}',
      });
      expect(res.statusCode).toBe(200);
      expect(storedName(app)).toBe('Shouting');
    });

    it('keeps the change for the next request', async () => {
      const { call, app, token } = await asOwner();
      await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...bearer(token) },
        payload: { name: 'First' },
      });
      await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...bearer(token) },
        payload: { name: 'Second' },
      });
      expect(storedName(app)).toBe('Second');
    });
  });

  describe('400 request/0: orgId', () => {
    it('not a UUID: the documented validationDetail, with the real value', async () => {
      expect(await rejected('/organizations/not-a-uuid', '{"name":"x"}')).toEqual({
        status: 400,
        body: {
          group: 'request',
          code: 0,
          validationDetail: [
            { field: 'orgId', expression: 'uuid', originalValue: 'not-a-uuid', reason: 'Should be a valid UUID.' },
          ],
        },
      });
    });

    it("empty: gin's tree has no route for an empty segment, so 404 (the docs' example with '' is a placeholder)", async () => {
      expect(await rejected('/organizations/', '{"name":"x"}')).toEqual({
        status: 404,
        body: { group: 'request', code: 404, message: '404 page not found' },
      });
    });

    it('is checked before the access token and the body', async () => {
      const { call } = await make();
      const res = await call({ method: 'PATCH', url: '/organizations/123' });
      expect(answer(res)).toEqual({
        status: 400,
        body: {
          group: 'request',
          code: 0,
          validationDetail: [
            { field: 'orgId', expression: 'uuid', originalValue: '123', reason: 'Should be a valid UUID.' },
          ],
        },
      });
    });
  });

  describe('400 request/1: no body', () => {
    it('no body at all, an empty body, whitespace only', async () => {
      const body = { group: 'request', code: 1, message: 'The request body is required.' };
      expect(await rejected(`/organizations/${ORG}`, undefined, {})).toEqual({ status: 400, body });
      expect(await rejected(`/organizations/${ORG}`, '')).toEqual({ status: 400, body });
      expect(await rejected(`/organizations/${ORG}`, '  \r\n')).toEqual({ status: 400, body });
    });
  });

  describe('400 request/0: name', () => {
    const required = (originalValue: unknown) => ({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [{ field: 'name', expression: 'required', originalValue, reason: 'This field is required.' }],
      },
    });

    it('missing', async () => {
      expect(await rejected(`/organizations/${ORG}`, '{}')).toEqual(required(''));
      expect(await rejected(`/organizations/${ORG}`, '{"displayName":"x"}')).toEqual(required(''));
    });

    it('empty, and null (which Go leaves as the empty string)', async () => {
      expect(await rejected(`/organizations/${ORG}`, '{"name":""}')).toEqual(required(''));
      expect(await rejected(`/organizations/${ORG}`, '{"name":null}')).toEqual(required(''));
    });

    it('a JSON null body: Go decodes it to an empty struct', async () => {
      expect(await rejected(`/organizations/${ORG}`, 'null')).toEqual(required(''));
    });

    it('not a string: the field and the value sent', async () => {
      for (const value of [123, true, { first: 'x' }, ['x']]) {
        expect(await rejected(`/organizations/${ORG}`, JSON.stringify({ name: value }))).toEqual({
          status: 400,
          body: {
            group: 'request',
            code: 0,
            validationDetail: [
              {
                field: 'name',
                expression: 'type',
                argument: 'string',
                originalValue: value,
                reason: 'Should be a string.',
              },
            ],
          },
        });
      }
    });
  });

  describe('400 request/0: bodies Go cannot decode, with its error as trace', () => {
    const trace = (text: string) => ({ status: 400, body: { group: 'request', code: 0, traces: [text] } });

    it('malformed JSON', async () => {
      expect(await rejected(`/organizations/${ORG}`, '{"name": }')).toEqual(
        trace("invalid character '}' looking for beginning of value"),
      );
      expect(await rejected(`/organizations/${ORG}`, "{'name': 'x'}")).toEqual(
        trace("invalid character '\\'' looking for beginning of object key string"),
      );
    });

    it('a cut-off body', async () => {
      expect(await rejected(`/organizations/${ORG}`, '{"name": "x"')).toEqual(trace('unexpected EOF'));
    });

    it('a JSON array, string or number instead of an object', async () => {
      expect(await rejected(`/organizations/${ORG}`, '[{"name":"x"}]')).toEqual(
        trace('json: cannot unmarshal array into Go value of type api.updateOrganizationInfoRequest'),
      );
      expect(await rejected(`/organizations/${ORG}`, '"x"')).toEqual(
        trace('json: cannot unmarshal string into Go value of type api.updateOrganizationInfoRequest'),
      );
      expect(await rejected(`/organizations/${ORG}`, '42')).toEqual(
        trace('json: cannot unmarshal number into Go value of type api.updateOrganizationInfoRequest'),
      );
    });

    it('a form-encoded body, read as JSON anyway', async () => {
      expect(
        await rejected(`/organizations/${ORG}`, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      ).toEqual(trace("invalid character 'a' in literal null (expecting 'u')"));
    });

    it('a malformed Content-Type does not matter either', async () => {
      expect(await rejected(`/organizations/${ORG}`, '{"name":', { 'content-type': 'garbage' })).toEqual(
        trace('unexpected EOF'),
      );
    });
  });

  describe('401', () => {
    it('no Authorization header, or not a Bearer one: auth/2', async () => {
      const body = { group: 'auth', code: 2, message: 'The access token is required.' };
      const { call, app } = await make();
      expect(
        answer(await call({ method: 'PATCH', url: `/organizations/${ORG}`, headers: json, payload: { name: 'x' } })),
      ).toEqual({ status: 401, body });
      expect(
        answer(
          await call({
            method: 'PATCH',
            url: `/organizations/${ORG}`,
            headers: { ...json, authorization: 'Basic b3duZXI6cHc=' },
            payload: { name: 'x' },
          }),
        ),
      ).toEqual({ status: 401, body });
      expect(storedName(app)).toBe('My Organization');
    });

    it('is checked before the body', async () => {
      const { call } = await make();
      const res = await call({ method: 'PATCH', url: `/organizations/${ORG}`, headers: json, payload: '{' });
      expect(answer(res)).toEqual({
        status: 401,
        body: { group: 'auth', code: 2, message: 'The access token is required.' },
      });
    });

    it("garbage, another vendor's token, a refresh or auth token: auth/3", async () => {
      const body = { group: 'auth', code: 3, message: 'Invalid access token.' };
      const { call, app } = await make();
      const { authToken, refreshToken } = await signIn(call, OWNER);
      const foreign = await app.orgmock.tokens.sign(
        { userId: OWNER.id, tokenType: 'access' },
        { issuer: 'orgmock:scalekit', subject: OWNER.id, expiresIn: 3600 },
      );
      for (const token of ['garbage', foreign, refreshToken, authToken]) {
        const res = await call({
          method: 'PATCH',
          url: `/organizations/${ORG}`,
          headers: { ...json, ...bearer(token) },
          payload: { name: 'x' },
        });
        expect(answer(res)).toEqual({ status: 401, body });
      }
      expect(storedName(app)).toBe('My Organization');
    });

    it('expired after one hour: auth/4', async () => {
      const { call, app, clock } = await make();
      const { accessToken } = await signIn(call, OWNER);
      clock.advance(3600_000);
      const res = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...bearer(accessToken) },
        payload: { name: 'x' },
      });
      expect(answer(res)).toEqual({
        status: 401,
        body: { group: 'auth', code: 4, message: 'The access token has expired.' },
      });
      expect(storedName(app)).toBe('My Organization');
    });
  });

  describe('403 auth/5', () => {
    it('a member who is not the owner, and a user outside the organization', async () => {
      const { call, app } = await make();
      for (const user of [MEMBER, OUTSIDER]) {
        const { accessToken } = await signIn(call, user);
        const res = await call({
          method: 'PATCH',
          url: `/organizations/${ORG}`,
          headers: { ...json, ...bearer(accessToken) },
          payload: { name: 'Hijack' },
        });
        expect(answer(res)).toEqual({
          status: 403,
          body: { group: 'auth', code: 5, message: 'Only the organization owner can access the API.' },
        });
      }
      expect(storedName(app)).toBe('My Organization');
    });
  });

  describe('404 organization/2', () => {
    it('an organization that does not exist', async () => {
      expect(await rejected('/organizations/00000000-0000-4000-8000-000000000000', '{"name":"x"}')).toEqual({
        status: 404,
        body: { group: 'organization', code: 2, message: 'Organization does not exist.' },
      });
    });

    it('is read with the update: one read of the org, one of the role', async () => {
      const { call, app, token } = await asOwner();
      const getOrg = vi.spyOn(app.orgmock.store, 'getOrg');
      const getRole = vi.spyOn(app.orgmock.store, 'getRole');
      const res = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...bearer(token) },
        payload: { name: 'Renamed' },
      });
      expect(answer(res).status).toBe(200);
      expect([getOrg.mock.calls.length, getRole.mock.calls.length]).toEqual([1, 1]);
    });

    it('is checked after the body, before the role', async () => {
      const { call } = await make();
      const { accessToken } = await signIn(call, OUTSIDER);
      const url = '/organizations/00000000-0000-4000-8000-000000000000';
      expect(answer(await call({ method: 'PATCH', url, headers: bearer(accessToken) })).body).toMatchObject({
        group: 'request',
        code: 1,
      });
      expect(
        answer(
          await call({ method: 'PATCH', url, headers: { ...json, ...bearer(accessToken) }, payload: { name: 'x' } }),
        ).body,
      ).toMatchObject({ group: 'organization', code: 2 });
    });
  });

  describe('never a Fastify error body', () => {
    it('a first value still open at 1 MiB: 413, as MaxBytesReader stops the Decoder', async () => {
      expect(await rejected(`/organizations/${ORG}`, JSON.stringify({ name: 'a'.repeat(1024 * 1024) }))).toEqual({
        status: 413,
        body: { group: 'request', code: 413, message: 'http: request body too large' },
      });
      // Only whitespace up to the limit, or a number that reaches it (the Decoder needs one byte more).
      for (const body of [' '.repeat(1024 * 1024 + 10), `${' '.repeat(1024 * 1024 - 3)}123`]) {
        expect((await rejected(`/organizations/${ORG}`, `${body}4`)).status).toBe(413);
      }
    });

    it('the limit counts what the Decoder reads: a 1.1 MiB body whose first value is short binds (json.NewDecoder reads one value)', async () => {
      const { call } = await make();
      const { accessToken } = await signIn(call, OWNER);
      const res = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...bearer(accessToken) },
        payload: `{"name":"Short"}${' '.repeat(1.1 * 1024 * 1024)}`,
      });
      expect(answer(res)).toEqual({ status: 200, body: '' });
      // Even trailing bytes that are no JSON at all are never read.
      const trailing = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...bearer(accessToken) },
        payload: `{"name":"Again"}${'x'.repeat(2 * 1024 * 1024)}`,
      });
      expect(answer(trailing)).toEqual({ status: 200, body: '' });
    });

    it('another method: 405 with Allow, as gin with HandleMethodNotAllowed', async () => {
      const { call } = await make();
      for (const url of [`/organizations/${ORG}`, `/api/v1/organizations/${ORG}`]) {
        const res = await call({ method: 'GET', url });
        expect(answer(res)).toEqual({
          status: 405,
          body: { group: 'request', code: 405, message: '405 method not allowed' },
        });
        expect(res.headers.allow).toBe('PATCH');
      }
      const sessions = await call({ method: 'DELETE', url: '/me/sessions' });
      expect(answer(sessions)).toEqual({
        status: 405,
        body: { group: 'request', code: 405, message: '405 method not allowed' },
      });
      expect(sessions.headers.allow).toBe('POST, PATCH');
    });

    it("an unknown path under the vendor: 404 with gin's text", async () => {
      const { call } = await make();
      for (const url of [
        '/me',
        '/me/profile',
        '/organizations',
        `/organizations/${ORG}/members`,
        '/api/v1/me/profile',
      ]) {
        const res = await call({ method: 'GET', url });
        expect(answer(res)).toEqual({
          status: 404,
          body: { group: 'request', code: 404, message: '404 page not found' },
        });
      }
    });
  });

  describe('faults and minted tokens', () => {
    it('the documented 500s exist, with traces', () => {
      expect(gmicloud.faults['organization/1201']!()).toMatchObject({
        status: 500,
        body: {
          group: 'organization',
          code: 1201,
          message: 'Get organization encountered DB error.',
          traces: ['DB error occurred.'],
        },
      });
      expect(gmicloud.faults['organization/1401']!()).toMatchObject({
        status: 500,
        body: {
          group: 'organization',
          code: 1401,
          message: 'Update organization encountered DB error.',
          traces: ['DB error occurred.'],
        },
      });
    });

    it('mintToken gives the access token the sign-in chain would', async () => {
      const { call, app } = await make();
      const minted = await gmicloud.mintToken!(app.orgmock, OWNER.email, {});
      expect(minted).toEqual({
        token: expect.any(String),
        headers: { authorization: `Bearer ${minted.token}` },
        expiresIn: 3600,
      });
      expect(claims(minted.token)).toMatchObject({ userId: OWNER.id, tokenType: 'access', iss: 'orgmock:gmicloud' });
      const res = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...minted.headers },
        payload: { name: 'Minted' },
      });
      expect(res.statusCode).toBe(200);
    });

    it('a minted token with a negative lifetime is already expired', async () => {
      const { call, app } = await make();
      const minted = await gmicloud.mintToken!(app.orgmock, OWNER.email, { expiresIn: -1 });
      const res = await call({
        method: 'PATCH',
        url: `/organizations/${ORG}`,
        headers: { ...json, ...minted.headers },
        payload: { name: 'x' },
      });
      expect(answer(res)).toEqual({
        status: 401,
        body: { group: 'auth', code: 4, message: 'The access token has expired.' },
      });
    });

    it('mintToken refuses an unknown email', async () => {
      const { app } = await make();
      await expect(gmicloud.mintToken!(app.orgmock, 'nobody@gmi.example', {})).rejects.toThrow(
        'gmicloud has no user with email nobody@gmi.example',
      );
    });
  });
});
