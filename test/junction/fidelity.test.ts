import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers.js';
import { pythonFloatRepr } from '../../src/providers/junction/python-value.js';

/**
 * Junction's stack, one generation: FastAPI 0.131 (0.122-0.131: APIKeyHeader's 401, JSON read without a
 * Content-Type), Starlette 0.47-0.5x, pydantic 2.12 / pydantic-core 2.41.5 (uuid crate 1.18.1), CPython 3.13.
 * Expected bytes were produced by CPython 3.13.0 (`json.loads`, then `json.dumps(..., ensure_ascii=False,
 * allow_nan=False, separators=(",", ":"))` as Starlette's JSONResponse.render does, starlette/responses.py
 * 0.47.3 lines 192-199) and FastAPI's own source:
 * - fastapi/encoders.py (0.131.0): jsonable_encoder drops dict keys starting with "_sa" (lines 264-297),
 *   recurses once per level (lists line 299), writes bytes with `o.decode()` (line 69);
 * - fastapi/routing.py (0.131.0) lines 368-407: how the body is read, json_invalid, the 400;
 * - Lib/email/message.py (3.13) get_content_type / _splitparam: how the Content-Type is read.
 */
const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const KEY = 'mk_test_acme_health';
const json = { 'content-type': 'application/json' };

const detail = (...errors: string[]) => `{"detail":[${errors.join(',')}]}`;
const stringType = (input: string) =>
  `{"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string","input":${input}}`;
const missingName = (input: string) =>
  `{"type":"missing","loc":["body","name"],"msg":"Field required","input":${input}}`;
const extra = (key: string, input: string) =>
  `{"type":"extra_forbidden","loc":["body",${JSON.stringify(key)}],"msg":"Extra inputs are not permitted","input":${input}}`;
const notObject = (input: string) =>
  `{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":${input}}`;

