import { describe, expect, it } from 'vitest';
import { Journal } from '../src/admin/journal.js';

const entry = (n: number) => ({
  time: Date.parse('2026-01-01T00:00:00.000Z') + n, vendor: n % 2 ? 'odd' : 'even', method: 'PATCH', path: `/p/${n}`, status: 200,
  durationMs: 1, requestHeaders: {}, requestContentType: 'application/json', requestBody: Buffer.from(`{"n":${n}}`), responseBody: '{}',
});

describe('Journal', () => {
  it('keeps the last `limit` entries, oldest first, once it has wrapped around several times', () => {
    const journal = new Journal(3);
    for (let n = 1; n <= 8; n++) journal.record(entry(n));
    expect(journal.size).toBe(3);
    expect(journal.list().map((e) => [e.id, e.path, e.requestBody])).toEqual([
      [6, '/p/6', { n: 6 }], [7, '/p/7', { n: 7 }], [8, '/p/8', { n: 8 }],
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

  it('keeps nothing with a limit of 0', () => {
    const journal = new Journal(0);
    journal.record(entry(1));
    expect(journal.size).toBe(0);
    expect(journal.list()).toEqual([]);
  });
});
