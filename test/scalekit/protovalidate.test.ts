import fc from 'fast-check';
import { create, getOption, hasOption, type DescMessage } from '@bufbuild/protobuf';
import { createValidator } from 'protovalidate-v1-texts';
import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import { CREATE_ORGANIZATION, UPDATE_ORGANIZATION } from '../../src/providers/scalekit/gateway.js';
import type { FieldDescriptor } from '../../src/providers/scalekit/protojson.js';
import { REGION_CODES } from '../../src/providers/scalekit/schemas.js';
import { checkFixtureOrganization, CREATE_SLUG_PATTERN } from '../../src/providers/scalekit/fixture-rules.js';
import { createRequestValidator, fieldPathString } from '../../src/providers/scalekit/protovalidate.js';
import {
  CreateOrganizationRequestSchema,
  CreateOrganizationSchema,
  UpdateOrganizationRequestSchema,
  UpdateOrganizationSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { RegionCodeSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
// protovalidate's own validate.proto, to read the rules out of the SDK's field options.
import { field as fieldRules } from '../../node_modules/@bufbuild/protovalidate/dist/esm/gen/buf/validate/validate_pb.js';
import { ACME, accessToken, bearer, json, status } from './helpers.js';
import { fcOptions } from '../reliability/arbitraries.js';

const validator = createRequestValidator();

describe('the gateway tables are the SDK descriptors (an SDK update that changes a field fails here)', () => {
  const fromSdk = (schema: DescMessage): FieldDescriptor[] =>
    schema.fields.map((f) => ({
      number: f.number,
      name: f.name,
      jsonName: f.jsonName,
      kind:
        f.fieldKind === 'map'
          ? { type: 'map' }
          : f.fieldKind === 'enum'
            ? { type: 'enum', values: f.enum.values.map((v) => v.name) }
            : { type: f.scalar === 9 ? 'string' : `scalar ${f.scalar}` },
    })) as FieldDescriptor[];

  it('UpdateOrganization and CreateOrganization: numbers, proto and JSON names, kinds', () => {
    expect(UPDATE_ORGANIZATION).toEqual(fromSdk(UpdateOrganizationSchema));
    expect(CREATE_ORGANIZATION).toEqual(fromSdk(CreateOrganizationSchema));
  });

  it('REGION_CODES: the enum values by name, each at the index of its number', () => {
    expect(RegionCodeSchema.values.map((v) => [v.number, v.name])).toEqual(REGION_CODES.map((n, i) => [i, n]));
  });

  it("fixture-rules.ts holds CreateOrganization's rules as the descriptors give them", () => {
    const rules = Object.fromEntries(
      CreateOrganizationSchema.fields
        .filter((f) => hasOption(f, fieldRules))
        .map((f) => [f.name, getOption(f, fieldRules).type]),
    );
    expect(rules).toEqual({
      display_name: { case: 'string', value: expect.objectContaining({ minLen: 1n, maxLen: 200n }) },
      metadata: {
        case: 'map',
        value: expect.objectContaining({
          maxPairs: 10n,
          keys: expect.objectContaining({
            type: { case: 'string', value: expect.objectContaining({ minLen: 3n, maxLen: 25n }) },
          }),
          values: expect.objectContaining({
            type: { case: 'string', value: expect.objectContaining({ minLen: 1n, maxLen: 256n }) },
          }),
        }),
      },
      slug: {
        case: 'string',
        value: expect.objectContaining({ minLen: 1n, maxLen: 253n, pattern: CREATE_SLUG_PATTERN }),
      },
      logo_url: { case: 'string', value: expect.objectContaining({ maxLen: 1024n }) },
    });
  });
});

describe('protovalidate on the SDK descriptors, worded as protovalidate-go v1.0.x', () => {
  it('map keys in paths quoted by strconv.Quote (protovalidate-go v1.0.1 error_utils.go line 157)', async () => {
    expect(await validator.update({ id: ACME }, { metadata: { '\x07': 'v', 'a\u00ad': 'v', 'é\u200b': 'v' } })).toEqual(
      [
        {
          field: 'organization.metadata["\\a"]',
          description: 'value length must be at least 3 characters',
          constraint: 'string.min_len',
        },
        {
          field: 'organization.metadata["a\\u00ad"]',
          description: 'value length must be at least 3 characters',
          constraint: 'string.min_len',
        },
        {
          field: 'organization.metadata["é\\u200b"]',
          description: 'value length must be at least 3 characters',
          constraint: 'string.min_len',
        },
      ],
    );
  });

  it('the path of every violation is protovalidate-es own path, written as FieldPathString writes it', () => {
    const result = createValidator().validate(
      UpdateOrganizationRequestSchema,
      create(UpdateOrganizationRequestSchema, {
        identities: { case: 'id', value: '' },
        organization: { metadata: { 'a\tb\u2028': '' } },
      }),
    );
    expect(result.kind).toBe('invalid');
    expect(result.violations!.map((v) => `${fieldPathString(v.field)}: ${v.message} [${v.ruleId}]`)).toEqual([
      'id: value length must be at least 1 characters [string.min_len]',
      'organization.metadata["a\\tb\\u2028"]: value length must be at least 1 characters [string.min_len]',
    ]);
  });

  it('logo_url has no https:// rule in the descriptors', async () => {
    expect(await validator.update({ id: ACME }, { logo_url: 'http://cdn.example.com/x.png' })).toEqual([]);
    expect(await validator.create({ display_name: 'X', logo_url: 'ftp://x' })).toEqual([]);
  });

  const text = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.string({ minLength: 195, maxLength: 260 }),
    fc.constantFrom('', 'acme', 'Acme_Corp', 'a.b-c', '-a', 'x'.repeat(63), 'é😀\u00a0'),
  );
  const org = fc.record(
    {
      display_name: text,
      metadata: fc.dictionary(text, text, { maxKeys: 12 }),
      slug: text,
      logo_url: fc.oneof(text, fc.constant(`https://${'x'.repeat(1020)}`)),
    },
    { requiredKeys: [] },
  );

  it('the fixture check and protovalidate agree, word for word', async () => {
    await fc.assert(
      fc.asyncProperty(org, async (o) => {
        const fromProtovalidate = (await validator.create(o)).map((v) => ({
          field: v.field.replace(/^organization\./, ''),
          description: v.description,
        }));
        expect(checkFixtureOrganization(o)).toEqual(fromProtovalidate);
      }),
      fcOptions(300),
    );
  });

  it('the verdict of protovalidate-es 1.3 is that of 1.1 (whose words orgmock sends)', async () => {
    const words = createValidator();
    await fc.assert(
      fc.asyncProperty(org, async (o) => {
        const message = create(CreateOrganizationRequestSchema, {
          organization: {
            displayName: o.display_name ?? '',
            metadata: o.metadata ?? {},
            slug: o.slug,
            logoUrl: o.logo_url,
          },
        });
        const worded = words.validate(CreateOrganizationRequestSchema, message);
        const violations = worded.kind === 'invalid' ? worded.violations.map((v) => fieldPathString(v.field)) : [];
        expect((await validator.check(CreateOrganizationRequestSchema, message)).map((v) => v.field)).toEqual(
          violations,
        );
      }),
      fcOptions(300),
    );
  });
});

describe('REST and gRPC share the validation', () => {
  const make = useApp();
  it('create: an unknown field is dropped (DiscardUnknown; no update_mask, so no field mask)', async () => {
    const { call } = await make();
    const token = await accessToken(call);
    const res = await call({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...bearer(token), ...json },
      payload: JSON.stringify({ display_name: 'Unknown ok', foo: { bar: [1] } }),
    });
    expect(answer(res)).toMatchObject({ status: 200, body: { organization: { display_name: 'Unknown ok' } } });
  });

  it('the REST answer carries the same violations as the validator', async () => {
    const { call } = await make();
    const token = await accessToken(call);
    const res = await call({
      method: 'PATCH',
      url: `/api/v1/organizations/${ACME}`,
      headers: { ...bearer(token), ...json },
      payload: JSON.stringify({ display_name: '', metadata: { '\u00a0': 'v' } }),
    });
    const violations = await validator.update({ id: ACME }, { display_name: '', metadata: { '\u00a0': 'v' } });
    expect(violations.map((v) => v.field)).toEqual(['organization.display_name', 'organization.metadata["\\u00a0"]']);
    expect(answer(res)).toEqual({
      status: 400,
      body: status(
        3,
        `validation error:${violations.map((v) => `\n - ${v.field}: ${v.description} [${v.constraint}]`).join('')}`,
        'INVALID_ARGUMENT',
        violations,
      ),
    });
  });
});
