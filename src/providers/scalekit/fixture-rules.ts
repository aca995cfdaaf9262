import { goQuote } from '../shared/go-quote.js';
import type { CreateOrganization } from './schemas.js';

/**
 * The rules a fixture organization is held to at start-up: those of
 * `CreateOrganization` in the SDK's descriptors, so a fixture is an
 * organization the API itself would have accepted. Requests are checked by
 * protovalidate itself (protovalidate.ts); loading it takes longer than the
 * whole start-up, so fixtures use this copy of the few rules involved, and
 * test/scalekit/protovalidate.test.ts checks that both give the same verdicts
 * and words, so a change of the SDK's rules fails a test.
 */

/** `CreateOrganization.slug`'s pattern in the descriptors. */
export const CREATE_SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$';
const createSlug = new RegExp(CREATE_SLUG_PATTERN);

interface StringRules {
  minLen?: number;
  maxLen?: number;
  pattern?: { source: string; re: RegExp };
}

/** A problem, in protovalidate-go v1.0.x's words: `metadata["k"]: value length must be at least 3 characters`. */
export interface FixtureProblem {
  field: string;
  description: string;
}

const codePoints = (s: string) => [...s].length;

function checkString(field: string, value: string, rules: StringRules): FixtureProblem[] {
  const out: FixtureProblem[] = [];
  const n = codePoints(value);
  if (rules.minLen !== undefined && n < rules.minLen)
    out.push({ field, description: `value length must be at least ${rules.minLen} characters` });
  if (rules.maxLen !== undefined && n > rules.maxLen)
    out.push({ field, description: `value length must be at most ${rules.maxLen} characters` });
  if (rules.pattern && !rules.pattern.re.test(value))
    out.push({ field, description: `value does not match regex pattern \`${rules.pattern.source}\`` });
  return out;
}

function checkMetadata(metadata: Record<string, string>): FixtureProblem[] {
  const out: FixtureProblem[] = [];
  const keys = Object.keys(metadata);
  if (keys.length > 10) out.push({ field: 'metadata', description: 'map must be at most 10 entries' });
  for (const key of keys) {
    const path = `metadata[${goQuote(key)}]`;
    out.push(...checkString(path, key, { minLen: 3, maxLen: 25 }));
    out.push(...checkString(path, metadata[key]!, { minLen: 1, maxLen: 256 }));
  }
  return out;
}

/** What `CreateOrganization`'s rules say of a fixture organization, fields in field-number order. */
export function checkFixtureOrganization(org: Partial<CreateOrganization>): FixtureProblem[] {
  const out = checkString('display_name', org.display_name ?? '', { minLen: 1, maxLen: 200 });
  if (org.metadata !== undefined) out.push(...checkMetadata(org.metadata));
  if (org.slug !== undefined)
    out.push(
      ...checkString('slug', org.slug, {
        minLen: 1,
        maxLen: 253,
        pattern: { source: CREATE_SLUG_PATTERN, re: createSlug },
      }),
    );
  if (org.logo_url !== undefined) out.push(...checkString('logo_url', org.logo_url, { maxLen: 1024 }));
  return out;
}