describe('Junction: what FastAPI writes back, and where it cannot', () => {
  const make = useApp();
  // One app per test: a refused request writes nothing, so the answers do not depend on each other.
  let current: { test: unknown; call: Awaited<ReturnType<typeof make>>['call'] } | undefined;
  async function send(payload: string | Buffer, headers: Record<string, string | string[]> = json) {
    const test = expect.getState().currentTestName;
    let entry = current;
    if (!entry || entry.test !== test) {
      entry = { test, call: (await make()).call };
      current = entry;
    }
    const res = await entry.call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { 'x-management-key': KEY, ...headers },
      payload,
    });
    // The media type: Fastify adds `; charset=utf-8` where Starlette writes `application/json` alone.
    return { status: res.statusCode, type: String(res.headers['content-type']).split(';')[0], body: res.body };
  }
  const internal = { status: 500, type: 'text/plain', body: 'Internal Server Error' };
  const unprocessable = (body: string) => ({ status: 422, type: 'application/json', body });

  it('echoes numbers as Python writes them: floats stay floats, ints exact at any size', async () => {
    const cases: [string, string][] = [
      ['1.0', '1.0'],
      ['100000.0', '100000.0'],
      ['1E5', '100000.0'],
      ['-0.0', '-0.0'],
      ['-0', '0'],
      ['0.000025', '2.5e-05'],
      ['1e16', '1e+16'],
      ['12345678901234567890', '12345678901234567890'],
      ['[1.5e300, 5e-324, 0.1, 1e-400]', '[1.5e+300,5e-324,0.1,0.0]'],
    ];
    for (const [sent, echoed] of cases) {
      expect(await send(`{"name": ${sent}}`)).toEqual(unprocessable(detail(stringType(echoed))));
    }
    const digits = `-${'7'.repeat(4300)}`; // sys.int_info.default_max_str_digits: still an int
    expect(await send(`{"name": ${digits}}`)).toEqual(unprocessable(detail(stringType(digits))));
  });

  it("float repr: CPython's shortest repr, fixed between 1e-4 and 1e16", () => {
    // repr() of each, from CPython 3.13.0
    const reprs: [number, string][] = [
      [1e15, '1000000000000000.0'],
      [1e16, '1e+16'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [123456789012345680, '1.2345678901234568e+17'],
      [0.1 + 0.2, '0.30000000000000004'],
      [-1e-7, '-1e-07'],
      [5e-324, '5e-324'],
    ];
    for (const [x, repr] of reprs) expect(pythonFloatRepr(x)).toBe(repr);
  });

  it('keeps the key order sent, drops keys starting with _sa from echoed dicts (not from the errors)', async () => {
    expect(await send('{"b": 1, "0": 2, "_sa": 3, "_sa_y": {"_sab": 1, "k": 2}}')).toEqual(
      unprocessable(
        detail(
          missingName('{"b":1,"0":2}'),
          extra('b', '1'),
          extra('0', '2'),
          extra('_sa', '3'),
          extra('_sa_y', '{"k":2}'),
        ),
      ),
    );
    // A repeated key keeps its first place and its last value, as a dict does.
    expect(await send('{"x": NaN, "name": "ok", "x": 1}')).toEqual(unprocessable(detail(extra('x', '1'))));
  });

  it('NaN, Infinity, 1e400 and lone surrogates cannot be written: 500 plain text (allow_nan=False, encode("utf-8"))', async () => {
    for (const body of [
      '{"name": NaN}',
      '{"name": Infinity}',
      '{"name": -Infinity}',
      '{"name": 1e400}',
      '{"name": [1, -1e400]}',
      '{"name": "\\ud800"}',
      '{"name": "a\\udfff"}',
      '{"name": "ok", "x": {"y": [NaN]}}',
      '{"name": "ok", "\\udc00": 1}',
      '{"other": "\\ud83d"}',
      '[NaN]',
    ]) {
      expect(await send(body)).toEqual(internal);
    }
    // A surrogate pair is one character, written as it is.
    expect(await send('{"name": ["\\ud83d\\ude00"]}')).toEqual(unprocessable(detail(stringType('["😀"]'))));
  });

  // jsonable_encoder takes one Python frame per level of the echoed input, over the ~30 frames uvicorn,
  // Starlette and FastAPI already hold (python-value.ts SERVER_FRAMES, an estimate), against Python's
  // recursion limit of 1000; json.loads goes deeper, to the C recursion limit (CPython 3.13.0 decodes 9998
  // levels from a script; orgmock takes 9970 under the server's own C levels).
  it('nesting: 422 while jsonable_encoder fits in the recursion limit, then 500, then 400 once json.loads gives up', async () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect((await send(nested(900))).status).toBe(422);
    expect((await send(nested(968))).status).toBe(422);
    for (const n of [969, 1000, 4100, 5000, 7900, 9970]) expect(await send(nested(n))).toEqual(internal);
    const unreadable = {
      status: 400,
      type: 'application/json',
      body: '{"detail":"There was an error parsing the body"}',
    };
    for (const n of [9971, 20000, 200000]) expect(await send(nested(n))).toEqual(unreadable);
    const dicts = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    // The innermost int is one more call than an empty innermost list.
    expect((await send(dicts(967))).status).toBe(422);
    expect(await send(dicts(968))).toEqual(internal);
    expect((await send(dicts(50000))).status).toBe(400);
  });

  it('the journal shows a deep request and its answer', async () => {
    const { call } = await make();
    for (const n of [968, 5000, 100000]) {
      await call({
        method: 'PATCH',
        url: `/v1/org/${ACME}`,
        headers: { 'x-management-key': KEY, ...json },
        payload: `${'['.repeat(n)}${']'.repeat(n)}`,
      });
    }
    const res = await call({ method: 'GET', url: '/__admin/requests?vendor=junction' });
    expect(res.statusCode).toBe(200);
    expect(res.json().requests.map((e: { status: number }) => e.status)).toEqual([422, 500, 400]);
  });

  it('a body FastAPI hands pydantic as bytes: echoed when it is UTF-8, a 500 when it is not (bytes.decode())', async () => {
    const text = { 'content-type': 'text/plain' };
    expect(await send('{"name":"x"}', text)).toEqual(unprocessable(detail(notObject('"{\\"name\\":\\"x\\"}"'))));
    expect(await send(Buffer.from([0x7b, 0xff, 0x7d]), text)).toEqual(internal);
    expect(await send(Buffer.from([0xed, 0xa0, 0x80]), text)).toEqual(internal);
  });

  it('reads the Content-Type as email.message does', async () => {
    const ok = { status: 200 };
    const sendType = async (type: string) =>
      (await send('{"name":"Acme"}', { 'content-type': type })).status === 200 ? ok : { status: 422 };
    for (const type of [
      'application/json',
      ' APPLICATION/JSON ; charset=utf-8',
      'application/vnd.api+json',
      'application/json\x1c',
    ])
      expect(await sendType(type)).toEqual(ok);
    for (const type of ['application/x/+json', 'json', 'text/json', 'application/jsonx', 'application/json+x'])
      expect(await sendType(type)).toEqual({ status: 422 });
  });

  it('FastAPI before 0.132: a body without a Content-Type, or with an empty one, is read as JSON', async () => {
    const { call } = await make();
    for (const headers of [{}, { 'content-type': '' }]) {
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${ACME}`,
        headers: { 'x-management-key': KEY, ...headers },
        payload: Buffer.from('{"name":"No type"}'),
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it("json.loads in CPython 3.13's words: a trailing comma is named, at the comma", async () => {
    const jsonInvalid = (pos: number, error: string) =>
      `{"type":"json_invalid","loc":["body",${pos}],"msg":"JSON decode error","input":{},"ctx":{"error":"${error}"}}`;
    expect(await send('{"name": "x",}')).toEqual(
      unprocessable(detail(jsonInvalid(12, 'Illegal trailing comma before end of object'))),
    );
    expect(await send('{"name": ["x" , ]}')).toEqual(
      unprocessable(detail(jsonInvalid(14, 'Illegal trailing comma before end of array'))),
    );
  });

  it('a repeated X-Management-Key: the first line counts (Starlette Headers.__getitem__)', async () => {
    const twice = (keys: string[]) => send('{"name":"Twice"}', { ...json, 'x-management-key': keys });
    expect((await twice([KEY, 'mk_wrong'])).status).toBe(200);
    expect(await twice(['mk_wrong', KEY])).toEqual({
      status: 401,
      type: 'application/json',
      body: '{"detail":"Invalid management key"}',
    });
  });
});
