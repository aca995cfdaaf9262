/**
 * Transmit's request bodies go through Express's own body-parser (2.4, as a
 * NestJS 11.2 app on Express 5.2 gets it), so the expected texts below are the
 * library's; `bodyParser` itself is also run here on the same bytes, to show
 * the answer is its answer.
 */
import { gzipSync, deflateSync } from 'node:zlib';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import { ACME, NOW, ORG, accessToken } from './fixtures.js';
import { runBodyParser } from './body-parser-reference.js';

const URL = `/v1/organizations/${ORG}`;

/** What body-parser itself makes of these bytes and headers (the reference). */
async function reference(type: 'json' | 'form', raw: Buffer, headers: Record<string, string>) {
  const answer = await runBodyParser([type], raw, headers);
  return 'body' in answer ? { body: answer.body } : { status: answer.status, message: answer.message };
}

describe('Transmit bodies, read by body-parser', () => {
  const make = useApp();

  async function setup() {
    const made = await make();
    const token = await accessToken(made.call);
    const put = (payload: Buffer | string, headers: Record<string, string>) =>
      made.call({
        method: 'PUT',
        url: URL,
        headers: { authorization: `Bearer ${token}`, ...headers },
        payload,
      } as InjectOptions);
    return { ...made, put };
  }

  it('charset=utf8 (no dash) is not a charset json() reads: 415, in the envelope with one message', async () => {
    const { put } = await setup();
    const headers = { 'content-type': 'application/json; charset=utf8' };
    const raw = Buffer.from('{"name":"x"}');
    expect(await reference('json', raw, headers)).toEqual({ status: 415, message: 'unsupported charset "UTF8"' });
    expect(answer(await put(raw, headers))).toEqual({
      status: 415,
      body: { message: 'unsupported charset "UTF8"', error_code: 415 },
    });
  });

  it('UTF-16 without a byte order mark is read in the order its bytes say (iconv-lite), big-endian too', async () => {
    const { put } = await setup();
    const text = '{"name":"Ünïcode"}';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const raw of [le, be]) {
      const res = await put(raw, { 'content-type': 'application/json; charset=utf-16' });
      expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, name: 'Ünïcode', updated_at: NOW } } });
    }
  });

  it('Content-Encoding gzip and deflate are inflated; an unknown one is 415', async () => {
    const { put } = await setup();
    const json = { 'content-type': 'application/json' };
    const gz = await put(gzipSync('{"name":"Zipped"}'), { ...json, 'content-encoding': 'gzip' });
    expect(answer(gz).body).toEqual({ result: { ...ACME, name: 'Zipped', updated_at: NOW } });
    const df = await put(deflateSync('{"name":"Deflated"}'), { ...json, 'content-encoding': 'deflate' });
    expect(answer(df).body).toEqual({ result: { ...ACME, name: 'Deflated', updated_at: NOW } });
    const headers = { ...json, 'content-encoding': 'foo' };
    expect(await reference('json', Buffer.from('{}'), headers)).toEqual({
      status: 415,
      message: 'unsupported content encoding "foo"',
    });
    expect(answer(await put('{}', headers))).toEqual({
      status: 415,
      body: { message: 'unsupported content encoding "foo"', error_code: 415 },
    });
  });

  it('the 100kb limit applies to the inflated body', async () => {
    const { put } = await setup();
    const big = JSON.stringify({ name: 'x'.repeat(200 * 1024) });
    const res = await put(gzipSync(big), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer(res)).toEqual({ status: 413, body: { message: 'request entity too large', error_code: 413 } });
  });

  describe('forms, as qs parses them', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };

    it('indexes in any order build the array in index order', async () => {
      const { put } = await setup();
      const res = await put('domains[1]=b.com&domains[0]=a.com', form);
      expect(answer(res).body).toEqual({ result: { ...ACME, domains: ['a.com', 'b.com'], updated_at: NOW } });
    });

    it('an index above the arrayLimit body-parser gives qs (max(100, parameters): urlencoded.js line 95) makes an object, which is no array', async () => {
      const { put } = await setup();
      const raw = Buffer.from('domains[101]=a.com');
      expect(await reference('form', raw, form)).toEqual({ body: { domains: { 101: 'a.com' } } });
      expect(answer(await put(raw, form))).toEqual({
        status: 400,
        body: { message: ['each value in domains must be a string', 'domains must be an array'], error_code: 400 },
      });
    });

    it('more than 1,000 parameters: 413 too many parameters', async () => {
      const { put } = await setup();
      const raw = Array.from({ length: 1001 }, (_, i) => `k${i}=v`).join('&');
      expect(await reference('form', Buffer.from(raw), form)).toEqual({ status: 413, message: 'too many parameters' });
      expect(answer(await put(raw, form))).toEqual({
        status: 413,
        body: { message: 'too many parameters', error_code: 413 },
      });
    });

    it('nesting deeper than qs’s depth (32, strictDepth) is refused as body-parser refuses it', async () => {
      const { put } = await setup();
      const raw = Buffer.from(`name${'[a]'.repeat(40)}=x`);
      const ref = await reference('form', raw, form);
      expect(ref.status).toBe(400);
      expect(answer(await put(raw, form))).toEqual({ status: 400, body: { message: ref.message, error_code: 400 } });
    });

    it('[]=x and other odd keys go where qs puts them', async () => {
      const { put } = await setup();
      const raw = Buffer.from('[]=x&name=Odd');
      const ref = await reference('form', raw, form);
      const keys = Object.keys((ref as { body: object }).body).filter((k) => k !== 'name');
      const res = await put(raw, form);
      expect(answer(res).body).toEqual(
        keys.length === 0
          ? { result: { ...ACME, name: 'Odd', updated_at: NOW } }
          : { message: keys.map((k) => `property ${k} should not exist`), error_code: 400 },
      );
    });
  });

  it('a 2 MB body of a type no parser reads is never read: 200, nothing changes', async () => {
    const { put } = await setup();
    const res = await put('x'.repeat(2 * 1024 * 1024), { 'content-type': 'text/plain' });
    expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, updated_at: NOW } } });
  });

  it('NestJS 11.2 strips __proto__, prototype and constructor before validating (stripProtoKeys)', async () => {
    const { put } = await setup();
    const res = await put('{"prototype":{"x":1},"constructor":"c","__proto__":{"y":2},"name":"Clean"}', {
      'content-type': 'application/json',
    });
    expect(answer(res)).toEqual({ status: 200, body: { result: { ...ACME, name: 'Clean', updated_at: NOW } } });
  });

  it('nesting deep enough to overflow class-transformer is the vendor’s 500', async () => {
    const { put } = await setup();
    const deep = `{"name":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`;
    expect(answer(await put(deep, { 'content-type': 'application/json' }))).toEqual({
      status: 500,
      body: { message: 'Internal server error', error_code: 500 },
    });
    // Shallower, it is only a validation error.
    const shallow = `{"name":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}`;
    expect(answer(await put(shallow, { 'content-type': 'application/json' }))).toEqual({
      status: 400,
      body: { message: ['name must be a string'], error_code: 400 },
    });
  });
});
