import { Value } from '@sinclair/typebox/value';
import type { FixtureKeys, Provider } from '../providers/types.js';
import type { Store } from '../store/store.js';

/**
 * A fixtures document (a body of `POST /__admin/state/:vendor`, a fixture file)
 * that does not fit: `path` is where, in the reader's notation (`orgs[2].name`).
 */
export class SeedError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

/** Every vendor's data, keyed by vendor name, each in its `fixtures/<vendor>.json` format. */
export type Export = Record<string, unknown>;

/** `/orgs/2/name` (a JSON pointer, as TypeBox reports it) → `orgs[2].name`. */
export function readablePath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of `doc` where every array the keys name and the document leaves out
 * is empty: any subset of a vendor's document is a whole one. What is not an
 * object is returned as it is, for the schema to name.
 */
function fill(keys: FixtureKeys, doc: unknown): unknown {
  if (!isRecord(doc)) return doc;
  const out: Record<string, unknown> = { ...doc };
  for (const [field, spec] of Object.entries(keys)) {
    if (!Object.hasOwn(out, field)) {
      out[field] = [];
      continue;
    }
    const list = out[field];
    if (typeof spec !== 'string' && Array.isArray(list)) out[field] = list.map((item) => fill(spec.children, item));
  }
  return out;
}

/**
 * The document, checked against the vendor's schema, with left-out arrays
 * filled in. Throws a SeedError naming the first problem.
 */
export function checkDocument<F>(provider: Provider<F>, doc: unknown): F {
  const filled = fill(provider.fixtureKeys, doc);
  const first = Value.Errors(provider.fixtureSchema, filled).First();
  if (first) throw new SeedError(readablePath(first.path), lowerFirst(first.message));
  return structuredClone(filled) as F;
}

/** What the schema cannot say (references between records, unique names), checked on the whole document. */
export function checkReferences<F>(provider: Provider<F>, doc: F): void {
  const problems = provider.checkFixtures?.(doc) ?? [];
  if (problems.length > 0) throw new SeedError('', problems[0]!);
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const keyOf = (record: unknown, key: string): unknown => (isRecord(record) ? record[key] : undefined);

/**
 * `partial` merged into `base` by the records' keys: `merged` is the document
 * the store will hold, `write` what must be written to get there (the records
 * `partial` names; a tenant's own fields kept from `base` where left out).
 */
function merge(
  keys: FixtureKeys,
  base: Record<string, unknown>,
  partial: Record<string, unknown>,
): { merged: Record<string, unknown>; write: Record<string, unknown> } {
  const merged: Record<string, unknown> = { ...base, ...partial };
  const write: Record<string, unknown> = { ...partial };
  for (const [field, spec] of Object.entries(keys)) {
    const key = typeof spec === 'string' ? spec : spec.key;
    const out = [...((base[field] as unknown[] | undefined) ?? [])];
    const at = new Map<unknown, number>();
    for (let i = 0; i < out.length; i++) at.set(keyOf(out[i], key), i);
    const toWrite: unknown[] = [];
    for (const record of (partial[field] as unknown[] | undefined) ?? []) {
      const i = at.get(keyOf(record, key));
      let next = record;
      let written = record;
      if (typeof spec !== 'string' && i !== undefined) {
        const existing = out[i] as Record<string, unknown>;
        const inner = merge(spec.children, existing, record as Record<string, unknown>);
        next = inner.merged;
        written = { ...existing, ...(record as Record<string, unknown>) };
      }
      if (i === undefined) {
        at.set(keyOf(record, key), out.length);
        out.push(next);
      } else out[i] = next;
      toWrite.push(written);
    }
    merged[field] = out;
    write[field] = toWrite;
  }
  return { merged, write };
}

/**
 * Upserts a (partial) fixtures document by id, in one transaction: nothing is
 * written when any of it does not fit (SeedError). The result is what the
 * vendor's flows see at once: the store keeps its read caches true.
 */
export function upsertVendorData<F>(store: Store, provider: Provider<F>, doc: unknown): void {
  const partial = checkDocument(provider, doc);
  const { merged, write } = merge(
    provider.fixtureKeys,
    provider.exportFixtures(store) as Record<string, unknown>,
    partial as Record<string, unknown>,
  );
  checkReferences(provider, merged as F);
  store.transaction(() => provider.seed(store, write as F));
}

/** Replaces every row of the vendor with the document, in one transaction. */
export function replaceVendorData<F>(store: Store, provider: Provider<F>, doc: unknown): void {
  const whole = checkDocument(provider, doc);
  checkReferences(provider, whole);
  store.transaction(() => {
    store.clearVendor(provider.name);
    provider.seed(store, whole);
  });
}

/** Removes an org and what hangs off it, in every tenant or only `tenant`; how many orgs went. */
export function deleteVendorOrg(store: Store, provider: Provider, orgId: string, tenant?: string): number {
  return store.transaction(() => {
    if (provider.deleteOrg) return provider.deleteOrg(store, orgId, tenant);
    let removed = 0;
    for (const row of store.listOrgs(provider.name)) {
      if (row.id !== orgId || (tenant !== undefined && row.tenant !== tenant)) continue;
      store.deleteMembershipsIn(provider.name, row.tenant, orgId);
      if (store.deleteOrg(provider.name, row.tenant, orgId)) removed++;
    }
    return removed;
  });
}

/** Every vendor's data in fixture format, keyed by vendor: a fixtures folder's content. */
export function exportAll(store: Store, providers: readonly Provider[]): Export {
  const out: Export = {};
  for (const p of providers) out[p.name] = p.exportFixtures(store);
  return out;
}

/** The vendor's fixture schema as a standalone JSON Schema document. */
export function fixtureJsonSchema(provider: Provider): Record<string, unknown> {
  // JSON drops TypeBox's symbol keys, leaving plain JSON Schema.
  const plain = JSON.parse(JSON.stringify(provider.fixtureSchema)) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${provider.title}: fixtures/${provider.name}.json`,
    ...plain,
  };
}
