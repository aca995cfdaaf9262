import { migrations, type Migration } from './migrations.js';
import { ReadCache } from './read-cache.js';
import { StoreOpenError, explainOpenFailure, foreignTables } from './open-error.js';
import { SqliteDatabase, type SqliteStatement } from './sqlite.js';

export interface OrgRow<T = unknown> {
  vendor: string;
  tenant: string;
  id: string;
  data: T;
}

export interface IdentityRow<T = Record<string, unknown>> {
  vendor: string;
  tenant: string;
  id: string;
  /** What sort of credential this is, in the vendor's terms: `management_key`, `client`, `user`, ... */
  kind: string;
  /** The public name it is found by (a client id, an email); unique per vendor, tenant and kind. */
  lookup: string | null;
  secretHash: string | null;
  /**
   * Given to `putIdentity` only: the secret as the fixtures gave it, kept apart
   * (never in the row lookups read) so that export can write it back. Absent for
   * credentials no fixture holds (a minted key).
   */
  secret?: string;
  data: T;
}

export interface MembershipRow {
  tenant: string;
  orgId: string;
  identityId: string;
  role: string;
}

export interface TenantRow<T = Record<string, unknown>> {
  id: string;
  data: T;
}

/**
 * Every vendor row, as SQLite holds it (positional values, JSON as text): what a
 * snapshot keeps. Frozen, so one dump can be restored any number of times.
 */
export interface StoreDump {
  readonly orgs: readonly (readonly unknown[])[];
  readonly identities: readonly (readonly unknown[])[];
  readonly memberships: readonly (readonly unknown[])[];
  readonly tenants: readonly (readonly unknown[])[];
  readonly secrets: readonly (readonly unknown[])[];
}

interface RawIdentity {
  vendor: string;
  tenant: string;
  id: string;
  kind: string;
  lookup: string | null;
  secret_hash: string | null;
  data: string;
}

/**
 * The SQLite store shared by every vendor. One instance per app; statements are
 * prepared once here so request handlers never compile SQL.
 */
export class Store {
  /**
   * For reads and the schema: writes go through the methods below, which keep the
   * read caches true. A direct read of orgs calls `commit()` first.
   */
  readonly db: SqliteDatabase;
  readonly path: string;
  private readonly s;
  /**
   * One transaction wrapper for every caller: `db.transaction()` builds four
   * wrappers and their properties each time it is called, too much per request.
   */
  private readonly inTransaction: (fn: () => unknown) => unknown;
  /**
   * Orgs as last read or updated, deep-frozen: the value an update hands out is
   * the one every later reader shares, so a change is always a new object
   * (`change` in updateOrg returns one), never a mutation.
   */
  private readonly orgs = new ReadCache<unknown>();
  /** Credentials and roles are read on every request and written rarely: their rows are kept as read. */
  private readonly identities = new ReadCache<IdentityRow<unknown>>();
  private readonly roles = new ReadCache<string>();
  /** Tenants (Razi apps, ...) are checked on every request of their vendor. */
  private readonly tenants = new ReadCache<Record<string, unknown>>();
  /**
   * Org updates made but not yet committed, by org: the last value is the one
   * written. They are committed together, in one transaction, once the requests
   * of this turn of the event loop have run (group commit); a response that may
   * show them is held until then (`afterCommit`), so an acknowledged write is a
   * committed one, yet a burst of requests costs one commit instead of one each.
   */
  private readonly pending = new Map<string, PendingOrg>();
  private waiters: ((err?: Error) => void)[] = [];
  private commitScheduled = false;
  private readonly commitSoon = () => {
    this.commitScheduled = false;
    this.commit();
  };
  private readonly checkpoint: SqliteStatement | undefined;
  /** Group commits since the last checkpoint of the WAL (file stores only); see `commit`. */
  private commitsSinceCheckpoint = 0;

