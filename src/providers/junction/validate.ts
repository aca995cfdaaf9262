import { NAME_PATTERN, type ValidationError } from './schemas.js';
import { parseUuidLikePydantic } from './rust-uuid.js';
import { parsePythonBody } from './python-json.js';
import { PyBytes, PyDict, type PyValue } from './python-value.js';
import { junctionErrors } from './errors.js';

const namePattern = new RegExp(NAME_PATTERN, 'u');

/** What Starlette/FastAPI make of the request body before pydantic sees it. */
export type DecodedBody = { kind: 'none' } | { kind: 'value'; value: PyValue };

/**
 * FastAPI 0.131's get_request_handler (fastapi/routing.py lines 368-407): a
 * body is read as JSON when the Content-Type is absent or empty (0.132 made
 * that strict; the vendor's generation predates it) or names
 * `application/json` / `application/*+json`; any other body goes to pydantic
 * as bytes. A `json.JSONDecodeError` is a 422 raised at once (before auth and
 * before other validation), any other failure of `json.loads` a 400.
 */
export function decodeBody(raw: Buffer | undefined, contentType: string | undefined): DecodedBody {
  if (!raw || raw.length === 0) return { kind: 'none' };
  if (contentType && !isJsonContentType(contentType)) return { kind: 'value', value: new PyBytes(raw) };
  const parsed = parsePythonBody(raw);
  if (parsed.ok) return parsed.value === null ? { kind: 'none' } : { kind: 'value', value: parsed.value };
  if (parsed.kind === 'unicode') throw junctionErrors.bodyUnreadable().because('the body is not valid UTF-8');
  throw junctionErrors
    .validation([
      {
        type: 'json_invalid',
        loc: ['body', parsed.pos],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: parsed.msg },
      },
    ])
    .because(`the body is not valid JSON: ${parsed.msg} at character ${parsed.pos}`);
}

/** The characters Python's `str.strip()` removes that a latin-1 header value can hold (`str.isspace`). */
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');

/**
 * `email.message.Message` as FastAPI asks it (Lib/email/message.py:
 * `_splitparam`, get_content_type): the value up to the first `;`, stripped
 * as `str.strip` does, lower-cased; anything but exactly one `/` counts as
 * `text/plain` (so `application/x/+json` is not JSON).
 */
export function isJsonContentType(header: string): boolean {
  const type = header === 'application/json' ? header : header.split(';', 1)[0]!.replace(PY_STRIP, '').toLowerCase();
  const slash = type.indexOf('/');
  if (slash < 0 || type.indexOf('/', slash + 1) >= 0) return false;
  const sub = type.slice(slash + 1);
  return type.slice(0, slash) === 'application' && (sub === 'json' || sub.endsWith('+json'));
}

export type Validated = { ok: true; orgId: string; name: string } | { ok: false; errors: ValidationError[] };

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
  const dict = (body as { value: PyDict }).value;
  return { ok: true, orgId: uuid.uuid, name: dict.entries.get('name') as string };
}

/**
 * `UpdateOrgBody` (extra forbidden): the declared field first, then every
 * extra key in the order sent. Each error's `input` is the Python value itself,
 * for the response writer to echo as FastAPI does.
 */
function validateBody(body: DecodedBody): ValidationError[] {
  if (body.kind === 'none') return [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }];
  const value = body.value;
  if (!(value instanceof PyDict)) {
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
  const name = value.entries.get('name');
  if (!value.entries.has('name')) {
    errors.push({ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: value });
  } else if (typeof name !== 'string') {
    errors.push({ type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: name });
  } else if (!namePattern.test(name)) {
    errors.push({
      type: 'string_pattern_mismatch',
      loc: ['body', 'name'],
      msg: `String should match pattern '${NAME_PATTERN}'`,
      input: name,
      ctx: { pattern: NAME_PATTERN },
    });
  }
  for (const [key, item] of value.entries) {
    if (key !== 'name') {
      errors.push({ type: 'extra_forbidden', loc: ['body', key], msg: 'Extra inputs are not permitted', input: item });
    }
  }
  return errors;
}

/** pydantic's errors in one line: where and what, as a developer reads them. */
export function validationReason(errors: readonly ValidationError[]): string {
  return errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; ');
}
