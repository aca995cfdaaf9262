import type { FieldViolation } from './scalekit-error.js';
import type { CreateOrganization, UpdateOrganization } from './schemas.js';

/**
 * The buf.validate rules of scalekit/v1/organizations/organizations.proto (as
 * shipped in @scalekit-sdk/node's descriptors), in protovalidate's words:
 * lengths count Unicode code points, every broken rule is reported, fields in
 * field-number order, paths relative to the request message
 * (`organization.display_name`, `organization.metadata["ab"]`).
 */

/** `UpdateOrganization.slug`: empty clears it, otherwise a DNS label or host name. */
export const UPDATE_SLUG_PATTERN =
  '^$|^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$';
export const CREATE_SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$';
const updateSlug = new RegExp(UPDATE_SLUG_PATTERN);
const createSlug = new RegExp(CREATE_SLUG_PATTERN);

interface StringRules {
  minLen?: number;
  maxLen?: number;
  pattern?: { source: string; re: RegExp };
  prefix?: string;
}

const codePoints = (s: string) => [...s].length;

function checkString(field: string, value: string, rules: StringRules): FieldViolation[] {
  const out: FieldViolation[] = [];
  const n = codePoints(value);
  if (rules.minLen !== undefined && n < rules.minLen) {
    out.push({
      field,
      description: `value length must be at least ${rules.minLen} characters`,
      constraint: 'string.min_len',
    });
  }
  if (rules.maxLen !== undefined && n > rules.maxLen) {
    out.push({
      field,
      description: `value length must be at most ${rules.maxLen} characters`,
      constraint: 'string.max_len',
    });
  }
  if (rules.pattern && !rules.pattern.re.test(value)) {
    out.push({
      field,
      description: `value does not match regex pattern \`${rules.pattern.source}\``,
      constraint: 'string.pattern',
    });
  }
  if (rules.prefix !== undefined && !value.startsWith(rules.prefix)) {
    out.push({ field, description: `value does not have prefix \`${rules.prefix}\``, constraint: 'string.prefix' });
  }
  return out;
}

/** map<string,string> metadata: at most 10 pairs, keys 3-25, values 1-256. */
function checkMetadata(field: string, metadata: Record<string, string>): FieldViolation[] {
  const out: FieldViolation[] = [];
  const keys = Object.keys(metadata);
  if (keys.length > 10) out.push({ field, description: 'map must be at most 10 entries', constraint: 'map.max_pairs' });
  for (const key of keys) {
    const path = `${field}[${goQuote(key)}]`;
    out.push(...checkString(path, key, { minLen: 3, maxLen: 25 }));
    out.push(...checkString(path, metadata[key]!, { minLen: 1, maxLen: 256 }));
  }
  return out;
}

/**
 * `logo_url` has only `max_len: 1024` in buf.validate; the https requirement is
 * the service's own, reported the way protovalidate reports `string.prefix`.
 */
function checkLogoUrl(field: string, value: string): FieldViolation[] {
  return checkString(field, value, { maxLen: 1024, prefix: 'https://' });
}

/** Which organization a request names: the `identities` oneof of Get/Update/Delete requests. */
export type OrganizationRef = { id: string } | { external_id: string };

/** The oneof's rules: `id` 1-32 characters, `external_id` at least 1. */
export function validateRef(ref: OrganizationRef): FieldViolation[] {
  return 'id' in ref
    ? checkString('id', ref.id, { minLen: 1, maxLen: 32 })
    : checkString('external_id', ref.external_id, { minLen: 1 });
}

/** `UpdateOrganizationRequest{id | external_id, organization}`. Empty `slug`, `logo_url`, `external_id` clear the field. */
export function validateUpdate(ref: OrganizationRef, org: UpdateOrganization): FieldViolation[] {
  const out = validateRef(ref);
  if (org.display_name !== undefined)
    out.push(...checkString('organization.display_name', org.display_name, { minLen: 1, maxLen: 200 }));
  if (org.metadata !== undefined) out.push(...checkMetadata('organization.metadata', org.metadata));
  if (org.slug !== undefined)
    out.push(
      ...checkString('organization.slug', org.slug, {
        maxLen: 253,
        pattern: { source: UPDATE_SLUG_PATTERN, re: updateSlug },
      }),
    );
  if (org.logo_url !== undefined && org.logo_url !== '')
    out.push(...checkLogoUrl('organization.logo_url', org.logo_url));
  return out;
}

/** `CreateOrganizationRequest{organization}`: display_name is not optional there, so it must be 1-200. */
export function validateCreate(org: Partial<CreateOrganization>): FieldViolation[] {
  const out = checkString('organization.display_name', org.display_name ?? '', { minLen: 1, maxLen: 200 });
  if (org.metadata !== undefined) out.push(...checkMetadata('organization.metadata', org.metadata));
  if (org.slug !== undefined)
    out.push(
      ...checkString('organization.slug', org.slug, {
        minLen: 1,
        maxLen: 253,
        pattern: { source: CREATE_SLUG_PATTERN, re: createSlug },
      }),
    );
  if (org.logo_url !== undefined) out.push(...checkLogoUrl('organization.logo_url', org.logo_url));
  return out;
}

/** Go's strconv.Quote, which protovalidate uses for a string map key in a field path. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0d) out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp <= 0x9f) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
