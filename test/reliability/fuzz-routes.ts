import fc from 'fast-check';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  METHODS,
  anyValue,
  authorizationArb,
  bodyArb,
  fcOptions,
  headerValue,
  headersArb,
  idArb,
  queryArb,
  type BodyCase,
  type BodySpec,
} from './arbitraries.js';
import { answerProblems } from './envelopes.js';
import { pollutionProblems, prototypeSnapshot, storeWatch } from './invariants.js';
import {
  GMI,
  JUNCTION,
  RAZI,
  SCALEKIT,
  TRANSMIT,
  bearer,
  gmiSignIn,
  raziMachineToken,
  raziSignIn,
  scalekitToken,
  transmitToken,
  type Call,
  type Headers,
  type Vendor,
} from './vendors.js';

/** One route to fuzz: how its requests are made, and whether a 2xx may write. */
export interface FuzzRoute {
  vendor: Vendor;
  name: string;
  method: string;
  /** Other methods to send now and then; never one that deletes what the other runs need. */
  otherMethods: readonly string[];
  path: fc.Arbitrary<string>;
  headers: fc.Arbitrary<Headers>;
  body: fc.Arbitrary<BodyCase>;
  /** An update or a sign-up may change the store when it succeeds; a token endpoint never does. */
  writes: boolean;
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Headers;
  body: BodyCase;
}

function requestArb(route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  const method =
    route.otherMethods.length === 0
      ? fc.constant(route.method)
      : fc.oneof(
          { weight: 12, arbitrary: fc.constant(route.method) },
          { weight: 1, arbitrary: fc.constantFrom(...route.otherMethods) },
        );
  return fc.record({ method, url: route.path, headers: route.headers, body: route.body });
}

/**
 * Sends `numRuns` generated requests to one route of `app` and checks each
 * answer: a 2xx or the vendor's error format (never a 5xx), the store unchanged
 * by every refusal (and by every token request), no prototype touched. At the
 * end the journal, which holds all of those bodies, must still be listable.
 */
export async function fuzz(app: FastifyInstance, route: FuzzRoute, numRuns: number): Promise<void> {
  const prototypes = prototypeSnapshot();
  const store = storeWatch(app);
  // ORGMOCK_FUZZ_STATS=1 prints how the answers spread, to see that the generators reach past the first check.
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(requestArb(route), async (r) => {
      const before = store.current();
      const res = await app.inject({
        method: r.method as 'GET',
        url: r.url,
        headers: { ...r.headers, ...(r.body.contentType === undefined ? {} : { 'content-type': r.body.contentType }) },
        ...(r.body.payload === undefined ? {} : { payload: r.body.payload }),
      });
      const path = new URL(r.url, 'http://x').pathname;
      const label = res.statusCode < 300 ? String(res.statusCode) : `${res.statusCode} ${res.body.slice(0, 70)}`;
      seen.set(label, (seen.get(label) ?? 0) + 1);
      expect(
        answerProblems(route.vendor, path, res, r.body.payload),
        `${r.method} ${r.url.slice(0, 200)} (${r.body.kind})`,
      ).toEqual([]);
      if (res.statusCode >= 300 || !route.writes)
        expect(store.current(), `${res.statusCode} ${res.body.slice(0, 200)}`).toBe(before);
      expect(pollutionProblems(prototypes)).toEqual([]);
    }),
    fcOptions(numRuns),
  );
  if (process.env.ORGMOCK_FUZZ_STATS) {
    console.log(
      `${route.vendor} ${route.name}:\n${[...seen]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `  ${n}\t${k}`)
        .join('\n')}`,
    );
  }
  const journal = await app.inject({ method: 'GET', url: '/__admin/requests' });
  expect(journal.statusCode).toBe(200);
  expect(Array.isArray(JSON.parse(journal.body).requests)).toBe(true);
}

const maybe = <T>(valid: fc.Arbitrary<T>, weight = 4) =>
  fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
const path = (prefix: string, ids: readonly string[]) =>
  fc.tuple(idArb(ids), queryArb).map(([id, q]) => `${prefix}${id}${q}`);
