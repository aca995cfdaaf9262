import { MASK, Masking } from './mask.js';
import { bodyText } from './body-text.js';
import { RequestRing, type RecordedRequest, type StoredRequest } from './journal-store.js';

/** What the hot path records: raw, cheap to capture. Decoding and masking happen on read. */
type RawEntry = StoredRequest & { id: number };

export interface JournalEntry {
  id: number;
  time: string;
  vendor: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  responseBody: unknown;
  /** Why orgmock refused the request (a few plain words), or null; never sent to the client. */
  reason: string | null;
}

export interface JournalFilter {
  /** Only entries recorded after the one with this id (ids only grow, across clears and resets). */
  since?: number;
  /** At most this many entries (the oldest that match): page on with `since` = the last one's id. */
  limit?: number;
  vendor?: string;
  path?: string;
  status?: number;
  method?: string;
}

export interface JournalLimits {
  /** Entries kept (default 10,000). */
  entries?: number;
  /** Bytes the kept entries may take, about (default 16 MiB): past it the oldest go. */
  bytes?: number;
  /** Bytes of a request or response body kept (default 32 KiB); the rest is cut, and the entry says so. */
  bodyBytes?: number;
}

const DEFAULT_LIMITS = { entries: 10_000, bytes: 16 * 1024 * 1024, bodyBytes: 32 * 1024 };

/**
 * The in-memory journal of vendor requests, oldest first, bounded so a long
 * benchmark or soak run, or a client sending large bodies, cannot grow it
 * without limit: in entries and in bytes (large bodies cut, the oldest entries
 * pushed out).
 */
export class Journal {
  private readonly ring: RequestRing;
  private readonly bodyBytes: number;
  /** Id of the next entry; the kept ones are the `size` before it. */
  private nextId = 1;
  private readonly listeners = new Set<(entry: JournalEntry) => void>();
  private readonly clearListeners = new Set<() => void>();

  /** `masking` says which headers and fields hold credentials (the app's vendors declare theirs). */
  constructor(
    limits: number | JournalLimits = {},
    private readonly masking: Masking = new Masking(),
  ) {
    const given = typeof limits === 'number' ? { entries: limits } : limits;
    const l = {
      entries: given.entries ?? DEFAULT_LIMITS.entries,
      bytes: given.bytes ?? DEFAULT_LIMITS.bytes,
      bodyBytes: given.bodyBytes ?? DEFAULT_LIMITS.bodyBytes,
    };
    this.ring = new RequestRing(l.entries, l.bytes);
    this.bodyBytes = l.bodyBytes;
  }

  /** Headers as Node's `rawHeaders` pairs, or an object of lower-case names. */
  record(
    e: Omit<RecordedRequest, 'requestHeaders'> & { requestHeaders: readonly string[] | Record<string, unknown> },
  ): void {
    // Credentials in headers are masked before they are stored: the journal never shows them, so it need not hold them.
    const stored: RecordedRequest = { ...e, requestHeaders: this.masking.maskedHeaderPairs(e.requestHeaders) };
    const max = this.bodyBytes;
    const body = e.requestBody;
    if (body !== undefined && body.length > max) {
      stored.requestBodyBytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
      stored.requestBody = typeof body === 'string' ? body.slice(0, max) : body.subarray(0, max);
    }
    if (e.responseBody !== undefined && e.responseBody.length > max) {
      stored.responseBodyLength = e.responseBody.length;
      stored.responseBody = e.responseBody.slice(0, max);
    }
    this.ring.push(stored);
    const id = this.nextId++;
    // Decoding and masking cost: done only when someone listens (a live page, a test waiting for a request).
    if (this.listeners.size > 0) {
      const entry = this.latest(id);
      if (entry) for (const listener of this.listeners) listener(entry);
    }
  }

  /** Calls `listener` with each entry recorded from now on; returns the function that stops it. */
  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private latest(id: number): JournalEntry | undefined {
    const last = this.ring.last();
    return last ? present({ ...last, id }, this.masking) : undefined;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.page(filter, Number.POSITIVE_INFINITY).requests;
  }

