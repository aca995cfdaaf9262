/**
 * protojson's reading of a JSON value into one of Scalekit's request messages,
 * with its exact error texts (`proto: (line 1:2): unknown field "foo"`,
 * `proto: (line 1:17): invalid value for string field displayName: 123`,
 * `proto: syntax error (line 1:1): unexpected token [`), following
 * google.golang.org/protobuf/encoding/protojson/decode.go. A field is found by
 * its JSON name or its proto name; `null` counts as absent; a field given twice
 * (under either name) is refused. With `discardUnknown` (grpc-gateway v2's
 * default marshaler sets it: runtime/marshaler_registry.go, v2.23.0 line 26) an
 * unknown field's value is skipped and its name reported back.
 *
 * The input is a value Go's encoding/json already accepted (see ../shared/go-json.ts),
 * so only the checks protojson adds on top of JSON syntax are made here.
 */

import { isUtf8 } from 'node:buffer';
import { goQuote, utf8SequenceLength } from '../shared/go-quote.js';

export type FieldKind = { type: 'string' } | { type: 'enum'; values: readonly string[] } | { type: 'map' };

export interface FieldDescriptor {
  number: number;
  /** Proto field name: `display_name`. */
  name: string;
  /** JSON name: `displayName`. */
  jsonName: string;
  kind: FieldKind;
}

export type DecodedValue = string | Record<string, string>;
/** What went wrong with a named field, for a field violation. */
export type DecodeProblem = 'unknown_field' | 'type' | 'duplicate';

export type Decoded =
  | {
      ok: true;
      fields: Map<string, DecodedValue> /** With `discardUnknown`: the names skipped, in body order. */;
      unknown?: string[];
    }
  | { ok: false; message: string; field?: string; problem?: DecodeProblem };

type TokenKind =
  | 'ObjectOpen'
  | 'ObjectClose'
  | 'ArrayOpen'
  | 'ArrayClose'
  | 'Name'
  | 'String'
  | 'Number'
  | 'Bool'
  | 'Null'
  | 'EOF';
interface Token {
  kind: TokenKind;
  /** Byte offset of the token in the value. */
  pos: number;
  /** The token as written (a string with its quotes and escapes). */
  raw: string;
  /** A string's or name's decoded text. */
  str?: string;
}

class ProtoJsonError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly problem?: DecodeProblem,
  ) {
    super(message);
  }
}

/** Every `"` that a colon follows, across whitespace: each name in a JSON text ends with one. */
const NAME_END = /"[\t\n\r ]*:/g;

const findField = (fields: readonly FieldDescriptor[], name: string) =>
  fields.find((f) => f.jsonName === name) ?? fields.find((f) => f.name === name);

/**
 * The common case without reading byte by byte: a whole body JSON.parse accepts,
 * naming only known fields, each once, with values of their type. Gives what
 * `readFirstValue` then `decodeMessage` would give for it, or undefined when
 * the body is anything else and the exact decoder must decide (and word the
 * error). What JSON.parse would let through and protojson would not is ruled
 * out first: invalid UTF-8, `\u` escapes (a lone surrogate), a repeated key
 * (JSON.parse keeps the last), a number for an enum (`1.0` is not one).
 */
