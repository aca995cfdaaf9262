import { readFirstValue } from '../shared/go-json.js';
import { goQuote } from '../shared/go-quote.js';
import { decodeMessage, decodeMessageFast, type DecodedValue, type FieldDescriptor } from './protojson.js';
import { scalekitErrors, type FieldViolation } from './scalekit-error.js';
import { REGION_CODES, type CreateOrganization, type UpdateOrganization } from './schemas.js';

/**
 * What Scalekit's grpc-gateway does with an HTTP request before the service
 * sees it. Every body is read as JSON whatever its Content-Type (the gateway
 * falls back to its JSON marshaler), an empty body is an empty message, and a
 * body that does not decode is a 400 with the decoder's own message.
 */

const str = (number: number, name: string, jsonName: string): FieldDescriptor => ({
  number,
  name,
  jsonName,
  kind: { type: 'string' },
});

/** `scalekit.v1.organizations.UpdateOrganization` (field 5 is reserved). */
export const UPDATE_ORGANIZATION: readonly FieldDescriptor[] = [
  str(4, 'display_name', 'displayName'),
  str(6, 'external_id', 'externalId'),
  { number: 7, name: 'metadata', jsonName: 'metadata', kind: { type: 'map' } },
  str(9, 'slug', 'slug'),
  str(10, 'logo_url', 'logoUrl'),
];

/** `scalekit.v1.organizations.CreateOrganization`. */
export const CREATE_ORGANIZATION: readonly FieldDescriptor[] = [
  str(4, 'display_name', 'displayName'),
  { number: 5, name: 'region_code', jsonName: 'regionCode', kind: { type: 'enum', values: REGION_CODES } },
  str(6, 'external_id', 'externalId'),
  { number: 7, name: 'metadata', jsonName: 'metadata', kind: { type: 'map' } },
  str(9, 'slug', 'slug'),
  str(10, 'logo_url', 'logoUrl'),
];

const PROBLEMS = {
  unknown_field: { description: 'unknown field', constraint: 'unknown_field' },
  type: { description: 'invalid value for this field', constraint: 'type' },
  duplicate: { description: 'field given more than once', constraint: 'duplicate' },
} as const;

/**
 * Decodes the body of a request whose HTTP rule says `body: "organization"`,
 * as grpc-gateway v2's default marshaler does: protojson with `DiscardUnknown`,
 * so an unknown field is skipped. `maskFromBodyOf` (the message name) is given where the method
 * also has an `update_mask` the client left empty: the gateway then derives
 * the mask from the body (runtime.FieldMaskFromRequestBody), which refuses a
 * name the message does not have.
 */
function decodeOrganizationBody(
  raw: Buffer | undefined,
  fields: readonly FieldDescriptor[],
  maskFromBodyOf?: string,
): Map<string, DecodedValue> {
  const fast = raw === undefined ? undefined : decodeMessageFast(raw, fields);
  if (fast) return fast;
  const value = readFirstValue(raw);
  if (value.kind === 'empty') return new Map();
  if (value.kind === 'error') throw scalekitErrors.undecodable(value.message);
  const decoded = decodeMessage(value.bytes, fields, { discardUnknown: true });
  if (decoded.ok) {
    const unknown = decoded.unknown?.[0];
    // grpc-gateway v2.23.0 runtime/fieldmask.go line 53. It walks a Go map, in no fixed
    // order, so of several unknown names any may be the one named: orgmock names the first sent.
    if (maskFromBodyOf !== undefined && unknown !== undefined)
      throw scalekitErrors.undecodable(`could not find field ${goQuote(unknown)} in ${goQuote(maskFromBodyOf)}`, {
        field: `organization.${unknown}`,
        ...PROBLEMS.unknown_field,
      });
    return decoded.fields;
  }
  const violation: FieldViolation | undefined =
    decoded.field && decoded.problem
      ? { field: `organization.${decoded.field}`, ...PROBLEMS[decoded.problem] }
      : undefined;
  throw scalekitErrors.undecodable(decoded.message, violation);
}

/**
 * PATCH's body. `updateMaskGiven`: the request named an `update_mask` in its
 * query, so the gateway does not derive one from the body and an unknown field
 * is dropped without a word.
 */