  /**
   * Entries as `list` gives them, up to about `maxBytes` of kept bodies: a page
   * that stops early says so with `next`, the `since` of the following page.
   * `GET /__admin/requests` answers a page, so its answer stays a few MiB
   * whatever the journal holds.
   */
  page(filter: JournalFilter, maxBytes: number): { requests: JournalEntry[]; next?: number } {
    const out: JournalEntry[] = [];
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return { requests: out };
    let bytes = 0;
    const firstId = this.nextId - this.ring.size;
    // Ids are consecutive: `since` says where to start reading.
    const from = filter.since === undefined ? 0 : Math.max(0, filter.since - firstId + 1);
    let id = firstId + from;
    for (const stored of this.ring.entries(from)) {
      const e = { ...stored, id: id++ };
      if (!matches(e, filter)) continue;
      if (out.length > 0 && bytes >= maxBytes) return { requests: out, next: out.at(-1)!.id };
      out.push(present(e, this.masking));
      bytes += (e.requestBody?.length ?? 0) + (e.responseBody?.length ?? 0);
      if (out.length >= limit) break;
    }
    return { requests: out };
  }

  /** One kept entry by its id, as `list` shows it; undefined once it has been pushed out or cleared. */
  get(id: number): JournalEntry | undefined {
    const stored = this.ring.at(id - (this.nextId - this.ring.size));
    return stored ? present({ ...stored, id }, this.masking) : undefined;
  }

  get size(): number {
    return this.ring.size;
  }

  /** Calls `listener` each time the journal is emptied (a reset, `DELETE /__admin/requests`); returns the function that stops it. */
  onClear(listener: () => void): () => void {
    this.clearListeners.add(listener);
    return () => this.clearListeners.delete(listener);
  }

  clear(): void {
    for (const listener of this.clearListeners) listener();
    this.ring.clear();
  }
}

/** Whether an entry (stored or presented) passes a filter. */
export function matches(
  e: { id: number; vendor: string; method: string; status: number; path: string },
  f: JournalFilter,
): boolean {
  if (f.since !== undefined && e.id <= f.since) return false;
  if (f.vendor !== undefined && e.vendor !== f.vendor) return false;
  if (f.method !== undefined && e.method !== f.method.toUpperCase()) return false;
  if (f.status !== undefined && e.status !== f.status) return false;
  if (f.path !== undefined && !e.path.startsWith(f.path)) return false;
  return true;
}

function present(e: RawEntry, m: Masking): JournalEntry {
  return {
    id: e.id,
    time: new Date(e.time).toISOString(),
    vendor: e.vendor,
    method: e.method,
    path: m.maskQuery(e.path),
    status: e.status,
    durationMs: e.durationMs,
    requestHeaders: m.maskHeaders(e.requestHeaders),
    requestBody: cut(decodeBody(e.requestBody, e.requestContentType, m), e.requestBodyBytes, 'bytes'),
    responseBody: cut(decodeBody(e.responseBody, undefined, m), e.responseBodyLength, 'characters'),
    reason: e.reason ?? null,
  };
}

/** A body cut by the journal's body limit: its start as text (masked), and a marker that says so. */
function cut(shown: unknown, whole: number | undefined, unit: string): unknown {
  if (whole === undefined) return shown;
  const text = typeof shown === 'string' ? shown : JSON.stringify(shown);
  return `${text}${TRUNCATED} (${whole} ${unit} in all)]`;
}

/** What ends a body the journal cut. */
export const TRUNCATED = '…[orgmock: cut here, body too large to keep';

/**
 * A body as the journal shows it, masked. What it is, JSON or not, is read from
 * its bytes, never from the content type the client claimed: JSON sent as a
 * form (axios's default for a string) is shown, and masked, as JSON. A form the
 * client declared is shown as its fields; anything else as masked text.
 */
function decodeBody(body: Buffer | string | undefined, contentType: string | undefined, m: Masking): unknown {
  if (body === undefined || body.length === 0) return null;
  const text = typeof body === 'string' ? body : bodyText(body);
  try {
    return m.maskSecrets(JSON.parse(text));
  } catch {
    // not JSON
  }
  if (contentType?.toLowerCase().includes('application/x-www-form-urlencoded') && !text.includes('\n')) {
    const out: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(text)) {
      Object.defineProperty(out, m.maskSecretsInText(name), {
        value: m.isSecretName(name) && value !== '' ? MASK : m.maskSecretsInText(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return m.maskSecretsInText(text);
}