  constructor(path = ':memory:', migrationList: Migration[] = migrations) {
    this.path = path;
    this.db = openDatabase(path, migrationList);
    this.checkpoint = path === ':memory:' ? undefined : this.db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
    this.s = {
      getOrg: this.db.prepare<[string, string, string], { data: string }>(
        'SELECT data FROM orgs WHERE vendor = ? AND tenant = ? AND id = ?',
      ),
      putOrg: this.db.prepare<[string, string, string, string]>(
        'INSERT INTO orgs (vendor, tenant, id, data) VALUES (?, ?, ?, ?) ON CONFLICT (vendor, tenant, id) DO UPDATE SET data = excluded.data',
      ),
      insertOrg: this.db.prepare<[string, string, string, string]>(
        'INSERT OR IGNORE INTO orgs (vendor, tenant, id, data) VALUES (?, ?, ?, ?)',
      ),
      updateOrg: this.db.prepare<[string, string, string, string]>(
        'UPDATE orgs SET data = ? WHERE vendor = ? AND tenant = ? AND id = ?',
      ),
      deleteOrg: this.db.prepare<[string, string, string]>(
        'DELETE FROM orgs WHERE vendor = ? AND tenant = ? AND id = ?',
      ),
      listOrgsAll: this.db.prepare<[], { vendor: string; tenant: string; id: string; data: string }>(
        'SELECT vendor, tenant, id, data FROM orgs ORDER BY vendor, tenant, id',
      ),
      listOrgsVendor: this.db.prepare<[string], { vendor: string; tenant: string; id: string; data: string }>(
        'SELECT vendor, tenant, id, data FROM orgs WHERE vendor = ? ORDER BY tenant, id',
      ),
      listOrgsTenant: this.db.prepare<[string, string], { vendor: string; tenant: string; id: string; data: string }>(
        'SELECT vendor, tenant, id, data FROM orgs WHERE vendor = ? AND tenant = ? ORDER BY id',
      ),
      putIdentity: this.db.prepare<[string, string, string, string, string | null, string | null, string]>(
        `INSERT INTO identities (vendor, tenant, id, kind, lookup, secret_hash, data) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (vendor, tenant, id) DO UPDATE SET kind = excluded.kind, lookup = excluded.lookup,
           secret_hash = excluded.secret_hash, data = excluded.data`,
      ),
      putSecret: this.db.prepare<[string, string, string, string]>(
        `INSERT INTO export_secrets (vendor, tenant, id, secret) VALUES (?, ?, ?, ?)
         ON CONFLICT (vendor, tenant, id) DO UPDATE SET secret = excluded.secret`,
      ),
      deleteSecret: this.db.prepare<[string, string, string]>(
        'DELETE FROM export_secrets WHERE vendor = ? AND tenant = ? AND id = ?',
      ),
      listIdentities: this.db.prepare<[string], RawIdentity & { secret: string | null }>(
        `SELECT i.*, s.secret FROM identities i
         LEFT JOIN export_secrets s ON s.vendor = i.vendor AND s.tenant = i.tenant AND s.id = i.id
         WHERE i.vendor = ? ORDER BY i.tenant, i.id`,
      ),
      deleteIdentity: this.db.prepare<[string, string, string]>(
        'DELETE FROM identities WHERE vendor = ? AND tenant = ? AND id = ?',
      ),
      listMemberships: this.db.prepare<[string], { tenant: string; org_id: string; identity_id: string; role: string }>(
        'SELECT tenant, org_id, identity_id, role FROM memberships WHERE vendor = ? ORDER BY tenant, identity_id, org_id',
      ),
      deleteMembershipsOfIdentity: this.db.prepare<[string, string, string]>(
        'DELETE FROM memberships WHERE vendor = ? AND tenant = ? AND identity_id = ?',
      ),
      deleteMembershipsOfOrg: this.db.prepare<[string, string, string]>(
        'DELETE FROM memberships WHERE vendor = ? AND tenant = ? AND org_id = ?',
      ),
      putTenant: this.db.prepare<[string, string, string]>(
        'INSERT INTO tenants (vendor, id, data) VALUES (?, ?, ?) ON CONFLICT (vendor, id) DO UPDATE SET data = excluded.data',
      ),
      getTenant: this.db.prepare<[string, string], { data: string }>(
        'SELECT data FROM tenants WHERE vendor = ? AND id = ?',
      ),
      listTenants: this.db.prepare<[string], { id: string; data: string }>(
        'SELECT id, data FROM tenants WHERE vendor = ? ORDER BY id',
      ),
      deleteTenant: this.db.prepare<[string, string]>('DELETE FROM tenants WHERE vendor = ? AND id = ?'),
      clearVendor: [
        this.db.prepare<[string]>('DELETE FROM memberships WHERE vendor = ?'),
        this.db.prepare<[string]>('DELETE FROM identities WHERE vendor = ?'),
        this.db.prepare<[string]>('DELETE FROM orgs WHERE vendor = ?'),
        this.db.prepare<[string]>('DELETE FROM tenants WHERE vendor = ?'),
        this.db.prepare<[string]>('DELETE FROM export_secrets WHERE vendor = ?'),
      ],
      // Prepared once: exec() would compile the SQL on every reset.
      clearAll: ['memberships', 'identities', 'orgs', 'tenants', 'export_secrets'].map((t) =>
        this.db.prepare(`DELETE FROM ${t}`),
      ),
      dump: {
        orgs: this.db.prepare('SELECT vendor, tenant, id, data FROM orgs').raw(),
        identities: this.db.prepare('SELECT vendor, tenant, id, kind, lookup, secret_hash, data FROM identities').raw(),
        secrets: this.db.prepare('SELECT vendor, tenant, id, secret FROM export_secrets').raw(),
        memberships: this.db.prepare('SELECT vendor, tenant, org_id, identity_id, role FROM memberships').raw(),
        tenants: this.db.prepare('SELECT vendor, id, data FROM tenants').raw(),
      },
      load: {
        orgs: this.db.prepare('INSERT INTO orgs (vendor, tenant, id, data) VALUES (?, ?, ?, ?)'),
        identities: this.db.prepare(
          'INSERT INTO identities (vendor, tenant, id, kind, lookup, secret_hash, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ),
        secrets: this.db.prepare('INSERT INTO export_secrets (vendor, tenant, id, secret) VALUES (?, ?, ?, ?)'),
        memberships: this.db.prepare(
          'INSERT INTO memberships (vendor, tenant, org_id, identity_id, role) VALUES (?, ?, ?, ?, ?)',
        ),
        tenants: this.db.prepare('INSERT INTO tenants (vendor, id, data) VALUES (?, ?, ?)'),
      },
      getIdentity: this.db.prepare<[string, string, string], RawIdentity>(
        'SELECT * FROM identities WHERE vendor = ? AND tenant = ? AND id = ?',
      ),
      findIdentity: this.db.prepare<[string, string, string, string], RawIdentity>(
        'SELECT * FROM identities WHERE vendor = ? AND tenant = ? AND kind = ? AND lookup = ?',
      ),
      findIdentityAnyTenant: this.db.prepare<[string, string, string], RawIdentity>(
        'SELECT * FROM identities WHERE vendor = ? AND kind = ? AND lookup = ?',
      ),
      putMembership: this.db.prepare<[string, string, string, string, string]>(
        `INSERT INTO memberships (vendor, tenant, org_id, identity_id, role) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (vendor, tenant, org_id, identity_id) DO UPDATE SET role = excluded.role`,
      ),
      getRole: this.db.prepare<[string, string, string, string], { role: string }>(
        'SELECT role FROM memberships WHERE vendor = ? AND tenant = ? AND org_id = ? AND identity_id = ?',
      ),
      count: this.db.prepare<[], { n: number }>(
        'SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM identities) + (SELECT count(*) FROM tenants) AS n',
      ),
    };
    this.inTransaction = this.db.transaction((fn: () => unknown) => fn()).immediate;
  }

  /** The org as stored, frozen (it is shared with other readers): build a new object to change it. */
  getOrg<T>(vendor: string, tenant: string, id: string): Readonly<T> | undefined {
    const key = orgKey(vendor, tenant, id);
    // The read cache may drop an entry at any time; an uncommitted value must not be lost with it.
    if (this.pending.size > 0) {
      const uncommitted = this.pending.get(key);
      if (uncommitted) return uncommitted.value as T;
    }
    return this.orgs.get(key, () => {
      const row = this.s.getOrg.get(vendor, tenant, id);
      return row === undefined ? undefined : JSON.parse(row.data);
    }) as T | undefined;
  }

  putOrg(vendor: string, tenant: string, id: string, data: unknown): void {
    this.commit();
    // The caller keeps its object (a fixture, say): the next read parses the stored text instead.
    this.orgs.delete(orgKey(vendor, tenant, id));
    this.s.putOrg.run(vendor, tenant, id, JSON.stringify(data));
  }

  /** Inserts a new org; false when the id is taken. */
  insertOrg(vendor: string, tenant: string, id: string, data: unknown): boolean {
    this.commit();
    this.orgs.delete(orgKey(vendor, tenant, id));
    return this.s.insertOrg.run(vendor, tenant, id, JSON.stringify(data)).changes === 1;
  }

  /**
   * Read-modify-write of one org. `change` gets the stored value and returns the
   * new one; nothing is written if it throws. Undefined when the org does not exist.
   * The new value is read back at once by every later caller, and committed with
   * the rest of this turn's updates (see `pending`); inside `transaction` it is
   * written at once, with the transaction. `change` must not write to the store
   * itself; a caller that needs several writes to land together wraps them in `transaction`.
   */
  updateOrg<T>(vendor: string, tenant: string, id: string, change: (current: T) => T): T | undefined {
    const current = this.getOrg<T>(vendor, tenant, id);
    if (current === undefined) return undefined;
    const next = change(current);
    const key = orgKey(vendor, tenant, id);
    // Asked of SQLite once: the getter is a native call.
    const inTransaction = this.db.inTransaction;
    // Inside a transaction the row is written first: a failed UPDATE leaves the cache as it was.
    if (inTransaction) this.s.updateOrg.run(JSON.stringify(next), vendor, tenant, id);
    // What is kept is what is written: JSON drops undefined fields, so `next` must hold none.
    this.orgs.set(key, next);
    if (inTransaction) return next;
    this.pending.set(key, { vendor, tenant, id, value: next });
    if (!this.commitScheduled) {
      this.commitScheduled = true;
      setImmediate(this.commitSoon);
    }
    return next;
  }

  /**
   * Calls `done` once every update made so far is committed, with the error if
   * the commit failed (the updates are then undone): at once when none waits.
   * A response that may show an update is sent from here.
   */
  afterCommit(done: (err?: Error) => void): void {
    if (this.pending.size === 0) done();
    else this.waiters.push(done);
  }

  /** Commits the pending org updates now; their waiters hear how it went. */
  commit(): void {
    if (this.pending.size === 0) return;
    const writes = [...this.pending.values()];
    const waiters = this.waiters;
    this.pending.clear();
    this.waiters = [];
    let failure: Error | undefined;
    try {
      const write = () => {
        for (const w of writes) this.s.updateOrg.run(JSON.stringify(w.value), w.vendor, w.tenant, w.id);
      };
      // A single statement is atomic by itself: BEGIN and COMMIT would be two more.
      if (writes.length === 1) write();
      else this.inTransaction(write);
    } catch (err) {
      failure = err as Error;
      // Nothing of it reached the database: later reads must not see it either.
      for (const w of writes) this.orgs.delete(orgKey(w.vendor, w.tenant, w.id));
    }
    let thrown: { err: unknown } | undefined;
    for (const done of waiters) {
      // One waiter's bug must not leave the others' requests hanging; it is rethrown once all have heard.
      try {
        done(failure);
      } catch (err) {
        thrown ??= { err };
      }
    }
    // The responses are on their way: copying the WAL back into the database
    // (and its fsyncs) now delays only requests that have yet to be read.
    if (this.path !== ':memory:' && ++this.commitsSinceCheckpoint >= COMMITS_PER_CHECKPOINT) {
      this.commitsSinceCheckpoint = 0;
      try {
        this.checkpoint?.get();
      } catch {
        // Nothing is lost: the WAL keeps every commit, and the next checkpoint tries again.
      }
    }
    if (thrown) throw thrown.err;
  }

  deleteOrg(vendor: string, tenant: string, id: string): boolean {
    this.commit();
    this.orgs.delete(orgKey(vendor, tenant, id));
    return this.s.deleteOrg.run(vendor, tenant, id).changes === 1;
  }

  listOrgs<T>(vendor?: string, tenant?: string): OrgRow<T>[] {
    this.commit();
    const rows =
      vendor === undefined
        ? this.s.listOrgsAll.all()
        : tenant === undefined
          ? this.s.listOrgsVendor.all(vendor)
          : this.s.listOrgsTenant.all(vendor, tenant);
    return rows.map((r) => ({ vendor: r.vendor, tenant: r.tenant, id: r.id, data: JSON.parse(r.data) as T }));
  }

  putIdentity(row: IdentityRow<unknown>): void {
    this.commit();
    this.identities.clear();
    this.s.putIdentity.run(
      row.vendor,
      row.tenant,
      row.id,
      row.kind,
      row.lookup,
      row.secretHash,
      JSON.stringify(row.data ?? {}),
    );
    if (row.secret === undefined) this.s.deleteSecret.run(row.vendor, row.tenant, row.id);
    else this.s.putSecret.run(row.vendor, row.tenant, row.id, row.secret);
  }

  /** Every credential of a vendor, with the secret the fixtures gave it (for export), by tenant and id. */
  listIdentities<T = Record<string, unknown>>(vendor: string): IdentityRow<T>[] {
    return this.s.listIdentities.all(vendor).map((raw) => {
      const row = toIdentity<T>(raw)!;
      return raw.secret === null ? row : { ...row, secret: raw.secret };
    });
  }

  deleteIdentity(vendor: string, tenant: string, id: string): boolean {
    this.commit();
    this.identities.clear();
    this.roles.clear();
    this.s.deleteMembershipsOfIdentity.run(vendor, tenant, id);
    this.s.deleteSecret.run(vendor, tenant, id);
    return this.s.deleteIdentity.run(vendor, tenant, id).changes === 1;
  }

  listMemberships(vendor: string): MembershipRow[] {
    return this.s.listMemberships
      .all(vendor)
      .map((r) => ({ tenant: r.tenant, orgId: r.org_id, identityId: r.identity_id, role: r.role }));
  }

  /** Drops every role an identity holds, before its new ones are written (an upsert replaces them). */
  deleteMembershipsOf(vendor: string, tenant: string, identityId: string): void {
    this.commit();
    this.roles.clear();
    this.s.deleteMembershipsOfIdentity.run(vendor, tenant, identityId);
  }

  /** Drops every role held in an org (the org is going). */
  deleteMembershipsIn(vendor: string, tenant: string, orgId: string): void {
    this.commit();
    this.roles.clear();
    this.s.deleteMembershipsOfOrg.run(vendor, tenant, orgId);
  }

  /** A vendor's namespace of orgs and credentials (Razi app, Scalekit environment, Transmit tenant). */
  putTenant(vendor: string, id: string, data: Record<string, unknown> = {}): void {
    this.commit();
    this.tenants.delete(`${vendor}\0${id}`);
    this.s.putTenant.run(vendor, id, JSON.stringify(data));
  }

  /** The tenant's data, frozen; undefined when the vendor has no such tenant. */
  getTenant<T = Record<string, unknown>>(vendor: string, id: string): Readonly<T> | undefined {
    return this.tenants.get(`${vendor}\0${id}`, () => {
      const row = this.s.getTenant.get(vendor, id);
      return row === undefined ? undefined : JSON.parse(row.data);
    }) as T | undefined;
  }

  listTenants<T = Record<string, unknown>>(vendor: string): TenantRow<T>[] {
    return this.s.listTenants.all(vendor).map((r) => ({ id: r.id, data: JSON.parse(r.data) as T }));
  }

  deleteTenant(vendor: string, id: string): boolean {
    this.commit();
    this.tenants.delete(`${vendor}\0${id}`);
    return this.s.deleteTenant.run(vendor, id).changes === 1;
  }

  /** Deletes every row of one vendor (orgs, credentials, roles, tenants). */
  clearVendor(vendor: string): void {
    this.commit();
    this.forgetReads();
    for (const statement of this.s.clearVendor) statement.run(vendor);
  }

  /** Every vendor row as it is now: a snapshot. */
  dump(): StoreDump {
    this.commit();
    const d = this.s.dump;
    return Object.freeze({
      orgs: Object.freeze(d.orgs.all() as unknown[][]),
      identities: Object.freeze(d.identities.all() as unknown[][]),
      memberships: Object.freeze(d.memberships.all() as unknown[][]),
      tenants: Object.freeze(d.tenants.all() as unknown[][]),
      secrets: Object.freeze(d.secrets.all() as unknown[][]),
    });
  }

  /** Puts every vendor row back to a dump, in one transaction (nothing else is touched). */
  load(dump: StoreDump): void {
    this.transaction(() => {
      this.clear();
      const l = this.s.load;
      for (const row of dump.orgs) l.orgs.run(...row);
      for (const row of dump.identities) l.identities.run(...row);
      for (const row of dump.memberships) l.memberships.run(...row);
      for (const row of dump.tenants) l.tenants.run(...row);
      for (const row of dump.secrets) l.secrets.run(...row);
    });
  }

  /** The row is shared with other readers and frozen: copy it to change it. */
  getIdentity<T = Record<string, unknown>>(vendor: string, tenant: string, id: string): IdentityRow<T> | undefined {
    return this.identities.get(`id\0${vendor}\0${tenant}\0${id}`, () =>
      toIdentity<T>(this.s.getIdentity.get(vendor, tenant, id)),
    ) as IdentityRow<T> | undefined;
  }

  /**
   * Finds a credential by its public name; without `tenant`, across all of the
   * vendor's tenants. The row is shared with other readers and frozen.
   */
  findIdentity<T = Record<string, unknown>>(
    vendor: string,
    kind: string,
    lookup: string,
    tenant?: string,
  ): IdentityRow<T> | undefined {
    // Keys end with the one part a client may fill with anything (NUL included), so no two collide.
    const key =
      tenant === undefined ? `any\0${vendor}\0${kind}\0${lookup}` : `in\0${vendor}\0${tenant}\0${kind}\0${lookup}`;
    return this.identities.get(key, () =>
      toIdentity<T>(
        tenant === undefined
          ? this.s.findIdentityAnyTenant.get(vendor, kind, lookup)
          : this.s.findIdentity.get(vendor, tenant, kind, lookup),
      ),
    ) as IdentityRow<T> | undefined;
  }

  putMembership(vendor: string, tenant: string, orgId: string, identityId: string, role: string): void {
    this.commit();
    this.roles.clear();
    this.s.putMembership.run(vendor, tenant, orgId, identityId, role);
  }

  getRole(vendor: string, tenant: string, orgId: string, identityId: string): string | undefined {
    return this.roles.get(
      `${vendor}\0${tenant}\0${identityId}\0${orgId}`,
      () => this.s.getRole.get(vendor, tenant, orgId, identityId)?.role,
    );
  }

  isEmpty(): boolean {
    this.commit();
    return this.s.count.get()!.n === 0;
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<R>(fn: () => R): R {
    // What was updated before comes first, and on its own: this transaction's rollback must not undo it.
    this.commit();
    try {
      return this.inTransaction(fn) as R;
    } catch (err) {
      // What the transaction wrote or read, the rollback may have taken away.
      this.forgetReads();
      throw err;
    }
  }

  /** Deletes every vendor row (not the schema); used by reset before re-seeding. */
  clear(): void {
    this.commit();
    this.forgetReads();
    for (const statement of this.s.clearAll) statement.run();
  }

  private forgetReads(): void {
    this.orgs.clear();
    this.identities.clear();
    this.roles.clear();
    this.tenants.clear();
  }

  close(): void {
    if (!this.db.open) return;
    this.commit();
    this.db.close();
  }
}

/**
 * A checkpoint blocks for its fsyncs (8-15 ms here) whatever the WAL's size, so
 * under load a few large ones hold fewer requests than many small ones: measured
 * over 12 s of writes, every 300 commits blocked 120-190 ms in all, every 3000
 * about 45 ms. A group commit adds about one page, so the WAL stays near 12 MB.
 */
export const COMMITS_PER_CHECKPOINT = 3000;
const BACKSTOP_CHECKPOINT_PAGES = 10_000;

interface PendingOrg {
  vendor: string;
  tenant: string;
  id: string;
  /** Frozen, and turned into JSON only when committed: of several updates to one org in a turn, only the last is. */
  value: unknown;
}

// The id comes last: it is the one part a client may fill with anything (NUL included).
const orgKey = (vendor: string, tenant: string, id: string) => `${vendor}\0${tenant}\0${id}`;

function toIdentity<T>(raw: RawIdentity | undefined): IdentityRow<T> | undefined {
  if (!raw) return undefined;
  return {
    vendor: raw.vendor,
    tenant: raw.tenant,
    id: raw.id,
    kind: raw.kind,
    lookup: raw.lookup,
    secretHash: raw.secret_hash,
    data: JSON.parse(raw.data) as T,
  };
}

/** How long opening a file store waits for another process's lock. */
const OPEN_BUSY_MS = 1000;

/**
 * Opens (and creates, migrates) the store's file. Any failure, SQLite's or the
 * file system's, comes out as a StoreOpenError that names the file and the cause.
 */
function openDatabase(path: string, migrationList: Migration[]): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    // A file another orgmock holds stays locked for that process's life (EXCLUSIVE
    // below): waiting SQLite's default 5 s to say so only delays the one-line error.
    // One second still covers a previous process that is just exiting.
    db = new SqliteDatabase(path, { timeout: OPEN_BUSY_MS });
    if (path !== ':memory:') {
      // One orgmock owns its file: an exclusive lock, taken before WAL so no -shm
      // index is used, spares SQLite the per-statement file locking (about 2x
      // faster writes). A second process (another orgmock, the sqlite3 shell)
      // gets "database is locked" until this one exits; /__admin/state shows the data.
      // WAL + NORMAL: a commit survives a process crash (kill -9); only an OS crash
      // could lose the last transactions, which a mock's users can live with.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // SQLite's own checkpoint runs inside the commit that fills the WAL, and its
      // fsyncs (several ms) would hold that commit's responses: `commit` checkpoints
      // once they are sent. This larger threshold only backs up writes made outside
      // group commit (seeding, admin calls).
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    }
    db.pragma('foreign_keys = ON');
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    const foreign = foreignTables((tables.all() as { name: string }[]).map((r) => r.name));
    if (foreign.length > 0)
      throw new StoreOpenError(
        path,
        `it is another application's SQLite database (tables ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''}); orgmock needs its own file`,
      );
    applyMigrations(db, migrationList);
    return db;
  } catch (err) {
    db?.close();
    throw err instanceof StoreOpenError ? err : explainOpenFailure(path, err);
  }
}

export function applyMigrations(db: SqliteDatabase, list: Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const versions = db.prepare('SELECT version FROM schema_migrations');
  const applied = new Set((versions.all() as { version: number }[]).map((r) => r.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}
