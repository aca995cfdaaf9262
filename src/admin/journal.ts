import {
  MASK,
  isSecretName,
  maskHeaders,
  maskQuery,
  maskSecrets,
  maskSecretsInText,
  maskedHeaderPairs,
} from './mask.js';
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
  vendor?: string;
  path?: string;
  status?: number;
  method?: string;
}

/**
 * The in-memory journal of vendor requests, oldest first, bounded so a long
 * benchmark or soak run cannot grow it without limit: once full, each new entry
 * pushes out the oldest.
 */
export class Journal {
  private readonly ring: RequestRing;
  /** Id of the next entry; the kept ones are the `size` before it. */
  private nextId = 1;
  private readonly listeners = new Set<(entry: JournalEntry) => void>();

  constructor(limit = 10_000) {
    this.ring = new RequestRing(limit);
  }

  /** Headers as Node's `rawHeaders` pairs, or an object of lower-case names. */
  record(
    e: Omit<RecordedRequest, 'requestHeaders'> & { requestHeaders: readonly string[] | Record<string, unknown> },
  ): void {
    // Credentials in headers are masked before they are stored: the journal never shows them, so it need not hold them.
    this.ring.push({ ...e, requestHeaders: maskedHeaderPairs(e.requestHeaders) });
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
    return last ? present({ ...last, id }) : undefined;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    let id = this.nextId - this.ring.size;
    for (const stored of this.ring.entries()) {
      const e = { ...stored, id: id++ };
      if (matches(e, filter)) out.push(present(e));
    }
    return out;
  }

  get size(): number {
    return this.ring.size;
  }

  clear(): void {
    this.ring.clear();
  }
}

function matches(e: RawEntry, f: JournalFilter): boolean {
  if (f.since !== undefined && e.id <= f.since) return false;
  if (f.vendor !== undefined && e.vendor !== f.vendor) return false;
  if (f.method !== undefined && e.method !== f.method.toUpperCase()) return false;
  if (f.status !== undefined && e.status !== f.status) return false;
  if (f.path !== undefined && !e.path.startsWith(f.path)) return false;
  return true;
}

function present(e: RawEntry): JournalEntry {
  return {
    id: e.id,
    time: new Date(e.time).toISOString(),
    vendor: e.vendor,
    method: e.method,
    path: maskQuery(e.path),
    status: e.status,
    durationMs: e.durationMs,
    requestHeaders: maskHeaders(e.requestHeaders),
    requestBody: decodeBody(e.requestBody, e.requestContentType),
    responseBody: decodeBody(e.responseBody, undefined),
    reason: e.reason ?? null,
  };
}

/**
 * A body as the journal shows it, masked. What it is, JSON or not, is read from
 * its bytes, never from the content type the client claimed: JSON sent as a
 * form (axios's default for a string) is shown, and masked, as JSON. A form the
 * client declared is shown as its fields; anything else as masked text.
 */
function decodeBody(body: Buffer | string | undefined, contentType: string | undefined): unknown {
  if (body === undefined || body.length === 0) return null;
  const text = typeof body === 'string' ? body : bodyText(body);
  try {
    return maskSecrets(JSON.parse(text));
  } catch {
    // not JSON
  }
  if (contentType?.toLowerCase().includes('application/x-www-form-urlencoded') && !text.includes('\n')) {
    const out: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(text)) {
      Object.defineProperty(out, maskSecretsInText(name), {
        value: isSecretName(name) && value !== '' ? MASK : maskSecretsInText(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return maskSecretsInText(text);
}
