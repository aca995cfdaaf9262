import { maskHeaders, maskQuery, maskSecrets, maskSecretsInText } from './mask.js';

/** What the hot path records: raw, cheap to capture. Decoding and masking happen on read. */
interface RawEntry {
  id: number;
  time: number;
  vendor: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  requestHeaders: Record<string, string | string[] | undefined>;
  requestContentType: string | undefined;
  requestBody: Buffer | string | undefined;
  responseBody: string | undefined;
}

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
}

export interface JournalFilter {
  vendor?: string;
  path?: string;
  status?: number;
  method?: string;
}

/**
 * The in-memory journal of vendor requests, oldest first, bounded so a long
 * benchmark or soak run cannot grow it without limit. A ring: once full, each
 * new entry takes the oldest one's slot, so recording costs the same at any size.
 */
export class Journal {
  private slots: (RawEntry | undefined)[] = [];
  /** Index of the oldest entry in `slots`. */
  private start = 0;
  private count = 0;
  private nextId = 1;

  constructor(private readonly limit = 10_000) {}

  record(e: Omit<RawEntry, 'id'>): void {
    if (this.limit <= 0) return;
    const entry: RawEntry = { ...e, id: this.nextId++ };
    if (this.count < this.limit) {
      this.slots[(this.start + this.count) % this.limit] = entry;
      this.count++;
    } else {
      this.slots[this.start] = entry;
      this.start = (this.start + 1) % this.limit;
    }
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = 0; i < this.count; i++) {
      const e = this.slots[(this.start + i) % this.limit]!;
      if (matches(e, filter)) out.push(present(e));
    }
    return out;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.slots = [];
    this.start = 0;
    this.count = 0;
  }
}

function matches(e: RawEntry, f: JournalFilter): boolean {
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
    requestBody: maskSecrets(decodeBody(e.requestBody, e.requestContentType)),
    responseBody: maskSecrets(decodeBody(e.responseBody, 'application/json')),
  };
}

function decodeBody(body: Buffer | string | undefined, contentType: string | undefined): unknown {
  if (body === undefined || body.length === 0) return null;
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    return maskSecretsInText(text);
  }
}
