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
const MASK = '***';
/**
 * What stands for an object or array nested deeper than MAX_DEPTH: a client may
 * send a body nested thousands deep, which the journal must still list (as JSON)
 * without a stack overflow, and without a secret hidden below the masking depth.
 */
export const TOO_DEEP = '[nested too deep]';
const MAX_DEPTH = 64;

/** A deep copy of `value` with every credential-looking field replaced by `***`. */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  const echoesSecret = echoesSecretInput(value);
  for (const [k, v] of Object.entries(value)) {
    const secret = SECRET_FIELD.test(k) || (k === 'input' && echoesSecret);
    const masked = secret && v !== null && v !== '' ? MASK : maskSecrets(v, depth + 1);
    Object.defineProperty(out, k, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
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

const SECRET_WORD = '(?:secret|password|passwd|token|otpcode|api_?key|management_?key)';
/** `"client_secret": "value"` in JSON that did not parse (a typo, a cut body). */
const SECRET_IN_JSON = new RegExp(
  String.raw`("(?:[^"\\]|\\.)*?${SECRET_WORD}"\s*:\s*)(?:"(?:[^"\\]|\\.)*"?|[^,}\s]+)`,
  'gi',
);
/** `client_secret=value` in form text sent with another content type, or in a query string. */
const SECRET_IN_FORM = new RegExp(String.raw`((?:^|[&;])[^=&;]*${SECRET_WORD}(?:\]|%5D)?=)[^&;]*`, 'gi');

/**
 * A body that is neither JSON nor a declared form is kept as text: the
 * credentials a client put in it by mistake (a form sent as text/plain, JSON
 * with a trailing comma) are masked all the same.
 */
export function maskSecretsInText(text: string): string {
  return text.replace(SECRET_IN_JSON, `$1"${MASK}"`).replace(SECRET_IN_FORM, `$1${MASK}`);
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