export function decodeMessageFast(
  body: Buffer,
  fields: readonly FieldDescriptor[],
): Map<string, DecodedValue> | undefined {
  if (!isUtf8(body)) return undefined;
  const text = body.toString('utf8');
  if (text.includes('\\u')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const out = new Map<string, DecodedValue>();
  const seen = new Set<number>();
  let keys = 0;
  for (const [name, value] of Object.entries(parsed)) {
    keys++;
    const fd = findField(fields, name);
    if (!fd || seen.has(fd.number)) return undefined;
    seen.add(fd.number);
    if (value === null) continue;
    if (fd.kind.type === 'map') {
      if (typeof value !== 'object' || Array.isArray(value)) return undefined;
      for (const v of Object.values(value as object)) {
        keys++;
        if (typeof v !== 'string') return undefined;
      }
      // JSON.parse defines own properties, so a `__proto__` key stays plain data here too.
      out.set(fd.name, value as Record<string, string>);
    } else {
      if (typeof value !== 'string' || (fd.kind.type === 'enum' && !fd.kind.values.includes(value))) return undefined;
      out.set(fd.name, value);
    }
  }
  // Every name ends with a quote and a colon, so as many of those as distinct keys means no key was repeated.
  // Counted with test(), which keeps no match.
  let names = 0;
  NAME_END.lastIndex = 0;
  while (NAME_END.test(text)) if (++names > keys) return undefined;
  if (names !== keys) return undefined;
  return out;
}

/** Decodes `bytes` as the message whose fields are `fields`. */
export function decodeMessage(
  bytes: Buffer,
  fields: readonly FieldDescriptor[],
  options: { discardUnknown?: boolean } = {},
): Decoded {
  const lexer = new Lexer(bytes);
  const unknown: string[] = [];
  try {
    const out = readMessage(lexer, fields, options.discardUnknown ? unknown : undefined);
    const end = lexer.read();
    if (end.kind !== 'EOF') throw lexer.unexpected(end);
    return options.discardUnknown ? { ok: true, fields: out, unknown } : { ok: true, fields: out };
  } catch (err) {
    if (err instanceof ProtoJsonError)
      return { ok: false, message: `proto: ${err.message}`, field: err.field, problem: err.problem };
    throw err;
  }
}

/** `unknown` collects skipped names when unknown fields are discarded; without it they are refused. */
function readMessage(lexer: Lexer, fields: readonly FieldDescriptor[], unknown?: string[]): Map<string, DecodedValue> {
  const open = lexer.read();
  if (open.kind !== 'ObjectOpen') throw lexer.unexpected(open);
  const out = new Map<string, DecodedValue>();
  const seen = new Set<number>();
  for (;;) {
    const tok = lexer.read();
    if (tok.kind === 'ObjectClose') return out;
    if (tok.kind !== 'Name') throw lexer.unexpected(tok);
    const name = tok.str!;
    const fd = findField(fields, name);
    if (!fd) {
      if (!unknown) throw new ProtoJsonError(`${lexer.at(tok.pos)}unknown field ${tok.raw}`, name, 'unknown_field');
      unknown.push(name);
      skipValue(lexer);
      continue;
    }
    if (seen.has(fd.number))
      throw new ProtoJsonError(`${lexer.at(tok.pos)}duplicate field ${tok.raw}`, fd.name, 'duplicate');
    seen.add(fd.number);
    if (lexer.peek().kind === 'Null') {
      lexer.read();
      continue;
    }
    out.set(fd.name, fd.kind.type === 'map' ? readStringMap(lexer, fd) : readScalar(lexer, fd, fd.kind, fd.jsonName));
  }
}

/** protojson's skipJSONValue: one value of any shape (Go's scanner already found it well formed). */
function skipValue(lexer: Lexer): void {
  let depth = 0;
  do {
    const tok = lexer.read();
    if (tok.kind === 'ObjectOpen' || tok.kind === 'ArrayOpen') depth++;
    else if (tok.kind === 'ObjectClose' || tok.kind === 'ArrayClose') depth--;
    else if (tok.kind === 'EOF') throw new ProtoJsonError('unexpected EOF');
  } while (depth > 0);
}

function readScalar(lexer: Lexer, fd: FieldDescriptor, kind: FieldKind, jsonName: string): string {
  const tok = lexer.read();
  if (kind.type === 'string' && tok.kind === 'String') return tok.str!;
  if (kind.type === 'enum') {
    if (tok.kind === 'String' && kind.values.includes(tok.str!)) return tok.str!;
    // An enum may also be sent as its number.
    if (tok.kind === 'Number' && /^-?\d+$/.test(tok.raw) && kind.values[Number(tok.raw)] !== undefined)
      return kind.values[Number(tok.raw)]!;
  }
  throw new ProtoJsonError(
    `${lexer.at(tok.pos)}invalid value for ${kind.type} field ${jsonName}: ${tok.raw}`,
    fd.name,
    'type',
  );
}

function readStringMap(lexer: Lexer, fd: FieldDescriptor): Record<string, string> {
  const open = lexer.read();
  if (open.kind !== 'ObjectOpen') throw lexer.unexpected(open, fd.name);
  const entries = new Map<string, string>();
  for (;;) {
    const tok = lexer.read();
    if (tok.kind === 'ObjectClose') break;
    if (tok.kind !== 'Name') throw lexer.unexpected(tok);
    if (entries.has(tok.str!))
      throw new ProtoJsonError(`${lexer.at(tok.pos)}duplicate map key ${tok.raw}`, fd.name, 'duplicate');
    // The map entry's value field is named `value` in protojson's messages.
    entries.set(tok.str!, readScalar(lexer, fd, { type: 'string' }, 'value'));
  }
  // fromEntries defines own properties, so a `__proto__` key stays plain data.
  return Object.fromEntries(entries);
}

/** protojson's token reader over a value Go's scanner already found well formed. */
class Lexer {
  private i = 0;
  private peeked?: Token | ProtoJsonError;

  constructor(private readonly b: Buffer) {}

  /** `(line L:C): `, columns counted in runes from 1. */
  at(pos: number): string {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < pos; k++) {
      if (this.b[k] === 0x0a) {
        line++;
        lineStart = k + 1;
      }
    }
    return `(line ${line}:${runeCount(this.b.subarray(lineStart, pos)) + 1}): `;
  }

  private syntax(pos: number, text: string): ProtoJsonError {
    return new ProtoJsonError(`syntax error ${this.at(pos)}${text}`);
  }

  unexpected(tok: Token, field?: string): ProtoJsonError {
    const err = this.syntax(tok.pos, `unexpected token ${tok.raw}`);
    return field ? new ProtoJsonError(err.message, field, 'type') : err;
  }

  peek(): Token {
    if (!this.peeked) {
      try {
        this.peeked = this.next();
      } catch (err) {
        if (!(err instanceof ProtoJsonError)) throw err;
        this.peeked = err;
      }
    }
    if (this.peeked instanceof ProtoJsonError) return { kind: 'EOF', pos: this.i, raw: '' };
    return this.peeked;
  }

  read(): Token {
    const p = this.peeked;
    if (p) {
      this.peeked = undefined;
      if (p instanceof ProtoJsonError) throw p;
      return p;
    }
    return this.next();
  }

  private skipSpace(): void {
    while (this.i < this.b.length && [0x20, 0x0a, 0x0d, 0x09, 0x2c].includes(this.b[this.i]!)) this.i++;
  }

  private next(): Token {
    this.skipSpace();
    const pos = this.i;
    if (pos >= this.b.length) return { kind: 'EOF', pos, raw: '' };
    const c = this.b[pos]!;
    const single: Record<number, TokenKind> = {
      0x7b: 'ObjectOpen',
      0x7d: 'ObjectClose',
      0x5b: 'ArrayOpen',
      0x5d: 'ArrayClose',
    };
    if (single[c]) {
      this.i++;
      return { kind: single[c]!, pos, raw: String.fromCharCode(c) };
    }
    if (c === 0x22) {
      const str = this.readString(pos);
      const raw = this.b.subarray(pos, this.i).toString('utf8');
      let j = this.i;
      while (j < this.b.length && [0x20, 0x0a, 0x0d, 0x09].includes(this.b[j]!)) j++;
      if (this.b[j] === 0x3a) {
        this.i = j + 1;
        return { kind: 'Name', pos, raw, str };
      }
      return { kind: 'String', pos, raw, str };
    }
    let j = pos;
    while (j < this.b.length && /[-+.0-9a-zA-Z_]/.test(String.fromCharCode(this.b[j]!))) j++;
    const raw = this.b.subarray(pos, j).toString('latin1');
    this.i = j;
    if (raw === 'null') return { kind: 'Null', pos, raw };
    if (raw === 'true' || raw === 'false') return { kind: 'Bool', pos, raw };
    return { kind: 'Number', pos, raw };
  }

  /** A string literal starting at `start`; protojson refuses invalid UTF-8 and broken surrogate pairs. */
  private readString(start: number): string {
    const b = this.b;
    let i = start + 1;
    let out = '';
    for (;;) {
      if (i >= b.length) throw new ProtoJsonError('unexpected EOF');
      const c = b[i]!;
      if (c === 0x22) {
        this.i = i + 1;
        return out;
      }
      if (c === 0x5c) {
        const e = b[i + 1]!;
        const simple: Record<number, string> = {
          0x22: '"',
          0x5c: '\\',
          0x2f: '/',
          0x62: '\b',
          0x66: '\f',
          0x6e: '\n',
          0x72: '\r',
          0x74: '\t',
        };
        if (simple[e] !== undefined) {
          out += simple[e];
          i += 2;
          continue;
        }
        // \uXXXX (Go's scanner already checked the four hex digits).
        const unit = parseInt(b.subarray(i + 2, i + 6).toString('latin1'), 16);
        i += 6;
        if (unit >= 0xd800 && unit <= 0xdfff) {
          if (b.length - i < 6) throw new ProtoJsonError('unexpected EOF');
          const next = b.subarray(i, i + 6);
          const low = /^\\u[0-9a-fA-F]{4}$/.test(next.toString('latin1'))
            ? parseInt(next.subarray(2).toString('latin1'), 16)
            : NaN;
          if (!(unit <= 0xdbff && low >= 0xdc00 && low <= 0xdfff)) {
            throw this.syntax(start, `invalid escape code ${goQuote(next)} in string`);
          }
          out += String.fromCharCode(unit, low);
          i += 6;
          continue;
        }
        out += String.fromCharCode(unit);
        continue;
      }
      const len = utf8SequenceLength(b, i);
      if (len === 0) throw this.syntax(start, 'invalid UTF-8 in string');
      out += b.subarray(i, i + len).toString('utf8');
      i += len;
    }
  }
}

/** Go's utf8.RuneCount: a valid sequence is one rune, every other byte one rune too. */
export function runeCount(b: Buffer): number {
  let n = 0;
  for (let i = 0; i < b.length; n++) i += utf8SequenceLength(b, i) || 1;
  return n;
}
