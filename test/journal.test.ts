import { describe, expect, it } from 'vitest';
import { Journal } from '../src/admin/journal.js';
import { Masking } from '../src/admin/mask.js';
import { providers } from '../src/providers/index.js';
import { RequestRing, type RecordedRequest } from '../src/admin/journal-store.js';

const entry = (n: number) => ({
  time: Date.parse('2026-01-01T00:00:00.000Z') + n,
  vendor: n % 2 ? 'odd' : 'even',
  method: 'PATCH',
  path: `/p/${n}`,
  status: 200,
  durationMs: 1,
  requestHeaders: {},
  requestContentType: 'application/json',
  requestBody: Buffer.from(`{"n":${n}}`),
  responseBody: '{}',
});

describe('Journal', () => {
  it('keeps the last `limit` entries, oldest first, once it has wrapped around several times', () => {
    const journal = new Journal(3);
    for (let n = 1; n <= 8; n++) journal.record(entry(n));
    expect(journal.size).toBe(3);
    expect(journal.list().map((e) => [e.id, e.path, e.requestBody])).toEqual([
      [6, '/p/6', { n: 6 }],
      [7, '/p/7', { n: 7 }],
      [8, '/p/8', { n: 8 }],
    ]);
    expect(journal.list({ vendor: 'odd' }).map((e) => e.id)).toEqual([7]);
  });

  it('starts empty again after clear, and ids keep growing', () => {
    const journal = new Journal(2);
    for (let n = 1; n <= 3; n++) journal.record(entry(n));
    journal.clear();
    expect(journal.list()).toEqual([]);
    journal.record(entry(4));
    expect(journal.list().map((e) => e.id)).toEqual([4]);
  });

  it('stores headers with their credentials already masked, from raw pairs or an object', () => {
    const journal = new Journal(5, new Masking(providers));
    journal.record({
      ...entry(1),
      requestHeaders: [
        'Authorization',
        'Bearer eyJ.secret.sig',
        'X-Management-Key',
        'mk_live',
        'X-Tag',
        'a',
        'x-tag',
        'b',
      ],
    });
    journal.record({
      ...entry(2),
      requestHeaders: { cookie: 'session-token=s3cret', 'x-count': 3, absent: undefined, 'set-cookie': ['a=1', 'b=2'] },
    });
    const [first, second] = journal.list();
    expect(first!.requestHeaders).toEqual({ authorization: 'Bearer ***', 'x-management-key': '***', 'x-tag': 'a, b' });
    expect(second!.requestHeaders).toEqual({ cookie: '***', 'x-count': '3', 'set-cookie': '***' });
    const held = JSON.stringify([...(journal as unknown as { ring: RequestRing }).ring.entries()]);
    for (const secret of ['eyJ.secret.sig', 'mk_live', 's3cret']) expect(held).not.toContain(secret);
  });

  it('keeps nothing with a limit of 0', () => {
    const journal = new Journal(0);
    journal.record(entry(1));
    expect(journal.size).toBe(0);
    expect(journal.list()).toEqual([]);
  });
});

