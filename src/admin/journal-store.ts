/**
 * The bytes behind the journal. Every entry is encoded into large shared
 * buffers instead of being kept as objects: a journal of thousands of live
 * requests (their header objects, body buffers, strings) would otherwise be
 * copied and traced by every garbage collection, which under load costs more
 * than serving the request did.
 */

export interface RecordedRequest {
  time: number;
  vendor: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The headers as Node's `rawHeaders` (name, value, name, value...); read back, they are Node's `req.headers`. */
  requestHeaders: readonly string[];
  requestContentType: string | undefined;
  requestBody: Buffer | string | undefined;
  responseBody: string | undefined;
  /** Why orgmock refused the request, for the developer; never part of the answer. */
  reason?: string | undefined;
  /** The whole request body's size when only its start is kept (the journal's body limit). */
  requestBodyBytes?: number | undefined;
  /** The whole response body's length when only its start is kept. */
  responseBodyLength?: number | undefined;
}

/** What comes back out: header values as strings (arrays kept), bodies as they went in. */
export interface StoredRequest extends Omit<RecordedRequest, 'requestHeaders'> {
  /** Lower-case names; repeated headers combined as Node does for `req.headers`. */
  requestHeaders: Record<string, string | string[]>;
}

const CHUNK_BYTES = 1 << 20;
const SPARE_CHUNKS = 2;
const NONE = 0;
const TEXT = 1;
const BYTES = 2;
const JSON_TEXT = 3;

/** Thrown when an entry does not fit in the rest of the chunk being written. */
const FULL = new Error('journal chunk full');

/** Encodes entries straight into a chunk; `FULL` when the chunk has no room left for this one. */
class Writer {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n > this.buf.length) throw FULL;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  u32(v: number): void {
    this.room(4);
    this.pos = this.buf.writeUInt32LE(v, this.pos);
  }

  f64(v: number): void {
    this.room(8);
    this.pos = this.buf.writeDoubleLE(v, this.pos);
  }

  str(s: string): void {
    // Up to three bytes per UTF-16 unit; a string that may not fit is measured exactly.
    const max = 3 * s.length;
    if (this.pos + 4 + max > this.buf.length) this.room(4 + Buffer.byteLength(s, 'utf8'));
    const n = this.buf.write(s, this.pos + 4, this.buf.length - this.pos - 4, 'utf8');
    this.buf.writeUInt32LE(n, this.pos);
    this.pos += 4 + n;
  }

  bytes(b: Buffer): void {
    this.room(4 + b.length);
    this.buf.writeUInt32LE(b.length, this.pos);
    this.buf.set(b, this.pos + 4);
    this.pos += 4 + b.length;
  }
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    private pos: number,
  ) {}

  u8(): number {
    return this.buf[this.pos++]!;
  }

  u32(): number {
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  str(): string {
    const n = this.u32();
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  bytes(): Buffer {
    const n = this.u32();
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return b;
  }
}

/**
 * The short text fields and the headers go in as one string of lines (a single
 * join and a single write: no field of an HTTP request holds a line break); a
 * request that does carry one, which only an in-process caller can send, goes in
 * as a JSON array instead. Bodies are written apart, as their UTF-8 bytes:
 * embedded in JSON, every quote of a JSON body would be escaped on the way in and
 * out. A string that UTF-8 cannot carry exactly (a lone surrogate) is kept as JSON.
 */
function encode(w: Writer, e: RecordedRequest): void {
  w.f64(e.time);
  w.f64(e.durationMs);
  w.u32(e.status);
  w.u8(e.requestContentType === undefined ? NONE : TEXT);
  const fields = [e.vendor, e.method, e.path, e.requestContentType ?? '', ...e.requestHeaders];
  let lines = true;
  for (const f of fields) if (f.includes('\n')) lines = false;
  const joined = lines ? fields.join('\n') : '';
  if (lines && joined.isWellFormed()) {
    w.u8(TEXT);
    w.str(joined);
  } else {
    w.u8(JSON_TEXT);
    w.str(JSON.stringify(fields));
  }
  const body = e.requestBody;
  if (body === undefined || typeof body === 'string') text(w, body);
  else {
    w.u8(BYTES);
    w.bytes(body);
  }
  text(w, e.responseBody);
  text(w, e.reason);
  w.f64(e.requestBodyBytes ?? -1);
  w.f64(e.responseBodyLength ?? -1);
}

/** Headers Node keeps the first of when repeated (`matchKnownFields` in `_http_incoming`). */
const SINGLE = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'referer',
  'host',
  'authorization',
  'proxy-authorization',
  'if-modified-since',
  'if-unmodified-since',
  'from',
  'location',
  'max-forwards',
  'retry-after',
  'etag',
  'last-modified',
  'server',
  'age',
  'expires',
]);

