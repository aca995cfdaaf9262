/**
 * Credentials and memberships are read on every request and written rarely
 * (seeding, reset, a minted key, a sign-up). The store keeps what it read from
 * them here and empties the cache on any write to them, so a read never sees a
 * value the database no longer holds. Entries are frozen: callers share them.
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

  clear(): void {
    this.entries.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