export function decodeUpdateOrganization(raw: Buffer | undefined, updateMaskGiven = false): UpdateOrganization {
  const f = decodeOrganizationBody(
    raw,
    UPDATE_ORGANIZATION,
    updateMaskGiven ? undefined : 'scalekit.v1.organizations.UpdateOrganization',
  );
  const out: UpdateOrganization = {};
  if (f.has('display_name')) out.display_name = f.get('display_name') as string;
  if (f.has('external_id')) out.external_id = f.get('external_id') as string;
  if (f.has('metadata')) out.metadata = f.get('metadata') as Record<string, string>;
  if (f.has('slug')) out.slug = f.get('slug') as string;
  if (f.has('logo_url')) out.logo_url = f.get('logo_url') as string;
  return out;
}

export function decodeCreateOrganization(raw: Buffer | undefined): Partial<CreateOrganization> {
  const f = decodeOrganizationBody(raw, CREATE_ORGANIZATION);
  const out: Partial<CreateOrganization> = {};
  if (f.has('display_name')) out.display_name = f.get('display_name') as string;
  if (f.has('region_code')) out.region_code = f.get('region_code') as CreateOrganization['region_code'];
  if (f.has('external_id')) out.external_id = f.get('external_id') as string;
  if (f.has('metadata')) out.metadata = f.get('metadata') as Record<string, string>;
  if (f.has('slug')) out.slug = f.get('slug') as string;
  if (f.has('logo_url')) out.logo_url = f.get('logo_url') as string;
  return out;
}

/**
 * Whether a PATCH names its `update_mask` in the query (`?update_mask=display_name`,
 * or `updateMask`): grpc-gateway fills the request's other fields from the query,
 * and derives the mask from the body only when none was given.
 */
export function updateMaskInQuery(search: string): boolean {
  const params = new URLSearchParams(search);
  return [...params.getAll('update_mask'), ...params.getAll('updateMask')].some((v) => v !== '');
}

export interface ListQuery {
  pageSize: number;
  pageToken: string;
  externalId?: string;
}

/**
 * Query parameters of `GET /api/v1/organizations`, as grpc-gateway fills the
 * request message from them: by proto or JSON name, unknown ones ignored, a
 * repeated one or an unparsable number refused in its words.
 */
export function parseListQuery(search: string): ListQuery {
  const params = new URLSearchParams(search);
  const values = (proto: string, json: string) => [...params.getAll(proto), ...params.getAll(json)];
  const one = (proto: string, json: string): string | undefined => {
    const all = values(proto, json);
    if (all.length > 1)
      throw scalekitErrors.undecodable(`too many values for field ${goQuote(proto)}: ${all.join(', ')}`);
    return all[0];
  };
  const sizeText = one('page_size', 'pageSize');
  let pageSize = 0;
  if (sizeText !== undefined) {
    const parsed = parseGoUint32(sizeText);
    if (typeof parsed === 'string')
      throw scalekitErrors.undecodable(
        `parsing field "page_size": strconv.ParseUint: parsing ${goQuote(sizeText)}: ${parsed}`,
      );
    pageSize = parsed;
  }
  return { pageSize, pageToken: one('page_token', 'pageToken') ?? '', externalId: one('external_id', 'externalId') };
}

/** strconv.ParseUint(s, 0, 32): a number, or Go's reason. */
function parseGoUint32(s: string): number | string {
  const m = /^(?:0[xX]([0-9a-fA-F_]+)|0[oO]?([0-7_]+)|0[bB]([01_]+)|([0-9_]+))$/.exec(s);
  if (!m || s.includes('__') || s.endsWith('_')) return 'invalid syntax';
  const [, hex, oct, bin, dec] = m;
  const digits = (hex ?? oct ?? bin ?? dec)!.replaceAll('_', '');
  const base = hex ? 16 : oct ? 8 : bin ? 2 : 10;
  // Go allows underscores only with a base prefix.
  if (base === 10 && dec!.includes('_')) return 'invalid syntax';
  const n = parseInt(digits, base);
  return n > 0xffffffff ? 'value out of range' : n;
}