const UUID_SHAPED = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Each vendor's update route, with credentials from its own login chain. */
export async function updateRoute(vendor: Vendor, call: Call): Promise<FuzzRoute> {
  const base = { vendor, name: 'update', writes: true } as const;
  const json = (valid: BodySpec['valid'], fields: BodySpec['fields']) => bodyArb({ encoding: 'json', valid, fields });
  switch (vendor) {
    case 'junction': {
      const ids = [
        JUNCTION.acme,
        JUNCTION.globex,
        JUNCTION.acme.replaceAll('-', ''),
        `{${JUNCTION.acme}}`,
        `urn:uuid:${JUNCTION.acme}`,
      ];
      const key = fc.oneof(fc.constantFrom(JUNCTION.acmeKey, JUNCTION.globexKey, ''), headerValue);
      return {
        ...base,
        method: 'PATCH',
        otherMethods: METHODS,
        path: path('/v1/org/', ids),
        headers: headersArb({
          credentials: [{ 'x-management-key': JUNCTION.acmeKey }, { 'x-vital-org-key': JUNCTION.globexKey }],
          vendorHeaders: { 'x-management-key': key, 'x-vital-org-key': key },
        }),
        body: json(fc.record({ name: fc.stringMatching(/^[A-Za-z0-9 ()',&_-]{0,80}$/) }), {
          name: maybe(fc.string({ maxLength: 90 })),
        }),
      };
    }
    case 'scalekit': {
      const tokens = [await scalekitToken(call, SCALEKIT.dev), await scalekitToken(call, SCALEKIT.other)];
      const text = (min: number, max: number) => maybe(fc.string({ minLength: min, maxLength: max }));
      return {
        ...base,
        method: 'PATCH',
        otherMethods: ['GET', 'PUT', 'POST'],
        // UUID-shaped ids under /api/v1/organizations are GMI Cloud's (src/providers/gmicloud/paths.ts).
        path: path('/api/v1/organizations/', [SCALEKIT.acme, SCALEKIT.globex, SCALEKIT.initech]).filter(
          (p) => !UUID_SHAPED.test(safeDecode(p.split('/').pop()!.split('?')[0]!)),
        ),
        headers: headersArb({
          credentials: tokens.map(bearer),
          vendorHeaders: { authorization: authorizationArb(tokens) },
        }),
        body: json(
          fc.record(
            {
              display_name: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ''),
              metadata: fc.dictionary(fc.stringMatching(/^[a-z]{3,10}$/), fc.string({ minLength: 1, maxLength: 20 }), {
                maxKeys: 3,
              }),
            },
            { requiredKeys: ['display_name'] },
          ),
          {
            display_name: text(1, 60),
            displayName: text(1, 60),
            external_id: text(0, 20),
            externalId: text(0, 20),
            metadata: maybe(
              fc.dictionary(fc.string({ minLength: 3, maxLength: 25 }), fc.string({ minLength: 1, maxLength: 40 }), {
                maxKeys: 10,
              }),
            ),
            slug: maybe(fc.stringMatching(/^[a-z0-9-]{0,30}$/)),
            logo_url: maybe(fc.constantFrom('https://cdn.example.com/l.png', '', 'http://x')),
            logoUrl: text(0, 30),
            region_code: anyValue,
            id: anyValue,
          },
        ),
      };
    }
    case 'gmicloud': {
      const member = await gmiSignIn(call, GMI.member);
      const owner = await gmiSignIn(call, GMI.owner);
      const tokens = [owner.accessToken, member.accessToken, owner.refreshToken, owner.authToken];
      return {
        ...base,
        method: 'PATCH',
        otherMethods: METHODS,
        path: fc.oneof(
          { weight: 4, arbitrary: path('/organizations/', [GMI.org]) },
          { weight: 1, arbitrary: fc.constant(`/api/v1/organizations/${GMI.org}`) },
        ),
        headers: headersArb({
          credentials: [bearer(owner.accessToken), bearer(member.accessToken)],
          vendorHeaders: { authorization: authorizationArb(tokens) },
        }),
        body: json(fc.record({ name: fc.string({ minLength: 1, maxLength: 60 }) }), {
          name: maybe(fc.string({ maxLength: 60 })),
        }),
      };
    }
    case 'razi': {
      const machine = await raziMachineToken(call);
      const session = await raziSignIn(call, RAZI.owner);
      const member = await raziSignIn(call, RAZI.member);
      const other = await raziMachineToken(call, RAZI.other, RAZI.otherMachine);
      const app = fc.oneof(
        { weight: 6, arbitrary: fc.constant(RAZI.demo) },
        { weight: 1, arbitrary: fc.constantFrom(RAZI.other, '', 'ORGMOCK-DEMO') },
        { weight: 1, arbitrary: headerValue },
      );
      return {
        ...base,
        method: 'PATCH',
        otherMethods: METHODS,
        path: path('/v1/authorization/organizations/', [RAZI.acme, RAZI.globex]),
        headers: headersArb({
          credentials: [
            bearer(machine),
            bearer(session.token),
            { cookie: session.cookie },
            bearer(member.token),
            bearer(other),
          ],
          vendorHeaders: {
            'x-app-name': app,
            authorization: authorizationArb([machine, session.token, other]),
            cookie: fc.oneof(
              fc.constant(session.cookie),
              headerValue.map((v) => `session-token=${v}`),
              headerValue,
            ),
          },
        }),
        body: json(
          fc.record({
            metadata: fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 40 }), {
              maxKeys: 5,
            }),
          }),
          {
            metadata: maybe(fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }), { maxKeys: 5 })),
          },
        ),
      };
    }
    case 'transmit': {
      const admin = await transmitToken(call, TRANSMIT.admin);
      const reader = await transmitToken(call, TRANSMIT.reader);
      const text = maybe(fc.string({ maxLength: 40 }));
      return {
        ...base,
        method: 'PUT',
        otherMethods: METHODS,
        path: fc.tuple(fc.constantFrom('', '/cis'), path('/v1/organizations/', [TRANSMIT.acme])).map(([b, p]) => b + p),
        headers: headersArb({
          credentials: [bearer(admin), bearer(reader)],
          vendorHeaders: { authorization: authorizationArb([admin, reader]) },
        }),
        body: json(
          fc.record(
            { name: fc.string(), domains: fc.array(fc.domain(), { maxLength: 3 }), enabled: fc.boolean() },
            { requiredKeys: [] },
          ),
          {
            name: text,
            domains: maybe(fc.array(fc.domain(), { maxLength: 3 })),
            enabled: maybe(fc.boolean()),
            alias_name: text,
            domain: text,
            organization_id: anyValue,
            logo_url: anyValue,
          },
        ),
      };
    }
  }
}

