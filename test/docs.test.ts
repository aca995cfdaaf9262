import { describe, expect, it } from 'vitest';
import { answer, useApp } from './helpers.js';

describe('/__admin/docs, loaded on first use', () => {
  const make = useApp();

  it("serves Swagger UI's files and its copy of the document, which is /__admin/openapi.json", async () => {
    const { call } = await make();
    const script = await call({ method: 'GET', url: '/__admin/docs/static/swagger-ui-bundle.js' });
    expect([script.statusCode, script.headers['content-type']]).toEqual([200, 'application/javascript; charset=utf-8']);
    expect(Number(script.headers['content-length'])).toBe(script.rawPayload.length);
    const doc = answer(await call({ method: 'GET', url: '/__admin/openapi.json' }));
    expect(answer(await call({ method: 'GET', url: '/__admin/docs/json' }))).toEqual(doc);
  });

  it('a file Swagger UI does not have is the admin 404', async () => {
    const { call } = await make();
    expect(answer(await call({ method: 'GET', url: '/__admin/docs/static/nope.js' }))).toEqual({
      status: 404,
      body: {
        statusCode: 404,
        code: 'ORGMOCK_NOT_FOUND',
        error: 'Not Found',
        message: 'orgmock serves no route GET /__admin/docs/static/nope.js',
      },
    });
  });
});
