import { describe, expect, it } from 'vitest';
import { Journal, TRUNCATED } from '../../src/admin/journal.js';
import { RequestRing } from '../../src/admin/journal-store.js';
import { answer, useApp } from '../helpers.js';

const entry = (n: number, body: Buffer | string = Buffer.from(`{"n":${n}}`)) => ({
  time: Date.parse('2026-01-01T00:00:00.000Z') + n,
  vendor: 'junction',
  method: 'PATCH',
  path: `/p/${n}`,
  status: 401,
  durationMs: 1,
  requestHeaders: [] as string[],
  requestContentType: 'application/json',
  requestBody: body,
  responseBody: '{}',
});

describe('journal byte bound', () => {
  it('keeps the start of a large body, masked, with a marker that says it was cut and how large it was', () => {
    const journal = new Journal({ bodyBytes: 64 });
    const body = Buffer.from(`{"client_secret":"s3cr3t-value","pad":"${'x'.repeat(5000)}"}`);
    journal.record({ ...entry(1, body), responseBody: `{"echo":"${'y'.repeat(200)}"}` });
    const [e] = journal.list();
    expect(typeof e!.requestBody).toBe('string');
    expect(e!.requestBody as string).toContain(TRUNCATED);
    expect(e!.requestBody as string).toMatch(new RegExp(`\\(${body.length} bytes in all\\)\\]$`));
    expect(e!.requestBody as string).not.toContain('s3cr3t');
    expect((e!.requestBody as string).startsWith('{"client_secret":"***"')).toBe(true);
    expect(e!.responseBody as string).toContain(TRUNCATED);
  });

  it('a secret cut in the middle of its value is still masked', () => {
    const journal = new Journal({ bodyBytes: 30 });
    journal.record(entry(1, Buffer.from('{"name":"x","password":"hunter2-and-more-and-more"}')));
    journal.record({
      ...entry(2, Buffer.from('name=x&password=hunter2-and-more-and-more')),
      requestContentType: 'application/x-www-form-urlencoded',
    });
    expect(JSON.stringify(journal.list())).not.toContain('hunter');
  });

  it('drops the oldest entries once the bytes held pass the budget, and keeps the newest', () => {
    const journal = new Journal({ entries: 10_000, bytes: 4 * 1024 * 1024, bodyBytes: 256 * 1024 });
    const big = Buffer.alloc(1024 * 1024, 0x61);
    for (let n = 1; n <= 200; n++) journal.record(entry(n, big));
    const ring = (journal as unknown as { ring: RequestRing }).ring;
    expect(ring.bytesHeld).toBeLessThanOrEqual(5 * 1024 * 1024);
    const ids = journal.list().map((e) => e.id);
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.length).toBeLessThan(200);
    expect(ids.at(-1)).toBe(200);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => 201 - ids.length + i));
  });

  it('a ring with a byte budget never holds more than one entry past it', () => {
    const ring = new RequestRing(1000, 2 * 1024 * 1024);
    for (let i = 0; i < 50; i++) ring.push({ ...entry(i, Buffer.alloc(700 * 1024, 1)), requestHeaders: [] });
    expect(ring.bytesHeld).toBeLessThanOrEqual(3 * 1024 * 1024);
    expect(ring.size).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /__admin/requests pagination', () => {
  const make = useApp();

  it('limit gives the oldest that match; since pages on from the last id seen', async () => {
    const { call } = await make({}, { fresh: true });
    for (let i = 0; i < 7; i++)
      await call({ method: 'PATCH', url: `/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, payload: { name: `n${i}` } });
    const page = async (q: string) =>
      (
        answer(await call({ method: 'GET', url: `/__admin/requests?${q}` })).body as { requests: { id: number }[] }
      ).requests.map((r) => r.id);
    expect(await page('limit=3')).toEqual([1, 2, 3]);
    expect(await page('limit=3&since=3')).toEqual([4, 5, 6]);
    expect(await page('limit=3&since=6')).toEqual([7]);
    expect(await page('limit=3&since=7')).toEqual([]);
    expect(await page('since=5')).toEqual([6, 7]);
    expect(await page('since=-10&limit=2')).toEqual([1, 2]);
    expect(answer(await call({ method: 'GET', url: '/__admin/requests?limit=0' })).status).toBe(400);
  });
});
