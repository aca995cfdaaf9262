import { NAME_PATTERN, type UpdateOrgBody, type ValidationError } from './schemas.js';
import { parseUuidLikePydantic } from './rust-uuid.js';
import { parsePythonJson } from './python-json.js';
import { junctionErrors } from './errors.js';
import { bareMediaType } from '../../http/request.js';

const namePattern = new RegExp(NAME_PATTERN, 'u');

/** What Starlette/FastAPI make of the request body before pydantic sees it. */
export type DecodedBody = { kind: 'none' } | { kind: 'value'; value: unknown };

/**
 * FastAPI reads the body as JSON when there is no content type or an
 * `application/json` / `application/*+json` one; any other body is handed to
 * pydantic as raw bytes. Invalid JSON is a 422 raised at once (before auth and
 * before other validation); undecodable bytes a 400.
 */
export function decodeBody(raw: Buffer | undefined, contentType: string | undefined): DecodedBody {
  if (!raw || raw.length === 0) return { kind: 'none' };
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    return { kind: 'value', value: raw.toString('utf8') };
  }
  const parsed = parsePythonJson(raw);
  if (parsed.ok) return parsed.value === null ? { kind: 'none' } : { kind: 'value', value: parsed.value };
  if (parsed.kind === 'unicode') throw junctionErrors.bodyUnreadable();
  throw junctionErrors.validation([
    {
      type: 'json_invalid',
      loc: ['body', parsed.pos],
      msg: 'JSON decode error',
      input: {},
      ctx: { error: parsed.msg },
    },
  ]);
}

function isJsonContentType(header: string): boolean {
  // Python's email.message parsing: a value without a slash counts as text/plain.
  const type = bareMediaType(header);
  const slash = type.indexOf('/');
  if (slash < 0) return false;
  const main = type.slice(0, slash);
  const sub = type.slice(slash + 1);
  return main === 'application' && (sub === 'json' || sub.endsWith('+json'));
}

export type Validated = { ok: true; orgId: string; body: UpdateOrgBody } | { ok: false; errors: ValidationError[] };

/** pydantic v2's verdict on `org_id: UUID` and `body: UpdateOrgBody`, path errors first. */
export function validateUpdateOrg(orgIdRaw: string, body: DecodedBody): Validated {
  const errors: ValidationError[] = [];
  const uuid = parseUuidLikePydantic(orgIdRaw);
  if (!uuid.ok) {
    errors.push({
      type: 'uuid_parsing',
      loc: ['path', 'org_id'],
      msg: `Input should be a valid UUID, ${uuid.reason}`,
      input: orgIdRaw,
      ctx: { error: uuid.reason },
    });
  }
  const bodyErrors = validateBody(body);
  errors.push(...bodyErrors);
  if (errors.length > 0 || !uuid.ok) return { ok: false, errors };
  return { ok: true, orgId: uuid.uuid, body: (body as { value: UpdateOrgBody }).value };
}

function validateBody(body: DecodedBody): ValidationError[] {
  if (body.kind === 'none') return [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }];
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: value,
      },
    ];
  }
  const errors: ValidationError[] = [];
  const obj = value as Record<string, unknown>;
  if (!Object.hasOwn(obj, 'name')) {
    errors.push({ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: obj });
  } else if (typeof obj.name !== 'string') {
    errors.push({ type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: obj.name });
  } else if (!namePattern.test(obj.name)) {
    errors.push({
      type: 'string_pattern_mismatch',
      loc: ['body', 'name'],
      msg: `String should match pattern '${NAME_PATTERN}'`,
      input: obj.name,
      ctx: { pattern: NAME_PATTERN },
    });
  }
  for (const key of Object.keys(obj)) {
    if (key !== 'name') {
      errors.push({
        type: 'extra_forbidden',
        loc: ['body', key],
        msg: 'Extra inputs are not permitted',
        input: obj[key],
      });
    }
  }
  return errors;
}
