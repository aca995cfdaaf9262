/**
 * Transmit reads a plain JSON body (an object or array in valid UTF-8, not
 * compressed, within json()'s limit) without running body-parser. These tests
 * hold that shortcut to the library: for any bytes and headers, what
 * `readExpressBody` answers is what body-parser itself answers, run on the same
 * bytes as NestJS runs it: the same body, or the same error in Transmit's envelope.
 */
import type { FastifyRequest } from 'fastify';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readExpressBody, withLineColumn } from '../../src/providers/transmit/express-body.js';
import { VendorError } from '../../src/providers/vendor-error.js';
import { fcOptions } from '../reliability/arbitraries.js';
import { runBodyParser } from './body-parser-reference.js';

function headersOf(raw: Buffer, contentType: string | undefined, encoding: string | undefined) {
  const headers: Record<string, string> = { host: 'localhost', 'content-length': String(raw.length) };
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (encoding !== undefined) headers['content-encoding'] = encoding;
  return headers;
}

function request(raw: Buffer, contentType: string | undefined, encoding: string | undefined): FastifyRequest {
  const headers = headersOf(raw, contentType, encoding);
  return { rawBody: raw, headers, contentType, method: 'PUT', url: '/v1/organizations/x' } as unknown as FastifyRequest;
}

/** body-parser's own answer, as Transmit sends it: the body, or its error in the vendor's envelope. */
async function libraryOutcome(raw: Buffer, contentType: string | undefined, encoding: string | undefined) {
  const answer = await runBodyParser(['json', 'form'], raw, headersOf(raw, contentType, encoding));
  if ('body' in answer) return answer;
  const message = withLineColumn(answer.message, answer.text);
  return { status: answer.status, error: { message, error_code: answer.status } };
}

/** The body, or the error's status and vendor body: what the client would see. */
async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return { body: await read() };
  } catch (err) {
    if (err instanceof VendorError) return { status: err.status, error: err.body };
    throw err;
  }
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'Application/JSON',
  'application/json;charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  undefined,
);
const encodings = fc.constantFrom(undefined, undefined, undefined, 'identity', 'gzip', 'br', 'x-unknown');
const whitespace = fc.stringMatching(/^[ \t\r\n]{0,3}$/);

/** Bytes near every edge the shortcut draws: valid JSON, broken JSON, bad UTF-8, a BOM, scalars, emptiness, size. */
const bodies = fc.oneof(
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
  fc
    .tuple(whitespace, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), whitespace)
    .map(([a, v, b]) => Buffer.from(`${a}${JSON.stringify(v)}${b}`)),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.concat([Buffer.from('{"name":"'), bytes, Buffer.from('"}')])),
  fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 20 }).map((s) => Buffer.from(`{${s}`)),
  fc.constantFrom(
    Buffer.from('\uFEFF{"name":"bom"}'),
    Buffer.from('{"name":"a"} x'),
    Buffer.from('[1,2,]'),
    Buffer.from('"just a string"'),
    Buffer.from('{"__proto__":{"x":1},"constructor":1}'),
    Buffer.alloc(0),
    Buffer.from(`{"name":"${'a'.repeat(100 * 1024 - 12)}"}`),
    Buffer.from(`{"name":"${'a'.repeat(100 * 1024 - 11)}"}`),
  ),
);

describe('Transmit plain JSON bodies', () => {
  it('answer what body-parser answers, for any bytes and headers', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, encodings, async (raw, contentType, encoding) => {
        const expected = await libraryOutcome(raw, contentType, encoding);
        expect(await outcome(() => readExpressBody(request(raw, contentType, encoding)))).toEqual(expected);
      }),
      fcOptions(400),
    );
  });

  it('the edges of the limit: 100 KiB is read, one byte more is 413', async () => {
    const fits = Buffer.from(`{"name":"${'a'.repeat(100 * 1024 - 11)}"}`);
    const over = Buffer.from(`{"name":"${'a'.repeat(100 * 1024 - 10)}"}`);
    expect(fits.length).toBe(100 * 1024);
    expect(await outcome(() => readExpressBody(request(fits, 'application/json', undefined)))).toEqual({
      body: { name: 'a'.repeat(100 * 1024 - 11) },
    });
    expect(await outcome(() => readExpressBody(request(over, 'application/json', undefined)))).toEqual({
      status: 413,
      error: { message: 'request entity too large', error_code: 413 },
    });
  });
});
