/** One vendor's update route as the bench loads it, against the default fixtures. */
export interface VendorRoute {
  vendor: string;
  method: 'PATCH' | 'PUT';
  path: string;
  /** What `POST /__admin/tokens` gets to mint the credential. */
  identity: string;
  tenant?: string;
  /** Headers the route needs beyond the minted ones. */
  extraHeaders?: Record<string, string>;
  /** A valid body that changes the org: `n` rotates per request so every one really writes. */
  body(n: number): unknown;
}

const named = (field: string) => ({ body: (n: number) => ({ [field]: benchName(n) }) });

export const benchName = (n: number) => `Bench ${n}`;

/** The largest `n` of a bench name found in a stored value: proof that the load wrote it. */
export function lastBenchN(stored: unknown): number | undefined {
  const found = [...JSON.stringify(stored).matchAll(/"Bench (\d+)"/g)].map((m) => Number(m[1]));
  return found.length === 0 ? undefined : Math.max(...found);
}

export const ROUTES: readonly VendorRoute[] = [
  {
    vendor: 'junction',
    method: 'PATCH',
    path: '/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    identity: '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    ...named('name'),
  },
  {
    vendor: 'scalekit',
    method: 'PATCH',
    path: '/api/v1/organizations/org_2123312131125533',
    identity: 'skc_58327482062864390',
    ...named('display_name'),
  },
  {
    vendor: 'gmicloud',
    method: 'PATCH',
    path: '/organizations/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    identity: 'owner@gmi.example',
    ...named('name'),
  },
  {
    vendor: 'razi',
    method: 'PATCH',
    path: '/v1/authorization/organizations/281185056586736799',
    identity: 'mu_acme_client',
    tenant: 'orgmock-demo',
    extraHeaders: { 'x-app-name': 'orgmock-demo' },
    body: (n) => ({ metadata: { n: benchName(n) } }),
  },
  {
    vendor: 'transmit',
    method: 'PUT',
    path: '/v1/organizations/uovh59ypbxkea4ir9dnqp',
    identity: 'transmit_admin_client',
    ...named('name'),
  },
];
