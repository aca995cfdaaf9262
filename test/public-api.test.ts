import { describe, expect, it } from 'vitest';
import { providers, startOrgMock, vendorNames } from '../src/index.js';

describe('the public API', () => {
  it('VendorName lists exactly the vendors served', () => {
    expect([...vendorNames].sort()).toEqual(providers.map((p) => p.name).sort());
  });

  it('mintToken refuses a vendor that is not one, in types and at run time (for JavaScript callers)', async () => {
    const mock = await startOrgMock();
    try {
      // @ts-expect-error 'gmi' is not a VendorName
      await expect(mock.mintToken('gmi', 'owner@gmi.example')).rejects.toThrow(
        'orgmock: unknown vendor "gmi": one of junction, gmicloud, razi, transmit, scalekit',
      );
      expect((await mock.mintToken('gmicloud', 'owner@gmi.example')).token).toMatch(/^ey/);
    } finally {
      await mock.close();
    }
  });
});