/** Name/value pairs into `req.headers` form, with Node's rules for repeated headers. */
function headersFromPairs(pairs: string[], from: number): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (let i = from; i + 1 < pairs.length; i += 2) {
    const name = pairs[i]!.toLowerCase();
    const value = pairs[i + 1]!;
    const seen = headers[name];
    if (name === 'set-cookie') headers[name] = seen === undefined ? [value] : [...(seen as string[]), value];
    else if (seen === undefined) headers[name] = value;
    else if (SINGLE.has(name)) continue;
    else headers[name] = `${seen as string}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return headers;
}

function text(w: Writer, s: string | undefined): void {
  if (s === undefined) w.u8(NONE);
  else if (s.isWellFormed()) {
    w.u8(TEXT);
    w.str(s);
  } else {
    w.u8(JSON_TEXT);
    w.str(JSON.stringify(s));
  }
}

function readText(r: Reader, tag: number): string | undefined {
  if (tag === NONE) return undefined;
  const s = r.str();
  return tag === JSON_TEXT ? (JSON.parse(s) as string) : s;
}

function decode(buf: Buffer, offset: number): StoredRequest {
  const r = new Reader(buf, offset);
  const time = r.f64();
  const durationMs = r.f64();
  const status = r.u32();
  const hasContentType = r.u8() !== NONE;
  const fieldsTag = r.u8();
  const text = r.str();
  const fields = fieldsTag === JSON_TEXT ? (JSON.parse(text) as string[]) : text.split('\n');
  const bodyTag = r.u8();
  const requestBody = bodyTag === BYTES ? r.bytes() : readText(r, bodyTag);
  const responseBody = readText(r, r.u8());
  const reason = readText(r, r.u8());
  const requestBodyBytes = r.f64();
  const responseBodyLength = r.f64();
  return {
    time,
    durationMs,
    status,
    vendor: fields[0]!,
    method: fields[1]!,
    path: fields[2]!,
    requestContentType: hasContentType ? fields[3] : undefined,
    requestHeaders: headersFromPairs(fields, 4),
    requestBody,
    responseBody,
    reason,
    ...(requestBodyBytes >= 0 ? { requestBodyBytes } : {}),
    ...(responseBodyLength >= 0 ? { responseBodyLength } : {}),
  };
}

interface Chunk {
  buf: Buffer;
  /** Entries still kept in it; at 0 (and not the one being written) it is dropped. */
  live: number;
}

/**
 * The last `limit` requests, oldest first, as encoded bytes, in at most about
 * `maxBytes` of chunks: past that the oldest entries are pushed out too, however
 * few are kept. Entries are appended to 1 MiB chunks (a larger entry gets a chunk
 * of its own); a chunk is released once every entry in it has been pushed out.
 */
export class RequestRing {
  private readonly writer = new Writer();
  private chunks = new Map<number, Chunk>();
  /**
   * Released chunks of the usual size, written again rather than allocated anew:
   * fresh memory costs a page fault per 4 KiB on first write, every time.
   */
  private spare: Buffer[] = [];
  private current = -1;
  private used = 0;
  /** Where each kept entry is: chunk number and offset, by ring slot. */
  private readonly chunkOf: Int32Array;
  private readonly offsetOf: Int32Array;
  private start = 0;
  private count = 0;
  /** Bytes of the chunks in `chunks`. */
  private held = 0;

  constructor(
    private readonly limit: number,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    this.chunkOf = new Int32Array(Math.max(0, limit));
    this.offsetOf = new Int32Array(Math.max(0, limit));
  }

  get size(): number {
    return this.count;
  }

  /** Bytes of the chunks still held: what the kept entries cost, give or take one chunk. */
  get bytesHeld(): number {
    return this.held;
  }

  push(e: RecordedRequest): void {
    if (this.limit <= 0) return;
    const w = this.writer;
    let chunk = this.chunks.get(this.current);
    let at = this.used;
    // Into the current chunk if it fits; else into a new one, as large as the entry needs.
    for (let size = CHUNK_BYTES; ; size *= 2) {
      if (chunk) {
        w.buf = chunk.buf;
        w.pos = at;
        try {
          encode(w, e);
          break;
        } catch (err) {
          if (err !== FULL) throw err;
        }
      }
      if (chunk && chunk.live === 0) this.drop(this.current);
      this.current++;
      chunk = { buf: (size === CHUNK_BYTES && this.spare.pop()) || Buffer.allocUnsafeSlow(size), live: 0 };
      this.chunks.set(this.current, chunk);
      this.held += chunk.buf.length;
      at = 0;
    }

    let slot: number;
    if (this.count < this.limit) {
      slot = (this.start + this.count) % this.limit;
      this.count++;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % this.limit;
      this.release(this.chunkOf[slot]!);
    }
    this.chunkOf[slot] = this.current;
    this.offsetOf[slot] = at;
    chunk.live++;
    this.used = w.pos;
    // Over the byte budget: the oldest go, the newest entry stays.
    while (this.held > this.maxBytes && this.count > 1) {
      const oldest = this.start;
      this.start = (this.start + 1) % this.limit;
      this.count--;
      this.release(this.chunkOf[oldest]!);
    }
  }

  /** The newest kept entry. */
  last(): StoredRequest | undefined {
    if (this.count === 0) return undefined;
    const slot = (this.start + this.count - 1) % this.limit;
    return decode(this.chunks.get(this.chunkOf[slot]!)!.buf, this.offsetOf[slot]!);
  }

  /** The kept entry at `index` (0 is the oldest). */
  at(index: number): StoredRequest | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const slot = (this.start + index) % this.limit;
    return decode(this.chunks.get(this.chunkOf[slot]!)!.buf, this.offsetOf[slot]!);
  }

  /** The kept entries, oldest first, from the `from`-th kept one on. */
  *entries(from = 0): Generator<StoredRequest> {
    for (let i = Math.max(0, from); i < this.count; i++) {
      const slot = (this.start + i) % this.limit;
      yield decode(this.chunks.get(this.chunkOf[slot]!)!.buf, this.offsetOf[slot]!);
    }
  }

  clear(): void {
    this.chunks = new Map();
    this.held = 0;
    this.spare = [];
    this.current = -1;
    this.used = 0;
    this.start = 0;
    this.count = 0;
  }

  private release(chunkNumber: number): void {
    const chunk = this.chunks.get(chunkNumber)!;
    chunk.live--;
    if (chunk.live === 0 && chunkNumber !== this.current) this.drop(chunkNumber);
  }

  private drop(chunkNumber: number): void {
    const { buf } = this.chunks.get(chunkNumber)!;
    this.chunks.delete(chunkNumber);
    this.held -= buf.length;
    if (buf.length === CHUNK_BYTES && this.spare.length < SPARE_CHUNKS) this.spare.push(buf);
  }
}
