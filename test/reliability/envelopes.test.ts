import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers.js';
import { answerProblems, errorFormatProblems } from './envelopes.js';
import {
  JUNCTION,
  VENDORS,
  bearer,
  gmiSignIn,
  raziMachineToken,
  scalekitToken,
  transmitToken,
  updateRequest,
  GMI,
  RAZI,
  SCALEKIT,
  TRANSMIT,
} from './vendors.js';

const answer = (
  statusCode: number,
  body: string,
  type = 'application/json; charset=utf-8',
  headers: Record<string, string> = {},
) => ({ statusCode, body, headers: { 'content-type': type, ...headers } });

/** The envelope schemas themselves: they take every vendor's own errors, faults included, and nothing else. */
describe('error envelope checker', () => {
  const make = useApp();

  it("every named fault of every vendor is in that vendor's format", async () => {
    const { app, call } = await make();
    const credential = {
      junction: { 'x-management-key': JUNCTION.acmeKey },
      scalekit: bearer(await scalekitToken(call)),
      gmicloud: bearer((await gmiSignIn(call)).accessToken),
      razi: { ...bearer(await raziMachineToken(call)), 'x-app-name': RAZI.demo },
      transmit: bearer(await transmitToken(call)),
    };
    const org = {
      junction: JUNCTION.acme,
      scalekit: SCALEKIT.acme,
      gmicloud: GMI.org,
      razi: RAZI.acme,
      transmit: TRANSMIT.acme,
    };
    let checked = 0;
    for (const vendor of VENDORS) {
      const provider = app.orgmock.providers.find((p) => p.name === vendor)!;
      for (const error of Object.keys(provider.faults)) {
        app.orgmock.faults.add({ vendor, error, count: 1 });
        // Scalekit's OAuth fault belongs to its token endpoint, which answers in the OAuth envelope.
        const r =
          vendor === 'scalekit' && error === 'invalid-client'
            ? {
                method: 'POST' as const,
                url: '/oauth/token',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                payload: 'grant_type=client_credentials',
              }
            : updateRequest(vendor, org[vendor], credential[vendor], 'Faulted');
        const res = await app.inject(r);
        expect(res.statusCode, `${vendor} ${error}`).toBeGreaterThanOrEqual(400);
        expect(errorFormatProblems(vendor, new URL(r.url, 'http://x').pathname, res), `${vendor} ${error}`).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(VENDORS.length * 3);
  });

  it("refuses Fastify's default error body, another vendor's envelope, and 5xx answers", () => {
    const fastify = answer(400, '{"error":"Bad Request","code":"FST_ERR_BAD_URL","message":"x","statusCode":400}');
    for (const vendor of VENDORS) expect(errorFormatProblems(vendor, '/x', fastify), vendor).not.toEqual([]);
    expect(
      errorFormatProblems('razi', '/v1/authorization/organizations/1', answer(401, '{"detail":"Not authenticated"}')),
    ).not.toEqual([]);
    expect(
      errorFormatProblems(
        'transmit',
        '/v1/organizations/x',
        answer(404, '{"message":"Organization not found","error_code":400}'),
      ),
    ).not.toEqual([]);
    expect(
      errorFormatProblems('scalekit', '/api/v1/organizations/x', answer(404, '{"code":3,"message":"x","details":[]}')),
    ).not.toEqual([]);
    expect(
      errorFormatProblems('transmit', '/oidc/token', answer(401, '{"error":"invalid_client","error_description":"x"}')),
    ).toEqual([
      'OAuth error without Cache-Control: no-store in 401 {"error":"invalid_client","error_description":"x"}',
    ]);
    expect(errorFormatProblems('gmicloud', '/organizations/x', answer(400, 'Bad Request', 'text/plain'))).not.toEqual(
      [],
    );
    // Starlette's plain-text 500 is Junction's format: faults use it, and so does FastAPI when it cannot
    // write the 422 that would echo the input (NaN, a lone surrogate, ...), which a fuzzer does send.
    const plain500 = answer(500, 'Internal Server Error', 'text/plain; charset=utf-8');
    expect(errorFormatProblems('junction', '/v1/org/x', plain500)).toEqual([]);
    expect(answerProblems('junction', '/v1/org/x', plain500)).toEqual([]);
    expect(answerProblems('junction', '/v1/org/x', answer(500, '{"detail":"x"}'))).not.toEqual([]);
    expect(errorFormatProblems('razi', '/v1/authorization/organizations/1', plain500)).not.toEqual([]);
    // Transmit's 500 is by design only where class-transformer overflows: a body nested deep enough.
    const transmit500 = answer(500, '{"message":"Internal server error","error_code":500}');
    const deep = `{"name":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`;
    expect(answerProblems('transmit', '/v1/organizations/x', transmit500, deep)).toEqual([]);
    expect(answerProblems('transmit', '/v1/organizations/x', transmit500, '{"name":"x"}')).not.toEqual([]);
    expect(answerProblems('transmit', '/v1/organizations/x', transmit500, `{"a":"${'{'.repeat(3000)}"}`)).not.toEqual(
      [],
    );
    expect(answerProblems('transmit', '/v1/organizations/x', transmit500)).not.toEqual([]);
    // grpc-gateway's 501 for another method is Scalekit's by design.
    expect(
      answerProblems(
        'scalekit',
        '/api/v1/organizations/x',
        answer(501, '{"code":12,"message":"Method Not Allowed","details":[]}'),
      ),
    ).toEqual([]);
  });
});
