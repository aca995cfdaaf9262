import { describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { answer, useApp } from '../helpers.js';
import {
  ACME,
  ACME_ORG,
  GLOBEX,
  GLOBEX_ORG,
  INITECH,
  INITECH_ORG,
  OTHER,
  TOKEN_EMPTY,
  accessToken,
  bearer,
  json,
  status,
} from './helpers.js';

const url = (id = ACME) => `/api/v1/organizations/${id}`;
const stored = (app: FastifyInstance, env: string, id: string) => app.orgmock.store.getOrg('scalekit', env, id);
const DEV_ENV = 'env_58327482062864389';

describe('Scalekit PATCH /api/v1/organizations/:id', () => {
  const make = useApp();

  /** An app, a token for the development environment, and a PATCH that sends `payload` as it is. */
  async function setup() {
    const made = await make();
    const token = await accessToken(made.call);
    const patch = (
      payload: string | undefined,
      opts: { id?: string; headers?: Record<string, string>; query?: string } = {},
    ) =>
      made.call({
        method: 'PATCH',
        url: opts.query === undefined ? url(opts.id) : `${url(opts.id)}?${opts.query}`,
        headers: { ...bearer(token), ...json, ...opts.headers },
        ...(payload === undefined ? {} : { payload }),
      });
    return { ...made, token, patch };
  }

  it("the seed's curl sample works as it is and answers the whole organization, wrapped in `organization`", async () => {
    const { patch } = await setup();
    const res = await patch(
      JSON.stringify({ display_name: '<string>', external_id: '<string>', metadata: { culpa_561: '<string>' } }),
      {
        headers: { accept: 'application/json' },
      },
    );
    expect(answer(res)).toEqual({
      status: 200,
      body: {
        organization: {
          ...ACME_ORG,
          display_name: '<string>',
          external_id: '<string>',
          metadata: { culpa_561: '<string>' },
          update_time: '2026-01-01T00:00:00Z',
        },
      },
    });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('accepts the lowerCamelCase JSON names too, and answers with the proto names', async () => {
    const { patch } = await setup();
    const res = await patch(
      JSON.stringify({
        displayName: 'Acme Inc',
        externalId: 'acme-1',
        logoUrl: 'https://cdn.example.com/new.png',
        slug: 'acme-inc',
      }),
    );
    expect(answer(res)).toEqual({
      status: 200,
      body: {
        organization: {
          ...ACME_ORG,
          display_name: 'Acme Inc',
          external_id: 'acme-1',
          logo_url: 'https://cdn.example.com/new.png',
          slug: 'acme-inc',
          update_time: '2026-01-01T00:00:00Z',
        },
      },
    });
  });

  it('fields left out keep their value; update_time moves, create_time does not; the change persists', async () => {
    const { patch, clock, app } = await setup();
    clock.advance(3_661_500);
    const res = await patch('{"display_name":"Acme Two"}');
    const expected = { ...ACME_ORG, display_name: 'Acme Two', update_time: '2026-01-01T01:01:01.500Z' };
    expect(answer(res)).toEqual({ status: 200, body: { organization: expected } });
    expect(stored(app, DEV_ENV, ACME)).toMatchObject({
      display_name: 'Acme Two',
      create_time: '2024-01-05T14:48:00.000Z',
      update_time: '2026-01-01T01:01:01.500Z',
    });
    const again = await patch('{"metadata":{"tier":"gold"}}');
    expect(answer(again).body).toEqual({ organization: { ...expected, metadata: { tier: 'gold' } } });
  });

  it('metadata replaces the whole map; {} empties it', async () => {
    const { patch } = await setup();
    expect(answer(await patch('{"metadata":{"region":"emea","tier":"gold"}}')).body).toMatchObject({
      organization: { metadata: { region: 'emea', tier: 'gold' } },
    });
    expect(answer(await patch('{"metadata":{}}')).body).toMatchObject({ organization: { metadata: {} } });
  });

  it('an empty external_id, slug or logo_url removes it', async () => {
    const { patch } = await setup();
    const res = await patch('{"external_id":"","slug":"","logo_url":""}');
    const { external_id: _e, slug: _s, logo_url: _l, ...rest } = ACME_ORG;
    expect(answer(res)).toEqual({
      status: 200,
      body: { organization: { ...rest, update_time: '2026-01-01T00:00:00Z' } },
    });
  });

  it('sets slug and logo_url on an org that has none', async () => {
    const { patch } = await setup();
    const res = await patch('{"slug":"globex.example.com","logo_url":"https://cdn.example.com/globex.png"}', {
      id: GLOBEX,
    });
    expect(answer(res)).toEqual({
      status: 200,
      body: {
        organization: {
          ...GLOBEX_ORG,
          slug: 'globex.example.com',
          logo_url: 'https://cdn.example.com/globex.png',
          update_time: '2026-01-01T00:00:00Z',
        },
      },
    });
  });

  it('null is absent (protojson); a whitespace-only or empty body changes nothing but update_time', async () => {
    const { patch } = await setup();
    const unchanged = { status: 200, body: { organization: { ...ACME_ORG, update_time: '2026-01-01T00:00:00Z' } } };
    expect(answer(await patch('{"display_name":null,"metadata":null}'))).toEqual(unchanged);
    expect(answer(await patch(' \n'))).toEqual(unchanged);
    expect(answer(await patch(undefined))).toEqual(unchanged);
  });

  it('reads the body as JSON whatever the Content-Type, and ignores what follows the first value (Go Decoder)', async () => {
    const { patch } = await setup();
    const res = await patch('{"display_name":"Plain"} trailing', { headers: { 'content-type': 'text/plain' } });
    expect(answer(res)).toMatchObject({ status: 200, body: { organization: { display_name: 'Plain' } } });
  });

  it('display_name counts Unicode code points: 200 emoji are fine', async () => {
    const { patch } = await setup();
    const name = '🏢'.repeat(200);
    expect(answer(await patch(JSON.stringify({ display_name: name })))).toMatchObject({
      status: 200,
      body: { organization: { display_name: name } },
    });
  });

  it('the other environment updates its own org', async () => {
    const { call } = await make();
    const token = await accessToken(call, OTHER);
    const res = await call({
      method: 'PATCH',
      url: url(INITECH),
      headers: { ...bearer(token), ...json },
      payload: '{"display_name":"Initech GmbH"}',
    });
    expect(answer(res)).toEqual({
      status: 200,
      body: { organization: { ...INITECH_ORG, display_name: 'Initech GmbH', update_time: '2026-01-01T00:00:00Z' } },
    });
  });

  describe('401 UNAUTHENTICATED', () => {
    async function patchWith(headers: Record<string, string>) {
      const { call, app } = await make();
      const res = await call({
        method: 'PATCH',
        url: url(),
        headers: { ...json, ...headers },
        payload: '{"display_name":"Hacked"}',
      });
      expect(stored(app, DEV_ENV, ACME)).toMatchObject({ display_name: 'Acme Corp' });
      return res;
    }

    it('no Authorization header: exactly the documented body, with the message as the challenge', async () => {
      const res = await patchWith({});
      expect(answer(res)).toEqual({ status: 401, body: TOKEN_EMPTY });
      expect(res.body).toBe(
        '{"code":16,"message":"Token empty","details":[{"@type":"type.googleapis.com/scalekit.v1.errdetails.ErrorInfo","error_code":"UNAUTHENTICATED"}]}',
      );
      expect(res.headers['www-authenticate']).toBe('Token empty');
    });

    it('another scheme or an empty bearer counts as no token', async () => {
      expect(answer(await patchWith({ authorization: 'Basic c2tjOnNlY3JldA==' }))).toEqual({
        status: 401,
        body: TOKEN_EMPTY,
      });
      expect(answer(await patchWith({ authorization: 'Bearer ' }))).toEqual({ status: 401, body: TOKEN_EMPTY });
    });

    it('a malformed token', async () => {
      expect(answer(await patchWith(bearer('not-a-jwt')))).toEqual({
        status: 401,
        body: status(16, 'Invalid token', 'UNAUTHENTICATED'),
      });
    });

    it("another vendor's token, and one signed with another secret", async () => {
      const { app } = await make();
      const razi = await app.orgmock.tokens.sign(
        { client_id: 'skc_58327482062864390', environment_id: DEV_ENV },
        { issuer: 'orgmock:razi', subject: 'x', expiresIn: 60 },
      );
      expect(answer(await patchWith(bearer(razi)))).toEqual({
        status: 401,
        body: status(16, 'Invalid token', 'UNAUTHENTICATED'),
      });
      const { app: other } = await make({ secrets: { tokenSecret: 'another-secret' } });
      const forged = await other.orgmock.tokens.sign(
        { client_id: 'skc_58327482062864390', environment_id: DEV_ENV },
        { issuer: 'orgmock:scalekit', subject: 'x', expiresIn: 60 },
      );
      expect(answer(await patchWith(bearer(forged)))).toEqual({
        status: 401,
        body: status(16, 'Invalid token', 'UNAUTHENTICATED'),
      });
    });

    it('an expired token', async () => {
      const { call } = await make();
      const minted = answer(
        await call({
          method: 'POST',
          url: '/__admin/tokens',
          payload: { vendor: 'scalekit', identity: 'skc_58327482062864390', expiresIn: -1 },
        }),
      );
      const token = (minted.body as { token: string }).token;
      expect(answer(await patchWith(bearer(token)))).toEqual({
        status: 401,
        body: status(16, 'Token expired', 'UNAUTHENTICATED'),
      });
    });

    it('is checked before validation: an invalid body without a token is a 401', async () => {
      expect(answer(await patchWith({}))).toEqual({ status: 401, body: TOKEN_EMPTY });
      const { call } = await make();
      const res = await call({ method: 'PATCH', url: url(), headers: json, payload: '{"display_name":""}' });
      expect(answer(res)).toEqual({ status: 401, body: TOKEN_EMPTY });
    });
  });

  describe('404 NOT_FOUND', () => {
    it('an id that exists nowhere', async () => {
      const { patch } = await setup();
      expect(answer(await patch('{"display_name":"x"}', { id: 'org_1' }))).toEqual({
        status: 404,
        body: status(5, 'organization not found', 'NOT_FOUND'),
      });
    });

    it('an org of another environment: not found, and left alone', async () => {
      const { patch, app } = await setup();
      expect(answer(await patch('{"display_name":"Hijack"}', { id: INITECH }))).toEqual({
        status: 404,
        body: status(5, 'organization not found', 'NOT_FOUND'),
      });
      expect(stored(app, 'env_70000000000000000', INITECH)).toMatchObject({ display_name: 'Initech' });
    });
  });

  describe('400 INVALID_ARGUMENT from validation, naming each bad field', () => {
    async function refused(payload: string, id = ACME) {
      const { patch, app } = await setup();
      const before = stored(app, DEV_ENV, ACME);
      const res = answer(await patch(payload, { id }));
      expect(stored(app, DEV_ENV, ACME)).toEqual(before);
      return res;
    }
    const invalid = (...violations: [string, string, string][]) => ({
      status: 400,
      body: status(
        3,
        `validation error:${violations.map(([f, d, c]) => `\n - ${f}: ${d} [${c}]`).join('')}`,
        'INVALID_ARGUMENT',
        violations.map(([field, description, constraint]) => ({ field, description, constraint })),
      ),
    });

    it('display_name empty or over 200 characters', async () => {
      expect(await refused('{"display_name":""}')).toEqual(
        invalid(['organization.display_name', 'value length must be at least 1 characters', 'string.min_len']),
      );
      expect(await refused(JSON.stringify({ display_name: 'a'.repeat(201) }))).toEqual(
        invalid(['organization.display_name', 'value length must be at most 200 characters', 'string.max_len']),
      );
    });

    it('metadata keys 3-25, values 1-256, at most 10 pairs', async () => {
      expect(await refused('{"metadata":{"ab":"x"}}')).toEqual(
        invalid(['organization.metadata["ab"]', 'value length must be at least 3 characters', 'string.min_len']),
      );
      expect(await refused(JSON.stringify({ metadata: { ['k'.repeat(26)]: 'x' } }))).toEqual(
        invalid([
          `organization.metadata["${'k'.repeat(26)}"]`,
          'value length must be at most 25 characters',
          'string.max_len',
        ]),
      );
      expect(await refused('{"metadata":{"key":""}}')).toEqual(
        invalid(['organization.metadata["key"]', 'value length must be at least 1 characters', 'string.min_len']),
      );
      expect(await refused(JSON.stringify({ metadata: { key: 'v'.repeat(257) } }))).toEqual(
        invalid(['organization.metadata["key"]', 'value length must be at most 256 characters', 'string.max_len']),
      );
      const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`key${i}`, 'v']));
      expect(await refused(JSON.stringify({ metadata: eleven }))).toEqual(
        invalid(['organization.metadata', 'map must be at most 10 entries', 'map.max_pairs']),
      );
    });

    it('logo_url: at most 1024 characters, any scheme (https:// is only an OpenAPI annotation, not a rule)', async () => {
      expect(await refused(JSON.stringify({ logo_url: `https://x.example.com/${'a'.repeat(1003)}` }))).toEqual(
        invalid(['organization.logo_url', 'value length must be at most 1024 characters', 'string.max_len']),
      );
      const { patch, app } = await setup();
      expect(answer(await patch('{"logo_url":"http://cdn.example.com/a.png"}')).status).toBe(200);
      expect(stored(app, DEV_ENV, ACME)).toMatchObject({ logo_url: 'http://cdn.example.com/a.png' });
    });

    it('slug must be a DNS label or host name', async () => {
      const pattern = '^$|^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$';
      expect(await refused('{"slug":"Acme_Corp"}')).toEqual(
        invalid(['organization.slug', `value does not match regex pattern \`${pattern}\``, 'string.pattern']),
      );
    });

    it('an id over 32 characters', async () => {
      expect(await refused('{"display_name":"x"}', `org_${'1'.repeat(29)}`)).toEqual(
        invalid(['id', 'value length must be at most 32 characters', 'string.max_len']),
      );
    });

    it('every broken rule at once, in field order', async () => {
      const longUrl = `ftp://${'x'.repeat(1019)}`;
      expect(await refused(JSON.stringify({ logoUrl: longUrl, metadata: { a: '' }, displayName: '' }))).toEqual(
        invalid(
          ['organization.display_name', 'value length must be at least 1 characters', 'string.min_len'],
          ['organization.metadata["a"]', 'value length must be at least 3 characters', 'string.min_len'],
          ['organization.metadata["a"]', 'value length must be at least 1 characters', 'string.min_len'],
          ['organization.logo_url', 'value length must be at most 1024 characters', 'string.max_len'],
        ),
      );
    });
  });

  describe('400 INVALID_ARGUMENT from decoding (grpc-gateway: Go encoding/json, then protojson)', () => {
    async function undecodable(payload: string, headers: Record<string, string> = {}) {
      const { call, app } = await make();
      const before = stored(app, DEV_ENV, ACME);
      // No token: the gateway decodes the body before the service authenticates.
      const res = answer(await call({ method: 'PATCH', url: url(), headers: { ...json, ...headers }, payload }));
      expect(stored(app, DEV_ENV, ACME)).toEqual(before);
      return res;
    }
    const bad = (message: string, violation?: [string, string, string]) => ({
      status: 400,
      body: status(
        3,
        message,
        'INVALID_ARGUMENT',
        violation && [{ field: violation[0], description: violation[1], constraint: violation[2] }],
      ),
    });

    // grpc-gateway v2.23.0: the default marshaler decodes with DiscardUnknown (runtime/marshaler_registry.go
    // line 26), then derives update_mask from the body, which refuses a name the message lacks
    // (runtime/fieldmask.go line 53: `could not find field %q in %q`).
    it('an unknown field: skipped by protojson, refused by the field mask derived from the body', async () => {
      const mask = (name: string) =>
        bad(`could not find field "${name}" in "scalekit.v1.organizations.UpdateOrganization"`, [
          `organization.${name}`,
          'unknown field',
          'unknown_field',
        ]);
      expect(await undecodable('{"display_name":"x","foo":1}')).toEqual(mask('foo'));
      expect(await undecodable('{"id":"org_1"}')).toEqual(mask('id'));
      expect(await undecodable('{"foo":{"deep":[1,{"x":null}]},"display_name":"x"}')).toEqual(mask('foo'));
      // %q: Go's strconv.Quote of the name.
      expect(await undecodable('{"a\\tb\\u00a0":1}')).toEqual(
        bad('could not find field "a\\tb\\u00a0" in "scalekit.v1.organizations.UpdateOrganization"', [
          'organization.a\tb\u00a0',
          'unknown field',
          'unknown_field',
        ]),
      );
      // protojson still reads the skipped value: what it cannot read is its error, with its position.
      // protojson internal/encoding/json/decode_string.go: `invalid escape code %q in string` of the six
      // bytes after a high surrogate, quoted by strconv.Quote: printable UTF-8 kept, a cut sequence as \xNN.
      expect(await undecodable('{"foo":"\\ud800é12345"}')).toEqual(
        bad('proto: syntax error (line 1:8): invalid escape code "é1234" in string'),
      );
      expect(await undecodable('{"foo":"\\ud800abcd€"}')).toEqual(
        bad('proto: syntax error (line 1:8): invalid escape code "abcd\\xe2\\x82" in string'),
      );
    });

    it('an unknown field is dropped without a word when the query names update_mask', async () => {
      const { patch, app } = await setup();
      const res = await patch('{"display_name":"Masked","foo":1}', { query: 'update_mask=display_name' });
      expect(answer(res).status).toBe(200);
      expect(stored(app, DEV_ENV, ACME)).toMatchObject({ display_name: 'Masked' });
    });

    it('a wrong type, named by its JSON name as protojson does', async () => {
      expect(await undecodable('{"display_name":123}')).toEqual(
        bad('proto: (line 1:17): invalid value for string field displayName: 123', [
          'organization.display_name',
          'invalid value for this field',
          'type',
        ]),
      );
      expect(await undecodable('{"metadata":{"key":5}}')).toEqual(
        bad('proto: (line 1:20): invalid value for string field value: 5', [
          'organization.metadata',
          'invalid value for this field',
          'type',
        ]),
      );
      expect(await undecodable('{"metadata":["a"]}')).toEqual(
        bad('proto: syntax error (line 1:13): unexpected token [', [
          'organization.metadata',
          'invalid value for this field',
          'type',
        ]),
      );
    });

    it('a field given twice, under either name', async () => {
      expect(await undecodable('{"display_name":"a","displayName":"b"}')).toEqual(
        bad('proto: (line 1:21): duplicate field "displayName"', [
          'organization.display_name',
          'field given more than once',
          'duplicate',
        ]),
      );
    });

    it('a body that is not an object', async () => {
      expect(await undecodable('[1]')).toEqual(bad('proto: syntax error (line 1:1): unexpected token ['));
      expect(await undecodable('null')).toEqual(bad('proto: syntax error (line 1:1): unexpected token null'));
      expect(await undecodable('  "x"')).toEqual(bad('proto: syntax error (line 1:1): unexpected token "x"'));
    });

    it('malformed JSON, in Go encoding/json words', async () => {
      expect(await undecodable('{"display_name": }')).toEqual(
        bad("invalid character '}' looking for beginning of value"),
      );
      expect(await undecodable('{"display_name":"x",}')).toEqual(
        bad("invalid character '}' looking for beginning of object key string"),
      );
      expect(await undecodable("{'display_name':'x'}")).toEqual(
        bad("invalid character '\\'' looking for beginning of object key string"),
      );
      expect(await undecodable('{"display_name":"x"')).toEqual(bad('unexpected EOF'));
    });

    it('positions count lines and runes', async () => {
      expect(await undecodable('{\n  "display_name": "é",\n  "slug": 1\n}')).toEqual(
        bad('proto: (line 3:11): invalid value for string field slug: 1', [
          'organization.slug',
          'invalid value for this field',
          'type',
        ]),
      );
      expect(await undecodable('{"display_name":"éé","slug":1}')).toEqual(
        bad('proto: (line 1:29): invalid value for string field slug: 1', [
          'organization.slug',
          'invalid value for this field',
          'type',
        ]),
      );
    });

    it('bytes that are not UTF-8 in a string', async () => {
      const { call } = await make();
      const res = await call({
        method: 'PATCH',
        url: url(),
        headers: json,
        payload: Buffer.from([...Buffer.from('{"display_name":"'), 0xff, ...Buffer.from('"}')]),
      });
      expect(answer(res)).toEqual(bad('proto: syntax error (line 1:17): invalid UTF-8 in string'));
    });
  });

  describe('409 ALREADY_EXISTS', () => {
    it('an external_id or slug another org of the environment has', async () => {
      const { patch, app } = await setup();
      expect(answer(await patch('{"external_id":"my_unique_id"}', { id: GLOBEX }))).toEqual({
        status: 409,
        body: status(6, 'organization with this external_id already exists', 'ALREADY_EXISTS'),
      });
      expect(answer(await patch('{"slug":"acme"}', { id: GLOBEX }))).toEqual({
        status: 409,
        body: status(6, 'organization with this slug already exists', 'ALREADY_EXISTS'),
      });
      expect(stored(app, DEV_ENV, GLOBEX)).not.toHaveProperty('slug');
    });

    it('the same values in another environment are fine, and an org may keep its own', async () => {
      const { patch } = await setup();
      expect(answer(await patch('{"external_id":"initech","slug":"initech"}', { id: GLOBEX })).status).toBe(200);
      expect(answer(await patch('{"external_id":"my_unique_id","slug":"acme"}')).status).toBe(200);
    });

    it('only an external_id or slug that changes to a value reads the other orgs; the org itself is read once', async () => {
      const { patch, app } = await setup();
      const listOrgs = vi.spyOn(app.orgmock.store, 'listOrgs');
      const getOrg = vi.spyOn(app.orgmock.store, 'getOrg');
      for (const body of [
        '{"display_name":"Acme Two","metadata":{"tier":"gold"}}',
        '{"external_id":"my_unique_id","slug":"acme"}',
        '{"slug":""}',
      ]) {
        expect(answer(await patch(body)).status).toBe(200);
      }
      expect(listOrgs).not.toHaveBeenCalled();
      expect(getOrg).toHaveBeenCalledTimes(3);
      expect(answer(await patch('{"slug":"acme-two"}')).status).toBe(200);
      expect(listOrgs).toHaveBeenCalledTimes(1);
    });
  });

  describe('never a Fastify error body', () => {
    it('a body over 1 MiB: 413', async () => {
      const { patch } = await setup();
      const res = await patch(JSON.stringify({ display_name: 'a'.repeat(1024 * 1024) }));
      expect(answer(res)).toEqual({ status: 413, body: status(3, 'http: request body too large', 'INVALID_ARGUMENT') });
    });

    it("another method on the path: grpc-gateway's 501 Method Not Allowed", async () => {
      const { call, token } = await setup();
      const res = await call({ method: 'PUT', url: url(), headers: { ...bearer(token), ...json }, payload: '{}' });
      expect(answer(res)).toEqual({ status: 501, body: { code: 12, message: 'Method Not Allowed', details: [] } });
    });

    it("an unknown path under the API: grpc-gateway's 404", async () => {
      const { call, token } = await setup();
      const res = await call({ method: 'PATCH', url: `${url()}/extra`, headers: bearer(token), payload: '{}' });
      expect(answer(res)).toEqual({ status: 404, body: { code: 5, message: 'Not Found', details: [] } });
    });
  });
});
