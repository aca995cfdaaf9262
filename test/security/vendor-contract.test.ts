import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Masking } from '../../src/admin/mask.js';
import { Journal } from '../../src/admin/journal.js';

const root = join(__dirname, '..', '..');

describe('vendor knowledge lives in the Provider contract', () => {
  it('masks what a (sixth) vendor declares, and nothing vendor-specific without it', () => {
    const sixth = new Masking([{ credentialHeaders: ['X-Sixth-Key'], secretFields: ['pinCode'] }]);
    const none = new Masking();
    expect(sixth.maskHeaderValue('x-sixth-key', 'k1')).toBe('***');
    expect(none.maskHeaderValue('x-sixth-key', 'k1')).toBe('k1');
    expect(sixth.maskSecrets({ pinCode: '1234', name: 'n' })).toEqual({ pinCode: '***', name: 'n' });
    expect(none.maskSecrets({ pinCode: '1234' })).toEqual({ pinCode: '1234' });
    // The generic ones hold for every app.
    expect(none.maskHeaderValue('Authorization', 'Bearer abc')).toBe('Bearer ***');
    expect(none.maskSecrets({ client_secret: 's', password: 'p', refreshToken: 't' })).toEqual({
      client_secret: '***',
      password: '***',
      refreshToken: '***',
    });
    const journal = new Journal(3, sixth);
    journal.record({
      time: 0,
      vendor: 'sixth',
      method: 'POST',
      path: '/x?pinCode=9',
      status: 200,
      durationMs: 1,
      requestHeaders: ['X-Sixth-Key', 'k1'],
      requestContentType: 'text/plain',
      requestBody: Buffer.from('pinCode: 4321'),
      responseBody: undefined,
    });
    expect(JSON.stringify(journal.list())).not.toMatch(/k1|4321|=9/);
    expect(sixth.redactPaths).toContain('req.headers["x-sixth-key"]');
  });

  it('shared code (admin, http, server, auth, store) imports no vendor folder', () => {
    const offenders: string[] = [];
    for (const dir of ['src/admin', 'src/http', 'src/server', 'src/auth', 'src/store']) {
      for (const file of readdirSync(join(root, dir))) {
        const text = readFileSync(join(root, dir, file), 'utf8');
        for (const m of text.matchAll(/from '([^']+)'/g))
          if (/providers\/(?:(?!shared\/)[\w-]+\/|index\.js)/.test(m[1]!)) offenders.push(`${dir}/${file}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