describe("RequestRing (the journal's bytes)", () => {
  const request = (over: Partial<RecordedRequest> = {}): RecordedRequest => ({
    time: 1767225600123,
    vendor: 'razi',
    method: 'PATCH',
    path: '/v1/x?y=é',
    status: 201,
    durationMs: 0.125,
    requestHeaders: ['X-App-Name', 'orgmock-demo', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'X-Count', '3'],
    requestContentType: undefined,
    requestBody: undefined,
    responseBody: undefined,
    ...over,
  });

  it('gives back every field as recorded: repeated headers, text and byte bodies, any string (a lone surrogate too)', () => {
    const ring = new RequestRing(10);
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    ring.push(
      request({ requestContentType: 'application/json', requestBody: bytes, responseBody: '{"name":"Zoë 🚀 \ud800"}' }),
    );
    ring.push(request({ requestBody: 'name=%E2%9C%93', status: 500 }));
    const [first, second] = [...ring.entries()];
    expect(first).toEqual({
      time: 1767225600123,
      vendor: 'razi',
      method: 'PATCH',
      path: '/v1/x?y=é',
      status: 201,
      durationMs: 0.125,
      requestHeaders: { 'x-app-name': 'orgmock-demo', 'set-cookie': ['a=1', 'b=2'], 'x-count': '3' },
      requestContentType: 'application/json',
      requestBody: bytes,
      responseBody: '{"name":"Zoë 🚀 \ud800"}',
    });
    expect(Buffer.isBuffer(first!.requestBody)).toBe(true);
    expect(second).toMatchObject({
      status: 500,
      requestBody: 'name=%E2%9C%93',
      requestContentType: undefined,
      responseBody: undefined,
    });
  });

  it("reads Node's raw header pairs back as req.headers would have them, line breaks and all", () => {
    const ring = new RequestRing(10);
    ring.push(
      request({
        requestHeaders: [
          'Host',
          'x',
          'X-Tag',
          'a',
          'x-tag',
          'b',
          'Cookie',
          'c=1',
          'cookie',
          'd=2',
          'Set-Cookie',
          's=1',
          'set-cookie',
          's=2',
          'Content-Type',
          'application/json',
          'content-type',
          'text/plain',
          'Authorization',
          'Bearer t',
        ],
      }),
    );
    ring.push(
      request({
        path: '/v1/x\ny',
        requestContentType: 'text/plain',
        requestHeaders: ['X-Multi', 'one\ntwo', 'X-Odd', '\ud800'],
      }),
    );
    const [first, second] = [...ring.entries()];
    expect(first!.requestHeaders).toEqual({
      host: 'x',
      'x-tag': 'a, b',
      cookie: 'c=1; d=2',
      'set-cookie': ['s=1', 's=2'],
      'content-type': 'application/json',
      authorization: 'Bearer t',
    });
    expect(second).toMatchObject({
      path: '/v1/x\ny',
      requestContentType: 'text/plain',
      requestHeaders: { 'x-multi': 'one\ntwo', 'x-odd': '\ud800' },
    });
  });

  it('keeps an entry larger than a chunk whole', () => {
    const ring = new RequestRing(3);
    const big = 'x'.repeat(3 * 1024 * 1024);
    ring.push(request({ responseBody: big }));
    ring.push(request({ responseBody: 'small' }));
    expect([...ring.entries()].map((e) => e.responseBody?.length)).toEqual([big.length, 5]);
  });

  it('lets go of the bytes of entries pushed out', () => {
    const ring = new RequestRing(2);
    const body = Buffer.alloc(600 * 1024, 1);
    for (let i = 0; i < 50; i++) ring.push(request({ requestBody: body }));
    expect(ring.size).toBe(2);
    expect(ring.bytesHeld).toBeLessThanOrEqual(3 * 1024 * 1024);
    ring.clear();
    expect(ring.bytesHeld).toBe(0);
    expect([...ring.entries()]).toEqual([]);
  });
});

describe('journal: since and subscribe', () => {
  it('lists only entries after `since`, and tells subscribers of each new entry', () => {
    const journal = new Journal(3);
    const seen: number[] = [];
    const stop = journal.subscribe((e) => seen.push(e.id));
    const rec = (path: string) =>
      journal.record({
        time: 0,
        vendor: 'junction',
        method: 'PATCH',
        path,
        status: 200,
        durationMs: 1,
        requestHeaders: [],
        requestContentType: undefined,
        requestBody: undefined,
        responseBody: undefined,
      });
    rec('/a');
    rec('/b');
    stop();
    rec('/c');
    expect(seen).toEqual([1, 2]);
    expect(journal.list({ since: 1 }).map((e) => e.path)).toEqual(['/b', '/c']);
    journal.clear();
    rec('/d');
    expect(journal.list({ since: 3 }).map((e) => [e.id, e.path])).toEqual([[4, '/d']]);
  });
});
