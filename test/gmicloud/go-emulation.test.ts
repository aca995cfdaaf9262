import { describe, expect, it } from 'vitest';
import { parseGoUuid } from '../../src/providers/gmicloud/go-uuid.js';

// Go's encoding/json Decoder, which gin binds with, is tested in test/shared/go-json.test.ts.

describe("google/uuid's Parse", () => {
  const ID = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';

  it('accepts the hyphenated, 32-digit, braced and urn forms, in any case', () => {
    for (const form of [
      ID,
      ID.toUpperCase(),
      ID.replaceAll('-', ''),
      `{${ID}}`,
      `urn:uuid:${ID}`,
      `UrN:UUID:${ID}`,
      `x${ID}y`,
    ]) {
      expect([form, parseGoUuid(form)]).toEqual([form, ID]);
    }
  });

  it('refuses everything else', () => {
    for (const form of [
      '',
      'not-a-uuid',
      ID.slice(1),
      `${ID}0`,
      ID.replace(/-/g, '_'),
      `urn:uuix:${ID}`,
      ID.replace('a', 'g'),
      'é'.repeat(18),
    ]) {
      expect([form, parseGoUuid(form)]).toEqual([form, undefined]);
    }
  });
});
