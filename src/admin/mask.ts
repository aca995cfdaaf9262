/** Field names whose values are credentials, in any vendor's spelling. */
const SECRET_FIELD = /(secret|password|passwd|token|otpcode|api_?key|management_?key)$/i;
const SECRET_HEADERS = new Set([
  'authorization',
  'x-management-key',
  'x-vital-org-key',
  'cookie',
  'set-cookie',
  'proxy-authorization',
]);
const SECRET_HEADER_LENGTHS = new Set([...SECRET_HEADERS].map((h) => h.length));
export const MASK = '***';
/**
 * What stands for an object or array nested deeper than MAX_DEPTH: a client may
 * send a body nested thousands deep, which the journal must still list (as JSON)
 * without a stack overflow, and without a secret hidden below the masking depth.
 */
export const TOO_DEEP = '[nested too deep]';
const MAX_DEPTH = 64;

/**
 * A deep copy of `value` with every credential-looking field replaced by `***`,
 * and credentials inside any string masked as in text (a validation error that
 * echoes a raw body, as Junction's 422 `input` does).
 */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecretsInText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  const echoesSecret = echoesSecretInput(value);
  for (const [k, v] of Object.entries(value)) {
    const secret = isSecretName(k) || (k === 'input' && echoesSecret);
    const masked = secret && v !== null && v !== '' ? MASK : maskSecrets(v, depth + 1);
    Object.defineProperty(out, maskSecretsInText(k), {
      value: masked,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A field, form or part name that holds a credential (`client_secret`, `user[password]`, `clientSecret`). */
export function isSecretName(name: string): boolean {
  return SECRET_FIELD.test(name.trim().replace(/\]$/, ''));
}

/**
 * A validation error that echoes what it refuses, as pydantic's do (Junction's 422:
 * `{"loc": ["body", "api_key"], "input": "..."}`): the value sits under `input`,
 * and only `loc` says which field it came from.
 */
function echoesSecretInput(error: object): boolean {
  if (!Object.hasOwn(error, 'input') || !Object.hasOwn(error, 'loc')) return false;
  const { loc } = error as { loc: unknown };
  if (!Array.isArray(loc)) return false;
  const field = loc[loc.length - 1];
  return typeof field === 'string' && SECRET_FIELD.test(field);
}

/** `"name": value` in JSON that did not parse (a typo, a cut body); the name may be escaped (`"pass\u0077ord"`). */
const JSON_PAIR = /("((?:[^"\\]|\\.)*)"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,}\]\s]+)/g;
/** `name=value` pairs (a form, a query string), the name perhaps percent-encoded. */
const FORM_PAIR = /((?:^|[&;?])([^=&;\r\n]*)=)([^&;\r\n]*)/g;
/** A multipart part's value, by the part's `name`. */
const MULTIPART_PART = /(name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)([\s\S]*?)(?=\r?\n--|$)/g;
/** `name: value` lines (YAML, headers pasted as text). */
const LINE_PAIR = /(^|\n)([ \t]*([^:\r\n"]+?)[ \t]*:[ \t]*)([^\r\n]*)/g;

/**
 * Text that is not JSON (or a JSON string anywhere in a body) with the
 * credentials it carries masked, however they are written: JSON pairs, form
 * pairs, multipart parts, `name: value` lines. A client's mistake (a form sent as
 * text/plain, JSON sent as a form, JSON with a trailing comma) must not show one.
 */
export function maskSecretsInText(text: string): string {
  // UTF-16 or UTF-32 bytes echoed as text (a vendor quoting a body it could not
  // read) interleave NULs: read without them, and shown so if that masks anything.
  if (text.includes('\u0000')) {
    const bare = text.replace(/\u0000/g, '');
    const masked = maskPlainText(bare);
    return masked === bare ? maskPlainText(text) : masked;
  }
  return maskPlainText(text);
}

function maskPlainText(text: string): string {
  if (!SECRET_HINT.test(text)) return text;
  return text
    .replace(JSON_PAIR, (m, head: string, name: string) => (isSecretName(jsonString(name)) ? `${head}"${MASK}"` : m))
    .replace(FORM_PAIR, (m, head: string, name: string) => (isSecretName(formName(name)) ? `${head}${MASK}` : m))
    .replace(MULTIPART_PART, (m, head: string, name: string) => (isSecretName(name) ? `${head}${MASK}` : m))
    .replace(LINE_PAIR, (m, lead: string, head: string, name: string) =>
      isSecretName(name) ? `${lead}${head}${MASK}` : m,
    );
}

/**
 * Cheap test that a text may hold a credential name at all, in any of the ways
 * it may be written (`\u0077`, `%77`), so most strings are returned untouched.
 */
const SECRET_HINT = /secret|passw|token|otp|key|\\u00|%[0-9a-f]{2}/i;

function jsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

function formName(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** A path whose query string may carry credentials (`?client_secret=...`). */
export function maskQuery(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q + 1) + maskSecretsInText(path.slice(q + 1));
}

/** A header's value with a credential masked: `Authorization` keeps its scheme (`Bearer ***`). */
function maskHeaderValue(name: string, value: string): string {
  // Runs for every header of every vendor request: most names are ruled out by their length alone.
  if (!SECRET_HEADER_LENGTHS.has(name.length)) return value;
  const lower = name.toLowerCase();
  if (!SECRET_HEADERS.has(lower)) return value;
  return lower === 'authorization' ? value.replace(/^(\S+\s+)?.*$/, (_m, scheme) => `${scheme ?? ''}${MASK}`) : MASK;
}

export function maskHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = maskHeaderValue(k, Array.isArray(v) ? v.join(', ') : String(v));
  }
  return out;
}

/**
 * Headers as the journal stores them: name/value pairs (Node's `rawHeaders`
 * form), credentials already masked, so the journal never holds one.
 */
export function maskedHeaderPairs(headers: readonly string[] | Record<string, unknown>): string[] {
  const out: string[] = [];
  if (Array.isArray(headers)) {
    const raw = headers as readonly string[];
    for (let i = 0; i + 1 < raw.length; i += 2) out.push(raw[i]!, maskHeaderValue(raw[i]!, raw[i + 1]!));
    return out;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(name, maskHeaderValue(name, String(v)));
  }
  return out;
}

/** Logger redaction paths (pino) for the same headers. */
export const redactPaths = [...SECRET_HEADERS].map((h) => `req.headers["${h}"]`);
