/**
 * Versioned schema. Append only: a released migration is never edited, so a file
 * store written by an older orgmock upgrades in place.
 *
 * The schema is vendor-neutral on purpose: every vendor stores its organizations,
 * its credentials (keys, OAuth clients, users, machine users) and memberships in the
 * same three tables, keyed by (vendor, tenant). A vendor's own fields live in the
 * JSON `data` column, which its model reads and writes. Adding a vendor therefore
 * needs no migration.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'orgs, identities, memberships',
    sql: `
      CREATE TABLE orgs (
        vendor TEXT NOT NULL,
        tenant TEXT NOT NULL,
        id     TEXT NOT NULL,
        data   TEXT NOT NULL,
        PRIMARY KEY (vendor, tenant, id)
      ) WITHOUT ROWID;

      CREATE TABLE identities (
        vendor      TEXT NOT NULL,
        tenant      TEXT NOT NULL,
        id          TEXT NOT NULL,
        kind        TEXT NOT NULL,
        lookup      TEXT,
        secret_hash TEXT,
        data        TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (vendor, tenant, id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX identities_lookup ON identities (vendor, tenant, kind, lookup);
      CREATE INDEX identities_lookup_any_tenant ON identities (vendor, kind, lookup);

      CREATE TABLE memberships (
        vendor      TEXT NOT NULL,
        tenant      TEXT NOT NULL,
        org_id      TEXT NOT NULL,
        identity_id TEXT NOT NULL,
        role        TEXT NOT NULL,
        PRIMARY KEY (vendor, tenant, org_id, identity_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'tenants, secrets kept for export',
    // A tenant (Razi app, Scalekit environment, Transmit tenant) exists on its own,
    // without orgs or credentials, and export must write it back. A credential's
    // secret as the fixtures gave it is kept apart from the credential (which holds
    // only its hash, and is what every lookup reads) so that export can write a
    // fixtures file that starts the same state: this is test data in a local mock,
    // as in the Firebase emulator's export.
    sql: `
      CREATE TABLE tenants (
        vendor TEXT NOT NULL,
        id     TEXT NOT NULL,
        data   TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (vendor, id)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO tenants (vendor, id)
        SELECT vendor, tenant FROM orgs WHERE tenant <> ''
        UNION SELECT vendor, tenant FROM identities WHERE tenant <> '';
      CREATE TABLE export_secrets (
        vendor TEXT NOT NULL,
        tenant TEXT NOT NULL,
        id     TEXT NOT NULL,
        secret TEXT NOT NULL,
        PRIMARY KEY (vendor, tenant, id)
      ) WITHOUT ROWID;
    `,
  },
];
