import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** Endpoints that take a secret in their body, with the fields a client would send. */
const ENDPOINTS: {
  vendor: string;
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  fields: Record<string, string>;
  secret: string;
  headers?: Record<string, string>;
}[] = [
  {
    vendor: 'scalekit',
    method: 'POST',
    url: '/oauth/token',
    fields: {
      grant_type: 'client_credentials',
      client_id: 'skc_58327482062864390',
      client_secret: 'test_secret_scalekit',
    },
    secret: 'test_secret_scalekit',
  },
  {
    vendor: 'transmit',
    method: 'POST',
    url: '/oidc/token',
    fields: {
      grant_type: 'client_credentials',
      client_id: 'transmit_admin_client',
      client_secret: 'transmit_admin_secret',
    },
    secret: 'transmit_admin_secret',
  },
  {
    vendor: 'gmicloud',
    method: 'POST',
    url: '/me/auth-tokens',
    fields: { email: 'owner@gmi.example', password: 'owner-password' },
    secret: 'owner-password',
  },
  {
    vendor: 'razi',
    method: 'POST',
    url: '/v1/authentication/sessions',
    fields: { email: 'owner@razi.example', password: 'manager-password' },
    secret: 'manager-password',
    headers: { 'x-app-name': 'orgmock-demo' },
  },
  {
    vendor: 'razi',
    method: 'POST',
    url: '/v1/authentication/machine-users/access-token',
    fields: { clientId: 'mu_acme_client', clientSecret: 'mu_acme_secret' },
    secret: 'mu_acme_secret',
    headers: { 'x-app-name': 'orgmock-demo' },
  },
  {
    vendor: 'junction',
    method: 'PATCH',
    url: `/v1/org/${ACME}`,
    fields: { name: 'x', api_key: 'mk_test_globex' },
    secret: 'mk_test_globex',
    headers: { 'x-management-key': 'mk_test_acme_health' },
  },
  {
    vendor: 'transmit',
    method: 'PUT',
    url: '/v1/organizations/uovh59ypbxkea4ir9dnqp',
    fields: { name: 'x', client_secret: 'transmit_reader_secret' },
    secret: 'transmit_reader_secret',
  },
];

const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  undefined,
  'application/json; charset=utf-16',
  'text/plain; charset=iso-8859-1',
  'application/octet-stream',
  'multipart/form-data; boundary=XyZ',
  'application/xml',
  'not a media type',
];

const formOf = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
/** The ways a client may encode the same fields, whatever it claims. */
const ENCODINGS: Record<string, (f: Record<string, string>) => Buffer> = {
  json: (f) => Buffer.from(JSON.stringify(f)),
  'json, pretty': (f) => Buffer.from(JSON.stringify(f, null, 2)),
  'json with a typo': (f) => Buffer.from(`${JSON.stringify(f).slice(0, -1)},}`),
  'json, cut short': (f) => Buffer.from(JSON.stringify(f).slice(0, -2)),
  'json, escaped key': (f) =>
    Buffer.from(
      JSON.stringify(f).replace(
        /"(\w)(\w*(?:secret|password|Secret|key))"/g,
        (_m, a: string, b: string) => `"\\u00${a.charCodeAt(0).toString(16)}${b}"`,
      ),
    ),
  'json, utf-16le with BOM': (f) =>
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(f), 'utf16le')]),
  'json, utf-16le without BOM': (f) => Buffer.from(JSON.stringify(f), 'utf16le'),
  form: (f) => Buffer.from(formOf(f)),
  'form, percent-encoded names': (f) =>
    Buffer.from(
      Object.entries(f)
        .map(([k, v]) => `${[...k].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}=${encodeURIComponent(v)}`)
        .join('&'),
    ),
  multipart: (f) =>
    Buffer.from(
      `${Object.entries(f)
        .map(([k, v]) => `--XyZ\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('')}--XyZ--\r\n`,
    ),
  'lines of name: value': (f) =>
    Buffer.from(
      Object.entries(f)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
    ),
};

describe('journal masking does not depend on the content type the client claimed', () => {
  const make = useApp();

  for (const e of ENDPOINTS) {
    it(`${e.vendor} ${e.method} ${e.url}: every encoding under every claimed type`, async () => {
      const { call, app } = await make();
      for (const [encoding, encode] of Object.entries(ENCODINGS)) {
        for (const type of CONTENT_TYPES) {
          app.orgmock.journal.clear();
          await call({
            method: e.method,
            url: e.url,
            headers: { ...e.headers, ...(type === undefined ? {} : { 'content-type': type }) },
            payload: encode(e.fields),
          });
          const listed = JSON.stringify(app.orgmock.journal.list());
          const shown = `${encoding} as ${type}: ${listed.slice(0, 400)}`;
          expect(app.orgmock.journal.size, shown).toBe(1);
          expect(listed.includes(e.secret), shown).toBe(false);
          // ...nor in UTF-16 with its NULs, nor percent-encoded.
          expect(
            listed.includes(JSON.stringify(Buffer.from(e.secret, 'utf16le').toString('latin1')).slice(1, -1)),
            shown,
          ).toBe(false);
        }
      }
    });
  }

  it("Junction's 422 echo of a text/plain body (its raw text as `input`) is masked too", async () => {
    const { call, app } = await make();
    for (const body of [
      '{"management_key": "mk_test_globex"}',
      'api_key=mk_test_globex',
      'client_secret: mk_test_globex',
    ]) {
      app.orgmock.journal.clear();
      const res = await call({
        method: 'PATCH',
        url: `/v1/org/${ACME}`,
        headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'text/plain' },
        payload: body,
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('mk_test_globex'); // the vendor echoes it, as FastAPI would
      const [entry] = app.orgmock.journal.list();
      expect(JSON.stringify(entry)).not.toContain('mk_test_globex');
      expect(JSON.stringify(entry!.responseBody)).toContain('***');
    }
  });

  it('what is not secret stays readable', async () => {
    const { call, app } = await make();
    await call({
      method: 'POST',
      url: '/me/auth-tokens',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: JSON.stringify({ email: 'owner@gmi.example', password: 'owner-password' }),
    });
    const [entry] = app.orgmock.journal.list();
    expect(entry!.requestBody).toEqual({ email: 'owner@gmi.example', password: '***' });
  });
});
