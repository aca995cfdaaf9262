import type { Provider } from '../providers/types.js';

/**
 * Field names that hold a credential in any API (matched as a suffix, any case:
 * `client_secret`, `clientSecret`, `refreshToken`); each vendor adds its own
 * (`Provider.secretFields`).
 */
const GENERIC_SECRET_FIELDS = ['secret', 'password', 'passwd', 'token', 'api_key', 'apiKey'];
/** Headers that carry a credential in HTTP itself; each vendor adds its own (`Provider.credentialHeaders`). */
const GENERIC_CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

export const MASK = '***';
/**
 * What stands for an object or array nested deeper than MAX_DEPTH: a client may
 * send a body nested thousands deep, which the journal must still list (as JSON)
 * without a stack overflow, and without a secret hidden below the masking depth.
 */
export const TOO_DEEP = '[nested too deep]';
const MAX_DEPTH = 64;

/** `"name": value` in JSON that did not parse (a typo, a cut body); the name may be escaped (`"pass\u0077ord"`). */
const JSON_PAIR = /("((?:[^"\\]|\\.)*)"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,}\]\s]+)/g;
/** `name=value` pairs (a form, a query string), the name perhaps percent-encoded. */
const FORM_PAIR = /((?:^|[&;?])([^=&;\r\n]*)=)([^&;\r\n]*)/g;
/** A multipart part's value, by the part's `name`. */
const MULTIPART_PART = /(name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)([\s\S]*?)(?=\r?\n--|$)/g;
/** `name: value` lines (YAML, headers pasted as text). */
const LINE_PAIR = /(^|\n)([ \t]*([^:\r\n"]+?)[ \t]*:[ \t]*)([^\r\n]*)/g;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What the journal and the logs hide, for one app's vendors: the generic
 * credential headers and field names plus those each provider declares. Shared
 * code knows no vendor: a vendor's own names come from its `Provider`.
 */
export class Masking {
  private readonly secretField: RegExp;
  /** Cheap test that a text may hold a credential name at all, however written (`\u0077`, `%77`). */
  private readonly secretHint: RegExp;
  private readonly headers: ReadonlySet<string>;
  private readonly headerLengths: ReadonlySet<number>;
  /** Logger redaction paths (pino) for the credential headers. */
  readonly redactPaths: string[];

  constructor(providers: readonly Pick<Provider, 'credentialHeaders' | 'secretFields'>[] = []) {
    const fields = [...GENERIC_SECRET_FIELDS, ...providers.flatMap((p) => p.secretFields ?? [])];
    this.secretField = new RegExp(`(?:${fields.map(escapeRegExp).join('|')})$`, 'i');
    const words = fields.map((f) => escapeRegExp(f.slice(0, 4)));
    this.secretHint = new RegExp(`${[...new Set(words)].join('|')}|\\\\u00|%[0-9a-f]{2}`, 'i');
    const headers = [...GENERIC_CREDENTIAL_HEADERS, ...providers.flatMap((p) => p.credentialHeaders ?? [])];
    this.headers = new Set(headers.map((h) => h.toLowerCase()));
    this.headerLengths = new Set([...this.headers].map((h) => h.length));
    this.redactPaths = [...this.headers].map((h) => `req.headers["${h}"]`);
  }

  /** A field, form or part name that holds a credential (`client_secret`, `user[password]`, `clientSecret`). */
  isSecretName(name: string): boolean {
    return this.secretField.test(name.trim().replace(/\]$/, ''));
  }

  /**
   * A deep copy of `value` with every credential-looking field replaced by `***`,
   * and credentials inside any string masked as in text (a validation error that
   * echoes a raw body, as Junction's 422 `input` does).
   */
  maskSecrets(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.maskSecretsInText(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return TOO_DEEP;
    if (Array.isArray(value)) return value.map((v) => this.maskSecrets(v, depth + 1));
    const out: Record<string, unknown> = {};
    const echoesSecret = this.echoesSecretInput(value);
    for (const [k, v] of Object.entries(value)) {
      const secret = this.isSecretName(k) || (k === 'input' && echoesSecret);
      const masked = secret && v !== null && v !== '' ? MASK : this.maskSecrets(v, depth + 1);
      Object.defineProperty(out, this.maskSecretsInText(k), {
        value: masked,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  /**
   * A validation error that echoes what it refuses, as pydantic's do (Junction's 422:
   * `{"loc": ["body", "api_key"], "input": "..."}`): the value sits under `input`,
   * and only `loc` says which field it came from.
   */
  private echoesSecretInput(error: object): boolean {
    if (!Object.hasOwn(error, 'input') || !Object.hasOwn(error, 'loc')) return false;
    const { loc } = error as { loc: unknown };
    if (!Array.isArray(loc)) return false;
    const field = loc[loc.length - 1];
    return typeof field === 'string' && this.isSecretName(field);
  }

  /**
   * Text that is not JSON (or a JSON string anywhere in a body) with the
   * credentials it carries masked, however they are written: JSON pairs, form
   * pairs, multipart parts, `name: value` lines. A client's mistake (a form sent as
   * text/plain, JSON sent as a form, JSON with a trailing comma) must not show one.
   */
  maskSecretsInText(text: string): string {
    // UTF-16 or UTF-32 bytes echoed as text (a vendor quoting a body it could not
    // read) interleave NULs: read without them, and shown so if that masks anything.
    if (text.includes('\u0000')) {
      const bare = text.replace(/\u0000/g, '');
      const masked = this.maskPlainText(bare);
      return masked === bare ? this.maskPlainText(text) : masked;
    }
    return this.maskPlainText(text);
  }

  private maskPlainText(text: string): string {
    if (!this.secretHint.test(text)) return text;
    const secret = (name: string) => this.isSecretName(name);
    return text
      .replace(JSON_PAIR, (m, head: string, name: string) => (secret(jsonString(name)) ? `${head}"${MASK}"` : m))
      .replace(FORM_PAIR, (m, head: string, name: string) => (secret(formName(name)) ? `${head}${MASK}` : m))
      .replace(MULTIPART_PART, (m, head: string, name: string) => (secret(name) ? `${head}${MASK}` : m))
      .replace(LINE_PAIR, (m, lead: string, head: string, name: string) =>
        secret(name) ? `${lead}${head}${MASK}` : m,
      );
  }

  /** A path whose query string may carry credentials (`?client_secret=...`). */
  maskQuery(path: string): string {
    const q = path.indexOf('?');
    return q < 0 ? path : path.slice(0, q + 1) + this.maskSecretsInText(path.slice(q + 1));
  }

  /** A header's value with a credential masked: `Authorization` keeps its scheme (`Bearer ***`). */
  maskHeaderValue(name: string, value: string): string {
    // Runs for every header of every vendor request: most names are ruled out by their length alone.
    if (!this.headerLengths.has(name.length)) return value;
    const lower = name.toLowerCase();
    if (!this.headers.has(lower)) return value;
    return lower === 'authorization' ? value.replace(/^(\S+\s+)?.*$/, (_m, scheme) => `${scheme ?? ''}${MASK}`) : MASK;
  }

  maskHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined) continue;
      out[k] = this.maskHeaderValue(k, Array.isArray(v) ? v.join(', ') : String(v));
    }
    return out;
  }

  /**
   * Headers as the journal stores them: name/value pairs (Node's `rawHeaders`
   * form), credentials already masked, so the journal never holds one.
   */
  maskedHeaderPairs(headers: readonly string[] | Record<string, unknown>): string[] {
    const out: string[] = [];
    if (Array.isArray(headers)) {
      const raw = headers as readonly string[];
      for (let i = 0; i + 1 < raw.length; i += 2) out.push(raw[i]!, this.maskHeaderValue(raw[i]!, raw[i + 1]!));
      return out;
    }
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || value === null) continue;
      for (const v of Array.isArray(value) ? value : [value]) out.push(name, this.maskHeaderValue(name, String(v)));
    }
    return out;
  }
}

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