/** Each vendor's token and sign-in endpoints (Junction has none: its keys are issued in a dashboard). */
export async function tokenRoutes(vendor: Vendor, call: Call): Promise<FuzzRoute[]> {
  const base = { vendor, otherMethods: METHODS, writes: false } as const;
  const at = (url: string) => fc.tuple(fc.constant(url), queryArb).map(([u, q]) => u + q);
  const json = (valid: BodySpec['valid'], fields: BodySpec['fields']) => bodyArb({ encoding: 'json', valid, fields });
  const form = (valid: BodySpec['valid'], fields: BodySpec['fields']) => bodyArb({ encoding: 'form', valid, fields });
  switch (vendor) {
    case 'junction':
      return [];
    case 'scalekit': {
      const clients = [SCALEKIT.dev, SCALEKIT.other];
      const basic = Buffer.from(`${SCALEKIT.dev.clientId}:${SCALEKIT.dev.secret}`).toString('base64');
      return [
        {
          ...base,
          name: 'POST /oauth/token',
          method: 'POST',
          path: at('/oauth/token'),
          headers: headersArb({
            credentials: [],
            vendorHeaders: { authorization: fc.oneof(fc.constant(`Basic ${basic}`), authorizationArb([])) },
          }),
          body: form(
            fc
              .constantFrom(...clients)
              .map((c) => ({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.secret })),
            {
              grant_type: maybe(fc.constant('client_credentials'), 8),
              client_id: maybe(fc.constantFrom(...clients.map((c) => c.clientId)), 8),
              client_secret: maybe(fc.constantFrom(...clients.map((c) => c.secret)), 8),
              scope: maybe(fc.constant('openid profile')),
            },
          ),
        },
      ];
    }
    case 'gmicloud': {
      const session = await gmiSignIn(call, GMI.owner);
      const clientId = fc.oneof(
        { weight: 6, arbitrary: fc.constant(GMI.clientId) },
        { weight: 1, arbitrary: headerValue },
      );
      const tokens = fc.constantFrom(session.authToken, session.refreshToken, session.accessToken);
      const users = [GMI.owner, GMI.member, GMI.outsider];
      return [
        {
          ...base,
          name: 'POST /me/auth-tokens',
          method: 'POST',
          path: fc.constantFrom('/me/auth-tokens', '/api/v1/me/auth-tokens'),
          headers: headersArb({ credentials: [], vendorHeaders: {} }),
          body: json(
            fc.constantFrom(...users).map((u) => ({ ...u }) as Record<string, unknown>),
            {
              email: maybe(fc.constantFrom(...users.map((u) => u.email), 'OWNER@gmi.example')),
              password: maybe(fc.constantFrom(...users.map((u) => u.password))),
            },
          ),
        },
        {
          ...base,
          name: 'POST /me/sessions',
          method: 'POST',
          path: at('/me/sessions'),
          headers: headersArb({
            credentials: [{ 'ce-clientid': GMI.clientId }],
            vendorHeaders: { 'ce-clientid': clientId },
          }),
          body: json(fc.constant({ authToken: session.authToken }), {
            authToken: maybe(tokens),
            otpCode: maybe(fc.stringMatching(/^\d{0,8}$/)),
            type: anyValue,
          }),
        },
        {
          ...base,
          name: 'PATCH /me/sessions',
          method: 'PATCH',
          path: at('/me/sessions'),
          headers: headersArb({
            credentials: [{ 'ce-clientid': GMI.clientId }],
            vendorHeaders: { 'ce-clientid': clientId },
          }),
          body: json(fc.constant({ refreshToken: session.refreshToken }), { refreshToken: maybe(tokens) }),
        },
      ];
    }
    case 'razi': {
      const app = {
        'x-app-name': fc.oneof(
          { weight: 6, arbitrary: fc.constant(RAZI.demo) },
          { weight: 1, arbitrary: fc.constantFrom(RAZI.other, '') },
          { weight: 1, arbitrary: headerValue },
        ),
      };
      const headers = headersArb({ credentials: [{ 'x-app-name': RAZI.demo }], vendorHeaders: app });
      const users = [RAZI.owner, RAZI.manager, RAZI.member];
      const email = maybe(
        fc.oneof(fc.constantFrom(...users.map((u) => u.email), 'OWNER@RAZI.EXAMPLE'), fc.emailAddress()),
      );
      return [
        {
          ...base,
          name: 'POST machine-users/access-token',
          method: 'POST',
          path: at('/v1/authentication/machine-users/access-token'),
          headers,
          body: json(fc.constant({ ...RAZI.machine }), {
            clientId: maybe(fc.constantFrom(RAZI.machine.clientId, RAZI.otherMachine.clientId)),
            clientSecret: maybe(fc.constantFrom(RAZI.machine.clientSecret, RAZI.otherMachine.clientSecret)),
          }),
        },
        {
          ...base,
          name: 'POST sessions (sign-in)',
          method: 'POST',
          path: at('/v1/authentication/sessions'),
          headers,
          body: json(
            fc.constantFrom(...users).map((u) => ({ ...u }) as Record<string, unknown>),
            {
              email,
              password: maybe(fc.constantFrom(...users.map((u) => u.password))),
            },
          ),
        },
        {
          ...base,
          name: 'POST users (sign-up)',
          method: 'POST',
          path: at('/v1/authentication/users'),
          headers,
          writes: true,
          body: json(
            fc.record({
              email: fc.emailAddress(),
              password: fc.string({ minLength: 8, maxLength: 20 }),
              firstName: fc.string(),
            }),
            {
              email,
              password: maybe(fc.string({ minLength: 8, maxLength: 20 })),
              firstName: maybe(fc.string()),
              lastName: maybe(fc.string()),
              phoneNumber: maybe(fc.string()),
              verificationUrl: maybe(fc.webUrl()),
              orgId: anyValue,
              metadata: maybe(
                fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
              ),
            },
          ),
        },
      ];
    }
    case 'transmit': {
      const apps = [TRANSMIT.admin, TRANSMIT.reader];
      const basic = Buffer.from(`${TRANSMIT.admin.client_id}:${TRANSMIT.admin.client_secret}`).toString('base64');
      return [
        {
          ...base,
          name: 'POST /oidc/token',
          method: 'POST',
          path: fc.tuple(fc.constantFrom('/oidc/token', '/cis/oidc/token'), queryArb).map(([u, q]) => u + q),
          headers: headersArb({
            credentials: [],
            vendorHeaders: { authorization: fc.oneof(fc.constant(`Basic ${basic}`), authorizationArb([])) },
          }),
          body: form(
            fc
              .constantFrom(...apps)
              .map((a) => ({ ...a, grant_type: 'client_credentials' }) as Record<string, unknown>),
            {
              grant_type: maybe(fc.constantFrom('client_credentials', 'authorization_code'), 8),
              client_id: maybe(fc.constantFrom(...apps.map((a) => a.client_id)), 8),
              client_secret: maybe(fc.constantFrom(...apps.map((a) => a.client_secret)), 8),
              resource: maybe(fc.constantFrom('https://api.example.com', 'not a uri', 'https://x#frag')),
              scope: anyValue,
            },
          ),
        },
      ];
    }
  }
}
