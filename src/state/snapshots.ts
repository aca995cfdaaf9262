import type { Clock } from '../clock.js';
import type { Store, StoreDump } from '../store/store.js';

export interface SnapshotInfo {
  id: string;
  createdAt: string;
  /** Rows it holds, to tell snapshots apart in a list. */
  orgs: number;
  credentials: number;
}

/**
 * Named copies of the store's vendor data (not the journal, nor faults), kept in
 * memory for the life of the app. Taking one reads every row once; restoring
 * one writes them back in one transaction, so both cost what the data is worth.
 */
export class SnapshotRegistry {
  private readonly snapshots = new Map<string, { info: SnapshotInfo; dump: StoreDump }>();
  private nextId = 1;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  take(): SnapshotInfo {
    const dump = this.store.dump();
    const info: SnapshotInfo = {
      id: `snap-${this.nextId++}`,
      createdAt: new Date(this.clock.now()).toISOString(),
      orgs: dump.orgs.length,
      credentials: dump.identities.length,
    };
    this.snapshots.set(info.id, { info, dump });
    return info;
  }

  /** False when there is no such snapshot. */
  restore(id: string): boolean {
    const snapshot = this.snapshots.get(id);
    if (!snapshot) return false;
    this.store.load(snapshot.dump);
    return true;
  }

  delete(id: string): boolean {
    return this.snapshots.delete(id);
  }

  /** Forgets every snapshot (a reset: the app as it started). Ids keep growing. */
  clear(): void {
    this.snapshots.clear();
  }

  list(): SnapshotInfo[] {
    return [...this.snapshots.values()].map((s) => ({ ...s.info }));
  }
}
