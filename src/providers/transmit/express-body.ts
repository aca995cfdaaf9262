/**
 * What Transmit's NestJS (Express) app makes of a request body before any guard
 * or pipe runs: body-parser's `json()` and `urlencoded({ extended: true })`
 * middlewares, with their default 100kb limit.
 *
 * - `application/json`: strict JSON (only an object or an array at the top);
 *   a parse failure is a SyntaxError whose message NestJS sends back as a 400.
 * - `application/x-www-form-urlencoded`: parsed the way `qs` does (`a=1&a=2` and
 *   `a[]=1` give arrays, `a[b]=1` an object), every leaf a string.
 * - any other or no content type, or an empty body: no parser runs and the body
 *   is `{}`, so the update changes nothing.
 */
import type { FastifyRequest } from 'fastify';
import { mediaType } from '../../http/request.js';
import { transmitErrors } from './errors.js';

/** body-parser's default `limit: '100kb'`. */
const BODY_LIMIT = 100 * 1024;

export function readExpressBody(req: FastifyRequest): unknown {
  const raw = req.rawBody;
  const type = mediaType(req);
  if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') return {};
  if (!raw || raw.length === 0) return {};
  if (raw.length > BODY_LIMIT) throw transmitErrors.payloadTooLarge();
  const charset = charsetOf(req.contentType) ?? 'utf-8';
  if (type === 'application/json') return parseStrictJson(decode(raw, charset, true));
  return parseQs(decode(raw, charset, false));
}

function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1]?.toLowerCase();
}

/** Built once: a decoder keeps no state between whole-buffer `decode` calls, and building one costs more than decoding a small body. */
const UTF8 = new TextDecoder('utf-8');

/** json() accepts any `utf-*` charset it can decode; urlencoded() only UTF-8. */
function decode(raw: Buffer, charset: string, anyUtf: boolean): string {
  const utf8 = charset === 'utf-8' || charset === 'utf8';
  if (!utf8 && !(anyUtf && charset.startsWith('utf-'))) throw transmitErrors.unsupportedCharset(charset);
  let decoder: TextDecoder;
  try {
    decoder = utf8 ? UTF8 : new TextDecoder(charset);
  } catch {
    throw transmitErrors.unsupportedCharset(charset);
  }
  // iconv-lite drops a byte order mark, as TextDecoder does by default.
  return decoder.decode(raw);
}

const FIRST_CHAR = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;

/**
 * body-parser's strict mode: anything but `{` or `[` first is refused with the
 * message JSON.parse gives for the same text with that character and all after
 * it replaced by `#`, the `#`s then put back (so `"x"` reads
 * `Unexpected token '"', ""x"" is not valid JSON`).
 */
function parseStrictJson(text: string): unknown {
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw transmitErrors.malformedJson(strictViolationMessage(text, first));
  try {
    return JSON.parse(text);
  } catch (err) {
    throw transmitErrors.malformedJson((err as Error).message);
  }
}

function strictViolationMessage(text: string, char: string | undefined): string {
  const index = char === undefined ? -1 : text.indexOf(char);
  const partial = index === -1 ? '' : text.slice(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(partial);
    return 'strict violation';
  } catch (err) {
    return (err as Error).message.replace(/#+/g, (run) => text.slice(index, index + run.length));
  }
}

type QsValue = string | QsValue[] | { [key: string]: QsValue };

/** The subset of `qs.parse` (as body-parser's extended mode calls it) that a flat DTO can tell apart. */
function parseQs(text: string): Record<string, QsValue> {
  // A null prototype keeps keys like `__proto__` plain data, as qs's allowPrototypes does.
  const out: Record<string, QsValue> = Object.create(null);
  for (const part of text.split('&')) {
    if (part === '') continue;
    const bracketEq = part.indexOf(']=');
    const eq = bracketEq === -1 ? part.indexOf('=') : bracketEq + 1;
    const key = qsDecode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : qsDecode(part.slice(eq + 1));
    if (key === '') continue;
    const open = key.indexOf('[', 1);
    const root = open === -1 ? key : key.slice(0, open);
    const path = open === -1 ? [] : segments(key.slice(open));
    out[root] = assign(out[root], path, value);
  }
  return out;
}

function qsDecode(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** `[a][]` -> ['a', '']; text after the last well-formed bracket is one more segment, as qs does. */
function segments(rest: string): string[] {
  const out: string[] = [];
  const re = /\[([^[\]]*)\]/y;
  let m: RegExpExecArray | null;
  let last = 0;
  for (m = re.exec(rest); m !== null; m = re.exec(rest)) {
    out.push(m[1]!);
    last = re.lastIndex;
  }
  if (last < rest.length) out.push(rest.slice(last));
  return out;
}

function assign(current: QsValue | undefined, path: string[], value: string): QsValue {
  if (path.length === 0) {
    // A repeated key gathers its values into an array.
    if (current === undefined) return value;
    return Array.isArray(current) ? [...current, value] : [current as QsValue, value];
  }
  const [head, ...tail] = path as [string, ...string[]];
  if (head === '' || /^\d{1,3}$/.test(head)) {
    const list = Array.isArray(current) ? current : current === undefined ? [] : [current];
    const index = head === '' ? list.length : Number(head);
    list[index] = assign(list[index], tail, value);
    return list.filter((v) => v !== undefined);
  }
  const obj: Record<string, QsValue> =
    current !== undefined && typeof current === 'object' && !Array.isArray(current) ? current : Object.create(null);
  obj[head] = assign(obj[head], tail, value);
  return obj;
}
