/**
 * Paths two vendors both serve. Each vendor has its own host; orgmock serves
 * them all on one, so where two vendors' paths meet, this table says whose a
 * request is. `providerForPath` (404s, refusals before any route) and the
 * vendors' own routes follow it.
 */

/** A UUID as GMI Cloud writes its ids: with or without dashes, any case. */
export const UUID_SHAPED = '[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}';
const UUID_SHAPED_ID = new RegExp(`^${UUID_SHAPED}$`);

export interface SharedPrefix {
  /** Ends with a slash: the next path segment decides. */
  prefix: string;
  /** The vendor (`Provider.name`) whose path it is, by the segment after the prefix. */
  ownerOf(segment: string): string;
}

export const SHARED_PREFIXES: readonly SharedPrefix[] = [
  {
    // GMI Cloud under its server base `/api/v1` and Scalekit's REST API: GMI's
    // organization ids are UUIDs, Scalekit's `org_` and digits. Anything that is
    // not UUID-shaped (an empty id included) is Scalekit's.
    prefix: '/api/v1/organizations/',
    ownerOf: (segment) => (UUID_SHAPED_ID.test(segment) ? 'gmicloud' : 'scalekit'),
  },
];

/** The vendor a shared prefix gives this path (or URL: a query is left out) to, if it is under one. */
export function sharedPrefixOwner(path: string): string | undefined {
  for (const shared of SHARED_PREFIXES) {
    if (!path.startsWith(shared.prefix)) continue;
    const rest = path.slice(shared.prefix.length);
    const end = rest.search(/[/?]/);
    return shared.ownerOf(end === -1 ? rest : rest.slice(0, end));
  }
  return undefined;
}
