/**
 * What the store read or wrote last, kept so that a request's reads need not go
 * back to SQLite. The store updates or empties it on every write, and empties it
 * when a transaction rolls back, so a read never sees a value the database no
 * longer holds. Entries are frozen: callers share them.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, V | null>();

  /** Bounded so lookups of unknown credentials (a fuzzer, a scan) cannot grow it without limit. */
  constructor(private readonly limit = 10_000) {}

  get(key: string, load: () => V | undefined): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const value = load();
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value === undefined ? null : deepFreeze(value));
    return value;
  }

  /** What a write just stored, so the next read need not fetch it back. */
  set(key: string, value: V): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, deepFreeze(value));
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Already frozen parts (those an update kept from the value before) are not walked again. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  // Loops rather than Object.values: no array of values built on every write.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) deepFreeze(record[key]);
  }
  return value;
}
