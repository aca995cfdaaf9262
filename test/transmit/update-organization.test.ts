import { describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { answer, useApp } from '../helpers.js';
import { ACME, ADMIN, JSON_TYPE, NOW, ORG, READER, TENANT, TWO_TENANTS, accessToken } from './fixtures.js';

const URL = `/v1/organizations/${ORG}`;
const stored = (app: FastifyInstance, id = ORG, tenant = TENANT) => app.orgmock.store.getOrg('transmit', tenant, id);

describe('Transmit PUT /v1/organizations/:organization_id', () => {
  const make = useApp();

  /** One app, an admin token, and a PUT helper. */
  async function setup(options: Parameters<typeof make>[0] = {}) {
    const made = await make(options);
    const token = await accessToken(made.call);
    const put = (payload: string | object | undefined, headers: Record<string, string> = JSON_TYPE, url = URL) =>
      made.call({
        method: 'PUT',
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
      } as InjectOptions);
    return { ...made, token, put };
  }

  describe('200', () => {
    it('sets every field and answers {"result": ...} with every field, updated_at moved', async () => {
      const { put, app, clock } = await setup();
      clock.advance(5000);
      const body = {
        name: 'Acme Corp',
        domains: ['acme.com', 'acme.io'],
        enabled: false,
        alias_name: 'acme-corp',
        domain: 'acme.io',
      };
      const res = await put(body);
      const expected = { ...ACME, ...body, updated_at: NOW + 5000 };
      expect(answer(res)).toEqual({ status: 200, body: { result: expected } });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(stored(app)).toEqual(expected);
    });

    it('fields left out keep their value', async () => {
      const { put, app } = await setup();
      const res = await put({ name: 'Renamed' });
      expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, name: 'Renamed', updated_at: NOW } } });
      const again = await put({ enabled: false });
      expect(answer(again).body).toEqual({ result: { ...ACME, name: 'Renamed', enabled: false, updated_at: NOW } });
      expect(stored(app)).toEqual({ ...ACME, name: 'Renamed', enabled: false, updated_at: NOW });
    });

    it('null counts as left out (@IsOptional)', async () => {
      const { put } = await setup();
      const res = await put({ name: null, domains: null, enabled: null, alias_name: null, domain: null });
      expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, updated_at: NOW } } });
    });

    it('an empty body and {} change nothing but updated_at', async () => {
      const { put, app } = await setup();
      for (const payload of [undefined, '{}']) {
        expect(answer(await put(payload))).toEqual({ status: 200, body: { result: { ...ACME, updated_at: NOW } } });
      }
      expect(stored(app)).toEqual({ ...ACME, updated_at: NOW });
    });

    it('[] is refused as NestJS 11.2 refuses it: no instance of the DTO (validation.pipe.js, `isObject`)', async () => {
      const { put, app } = await setup();
      expect(answer(await put('[]'))).toEqual({
        status: 400,
        body: { message: ['Validation failed (object is expected)'], error_code: 400 },
      });
      expect(stored(app)).toEqual(ACME);
    });

    it('empty strings and an empty domain list are values like any other', async () => {
      const { put } = await setup();
      const res = await put({ alias_name: '', domains: [] });
      expect(answer(res).body).toEqual({ result: { ...ACME, alias_name: '', domains: [], updated_at: NOW } });
    });

    it('is served under /cis too', async () => {
      const { put } = await setup();
      const res = await put({ name: 'Via CIS' }, JSON_TYPE, `/cis${URL}`);
      expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, name: 'Via CIS', updated_at: NOW } } });
    });

    it('a token with orgs:edit may update too', async () => {
      const { call } = await make({ fixtures: { transmit: TWO_TENANTS } });
      const token = await accessToken(call, { client_id: 'orgs_editor_client', client_secret: 'orgs_editor_secret' });
      const res = await call({
        method: 'PUT',
        url: URL,
        headers: { authorization: `bearer ${token}`, ...JSON_TYPE },
        payload: { name: 'By editor' },
      });
      expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, name: 'By editor', updated_at: NOW } } });
    });

    it('a form-encoded body is read as Express reads it (qs, string values)', async () => {
      const { put } = await setup();
      const res = await put('name=Acme+Form&domains[]=a.com&domains[]=b.com&alias_name=%C3%A1', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(answer(res)).toEqual({
        status: 200,
        body: { result: { ...ACME, name: 'Acme Form', domains: ['a.com', 'b.com'], alias_name: 'á', updated_at: NOW } },
      });
    });

    it('a body of another content type is not parsed at all, so nothing changes', async () => {
      const { put, app } = await setup();
      const res = await put('{"name":"Ignored"}', { 'content-type': 'text/plain' });
      expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, updated_at: NOW } } });
      expect(stored(app)).toMatchObject({ name: 'Acme' });
    });

    it('keys that never reach the validator are ignored: __proto__ and Object.prototype method names', async () => {
      const { put, app } = await setup();
      const res = await put(
        '{"__proto__":{"polluted":true},"constructor":1,"toString":"x","hasOwnProperty":2,"name":"Safe"}',
      );
      expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, name: 'Safe', updated_at: NOW } } });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(stored(app)).toEqual({ ...ACME, name: 'Safe', updated_at: NOW });
    });
  });

  describe('400 exactly as class-validator + ValidationPipe', () => {
    /** Sends as admin and checks that nothing was written. */
    async function rejected(payload: string, headers: Record<string, string> = JSON_TYPE) {
      const { put, app } = await setup();
      const res = await put(payload, headers);
      expect(stored(app)).toEqual(ACME);
      return answer(res);
    }
    const bad = (...message: string[]) => ({ status: 400, body: { message, error_code: 400 } });

    it('wrong types, one message each', async () => {
      expect(await rejected('{"name":1}')).toEqual(bad('name must be a string'));
      expect(await rejected('{"enabled":"true"}')).toEqual(bad('enabled must be a boolean value'));
      expect(await rejected('{"alias_name":false}')).toEqual(bad('alias_name must be a string'));
      expect(await rejected('{"domain":["acme.com"]}')).toEqual(bad('domain must be a string'));
    });

    it('domains: not an array, items not strings, or both', async () => {
      expect(await rejected('{"domains":"acme.com"}')).toEqual(bad('domains must be an array'));
      expect(await rejected('{"domains":["acme.com",1]}')).toEqual(bad('each value in domains must be a string'));
      expect(await rejected('{"domains":5}')).toEqual(
        bad('each value in domains must be a string', 'domains must be an array'),
      );
      expect(await rejected('{"domains":{"0":"acme.com"}}')).toEqual(
        bad('each value in domains must be a string', 'domains must be an array'),
      );
    });

    it('an unknown property', async () => {
      expect(await rejected('{"foo":"bar"}')).toEqual(bad('property foo should not exist'));
    });

    it('unknown properties first, in body order, then fields in DTO order', async () => {
      expect(await rejected('{"domain":1,"zeta":1,"enabled":1,"name":1,"alpha":1,"domains":[1]}')).toEqual(
        bad(
          'property zeta should not exist',
          'property alpha should not exist',
          'name must be a string',
          'each value in domains must be a string',
          'enabled must be a boolean value',
          'domain must be a string',
        ),
      );
    });

    it('an array body: every index is an unknown property', async () => {
      expect(await rejected('[{"name":"x"},2]')).toEqual(
        bad('property 0 should not exist', 'property 1 should not exist'),
      );
    });

    it('form values are strings, so a boolean cannot be sent that way', async () => {
      expect(await rejected('enabled=true', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual(
        bad('enabled must be a boolean value'),
      );
    });

    it('JSON sent as a form (curl -d without -H): the whole text is one unknown key', async () => {
      expect(await rejected('{"name":"x"}', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual(
        bad('property {"name":"x"} should not exist'),
      );
    });
  });

  describe('400 malformed JSON: body-parser SyntaxError, before the token is checked', () => {
    async function malformed(payload: string) {
      const { call, app } = await make();
      const res = await call({ method: 'PUT', url: URL, headers: JSON_TYPE, payload });
      expect(stored(app)).toEqual(ACME);
      return answer(res);
    }

    it('invalid JSON', async () => {
      expect(await malformed('{"name": }')).toEqual({
        status: 400,
        body: { message: 'Unexpected token \'}\', "{"name": }" is not valid JSON', error_code: 400 },
      });
      expect(await malformed('{"name":"x"')).toEqual({
        status: 400,
        // V8's own text on Node 22 and 24 (the vendor's current LTS), added on Node 20 too.
        body: {
          message: "Expected ',' or '}' after property value in JSON at position 11 (line 1 column 12)",
          error_code: 400,
        },
      });
      expect(await malformed('{\r\n"name": "x"\n\n"a": 1}')).toEqual({
        status: 400,
        body: {
          message: "Expected ',' or '}' after property value in JSON at position 16 (line 4 column 1)",
          error_code: 400,
        },
      });
    });

    it('strict mode: a top-level value that is not an object or array', async () => {
      expect(await malformed('"Acme"')).toEqual({
        status: 400,
        body: { message: 'Unexpected token \'"\', ""Acme"" is not valid JSON', error_code: 400 },
      });
      expect(await malformed('null')).toEqual({
        status: 400,
        body: { message: 'Unexpected token \'n\', "null" is not valid JSON', error_code: 400 },
      });
      expect(await malformed('  ')).toEqual({
        status: 400,
        body: { message: 'Unexpected end of JSON input', error_code: 400 },
      });
    });
  });

  describe('401 Invalid token', () => {
    const invalid = { status: 401, body: { message: 'Invalid token', error_code: 401 } };

    async function withAuthorization(authorization: string | undefined) {
      const { call, app } = await make();
      const res = await call({
        method: 'PUT',
        url: URL,
        headers: { ...JSON_TYPE, ...(authorization === undefined ? {} : { authorization }) },
        payload: { name: 'x' },
      });
      expect(stored(app)).toEqual(ACME);
      return answer(res);
    }

    it('missing, not Bearer, or not a token', async () => {
      expect(await withAuthorization(undefined)).toEqual(invalid);
      expect(
        await withAuthorization(
          `Basic ${Buffer.from('transmit_admin_client:transmit_admin_secret').toString('base64')}`,
        ),
      ).toEqual(invalid);
      expect(await withAuthorization('Bearer not-a-jwt')).toEqual(invalid);
      expect(await withAuthorization('Bearer ')).toEqual(invalid);
    });

    it('expired after its hour', async () => {
      const { call, clock, app } = await make();
      const token = await accessToken(call);
      clock.advance(3600 * 1000);
      const res = await call({
        method: 'PUT',
        url: URL,
        headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
        payload: { name: 'Late' },
      });
      expect(answer(res)).toEqual(invalid);
      expect(stored(app)).toEqual(ACME);
    });

    it('still valid one second before', async () => {
      const { call, clock } = await make();
      const token = await accessToken(call);
      clock.advance(3599 * 1000);
      const res = await call({
        method: 'PUT',
        url: URL,
        headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
        payload: { name: 'Just in time' },
      });
      expect(answer(res).status).toBe(200);
    });

    it("another vendor's token, or one signed with another secret", async () => {
      const { call, app } = await make();
      const foreign = await app.orgmock.tokens.sign(
        { tid: TENANT, client_id: ADMIN.client_id, permissions: ['organizations:edit'] },
        {
          issuer: 'orgmock:razi',
          subject: ADMIN.client_id,
          expiresIn: 3600,
        },
      );
      const res = await call({
        method: 'PUT',
        url: URL,
        headers: { authorization: `Bearer ${foreign}`, ...JSON_TYPE },
        payload: { name: 'x' },
      });
      expect(answer(res)).toEqual(invalid);

      const other = await make({ secrets: { tokenSecret: 'another-instance' } });
      const alien = await accessToken(other.call);
      const res2 = await call({
        method: 'PUT',
        url: URL,
        headers: { authorization: `Bearer ${alien}`, ...JSON_TYPE },
        payload: { name: 'x' },
      });
      expect(answer(res2)).toEqual(invalid);
      expect(stored(app)).toEqual(ACME);
    });

    it('a token of an app the store no longer has', async () => {
      const { call, app } = await make();
      const token = await app.orgmock.tokens.sign(
        {
          tid: TENANT,
          app_id: 'g0ne',
          app_name: 'Gone',
          client_id: 'gone_client',
          roles: [],
          permissions: ['organizations:edit'],
          scope: 'organizations:edit',
        },
        { issuer: 'orgmock:transmit', subject: 'gone_client', expiresIn: 3600 },
      );
      const res = await call({
        method: 'PUT',
        url: URL,
        headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
        payload: { name: 'x' },
      });
      expect(answer(res)).toEqual(invalid);
    });

    it('is checked before the body is validated', async () => {
      const { call } = await make();
      const res = await call({ method: 'PUT', url: `/v1/organizations/nope`, headers: JSON_TYPE, payload: { foo: 1 } });
      expect(answer(res)).toEqual(invalid);
    });
  });

  describe('403', () => {
    it('a token without organizations:edit or orgs:edit, checked before the body', async () => {
      const { call, app } = await make();
      const token = await accessToken(call, READER);
      for (const payload of [{ name: 'Reader' }, { foo: 1 }]) {
        const res = await call({
          method: 'PUT',
          url: URL,
          headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
          payload,
        });
        expect(answer(res)).toEqual({ status: 403, body: { message: 'Forbidden resource', error_code: 403 } });
      }
      expect(stored(app)).toEqual(ACME);
    });
  });

  describe('404', () => {
    const notFound = { status: 404, body: { message: 'Organization not found', error_code: 404 } };

    it('an unknown organization', async () => {
      const { put } = await setup();
      expect(answer(await put({ name: 'x' }, JSON_TYPE, '/v1/organizations/zzzzzzzzzzzzzzzzzzzzz'))).toEqual(notFound);
    });

    it("another tenant's organization: a token sees only its tenant", async () => {
      const { call, app } = await make({ fixtures: { transmit: TWO_TENANTS } });
      const token = await accessToken(call);
      const res = await call({
        method: 'PUT',
        url: '/v1/organizations/gl0bex0rg00000000000a',
        headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
        payload: { name: 'Hijack' },
      });
      expect(answer(res)).toEqual(notFound);
      expect(stored(app, 'gl0bex0rg00000000000a', 'gl0bextenant000000000')).toMatchObject({ name: 'Globex' });
    });

    it('validation comes before the lookup', async () => {
      const { put } = await setup();
      expect(answer(await put({ name: 1 }, JSON_TYPE, '/v1/organizations/zzzzzzzzzzzzzzzzzzzzz'))).toEqual({
        status: 400,
        body: { message: ['name must be a string'], error_code: 400 },
      });
    });
  });

  describe('never a Fastify error body', () => {
    it("a JSON body over body-parser's 100kb: 413", async () => {
      const { put, app } = await setup();
      const res = await put({ name: 'a'.repeat(100 * 1024) });
      expect(answer(res)).toEqual({ status: 413, body: { message: 'request entity too large', error_code: 413 } });
      expect(stored(app)).toEqual(ACME);
    });

    it('a body over 1 MiB: 413', async () => {
      const { put } = await setup();
      expect(answer(await put({ name: 'a'.repeat(1024 * 1024) }))).toEqual({
        status: 413,
        body: { message: 'request entity too large', error_code: 413 },
      });
    });

    it('a charset body-parser cannot read: 415', async () => {
      const { put } = await setup();
      expect(answer(await put({ name: 'x' }, { 'content-type': 'application/json; charset=latin1' }))).toEqual({
        status: 415,
        body: { message: 'unsupported charset "LATIN1"', error_code: 415 },
      });
    });

    it("another method on the route: Express's 404", async () => {
      const { call, token } = await setup();
      for (const method of ['GET', 'PATCH', 'POST', 'DELETE'] as const) {
        const res = await call({ method, url: `${URL}?x=1`, headers: { authorization: `Bearer ${token}` } });
        expect(answer(res)).toEqual({ status: 404, body: { message: `Cannot ${method} ${URL}?x=1`, error_code: 404 } });
      }
    });

    it('an unknown path under the vendor, and an empty organization id', async () => {
      const { call, put } = await setup();
      expect(answer(await call({ method: 'GET', url: '/v1/organizations' }))).toEqual({
        status: 404,
        body: { message: 'Cannot GET /v1/organizations', error_code: 404 },
      });
      expect(answer(await call({ method: 'PUT', url: '/cis/v1/users/x' }))).toEqual({
        status: 404,
        body: { message: 'Cannot PUT /cis/v1/users/x', error_code: 404 },
      });
      expect(answer(await put({ name: 'x' }, JSON_TYPE, '/v1/organizations/'))).toEqual({
        status: 404,
        body: { message: 'Cannot PUT /v1/organizations/', error_code: 404 },
      });
    });
  });
});
